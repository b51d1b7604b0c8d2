import { ApplicationCommandOptionType, InteractionContextType } from '../src/reply/discord.ts';
import {
  FileNotReadableError,
  FileTooLargeError,
  type Command,
  type CommandContext,
  type CommandRequest,
  type CorpusAdmin,
} from '../src/command/contract.ts';
import type { CommandReply } from '../src/reply/types.ts';
import { CorpusError } from '../src/corpus/load.ts';
import { CorpusBusyError, CorpusChangeError, CorpusUnavailableError, MAX_ARTICLE_BYTES } from '../src/store/changes.ts';
import { described } from '../src/command/options.ts';
import { t } from '../src/reply/i18n.ts';
import { uiLangFor, type UiLang } from '../src/text/locale.ts';
import { MANAGE_GUILD_PERMISSION } from '../src/reply/limits.ts';
import { busyReply, corpusChangeReply, corpusStatusReply, errorReply, problemsReply } from '../src/reply/render.ts';
import { truncate } from '../src/reply/text.ts';
import { insightsReply } from '../src/reply/insights.ts';
import { VIAS } from '../src/feedback/types.ts';

/**
 * /corpus status | reload | add file:<attachment> [replace] | remove source:<autocomplete>, for moderators.
 * Discord hides it from members without Manage Guild (`default_member_permissions`), but server admins can
 * change that, so the handler checks again. Every reply is private.
 */

function refusal(ui: UiLang, err: unknown, what: string, context: CommandContext): CommandReply {
  if (err instanceof CorpusBusyError) return busyReply(ui, err.holder);
  if (err instanceof CorpusUnavailableError) {
    // The moderator learns that nothing changed; the log gets why.
    context.report?.(err);
    return errorReply(ui, 'corpusUnavailable');
  }
  if (err instanceof CorpusError) return problemsReply(ui, what, err.problems);
  if (err instanceof FileTooLargeError)
    return errorReply(ui, 'fileTooLarge', { file: err.file, size: err.size, max: err.max });
  if (err instanceof CorpusChangeError) {
    switch (err.reason) {
      case 'badName':
        return errorReply(ui, 'badFileName', { file: what });
      case 'exists':
        return errorReply(ui, 'fileExists', { file: what });
      case 'unknownSource':
        return errorReply(ui, 'unknownSource', { source: what });
      case 'tooLarge':
        return errorReply(ui, 'fileTooLarge', { file: what, size: `> ${MAX_ARTICLE_BYTES}`, max: MAX_ARTICLE_BYTES });
    }
  }
  throw err;
}

async function add(
  request: CommandRequest,
  ui: UiLang,
  by: string,
  context: CommandContext,
  store: CorpusAdmin,
): Promise<CommandReply> {
  const file = request.files?.file;
  if (!file) return errorReply(ui, 'missingOption', { option: 'file' });
  const name = truncate(file.name, 100);
  try {
    if (file.size !== undefined && file.size > MAX_ARTICLE_BYTES)
      throw new FileTooLargeError(name, file.size, MAX_ARTICLE_BYTES);
    let bytes: Uint8Array;
    try {
      bytes = await file.read(MAX_ARTICLE_BYTES);
    } catch (err) {
      if (err instanceof FileTooLargeError) throw err;
      if (err instanceof FileNotReadableError)
        return errorReply(ui, 'fileNotFound', { file: truncate(err.file, 200), reason: err.reason });
      // A timeout, a 403 and a refused connection read the same to the moderator; the log tells them apart.
      return errorReply(ui, 'fileUnreadable', { file: name, id: context.report?.(err) ?? '-' });
    }
    const replace = request.options.replace === true;
    const done = await store.add({ name: file.name, bytes }, { replace, by });
    return corpusChangeReply(t(ui, done.replaced ? 'corpusReplaced' : 'corpusAdded', { file: done.file }), done, ui);
  } catch (err) {
    return refusal(ui, err, name, context);
  }
}

export default {
  data: {
    name: 'corpus',
    ...described('Moderators: see and change the articles the bot answers from', {
      vi: 'Người kiểm duyệt: xem và thay đổi các bài viết làm nguồn',
      'zh-CN': '管理员：查看和更改机器人所依据的文章',
      'zh-TW': '管理員：查看和變更機器人所依據的文章',
    }),
    default_member_permissions: MANAGE_GUILD_PERMISSION,
    contexts: [InteractionContextType.Guild],
    options: [
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'status',
        ...described('Articles, passages, entities, and when the index was loaded', {
          vi: 'Bài viết, đoạn trích, thực thể và thời điểm nạp chỉ mục',
          'zh-CN': '文章、段落、实体以及索引的加载时间',
          'zh-TW': '文章、段落、實體以及索引的載入時間',
        }),
      },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'reload',
        ...described('Re-read the corpus folder; a broken folder changes nothing', {
          vi: 'Đọc lại thư mục kho dữ liệu; thư mục lỗi sẽ không thay đổi gì',
          'zh-CN': '重新读取语料库文件夹；文件有误时不做任何更改',
          'zh-TW': '重新讀取語料庫資料夾；檔案有誤時不做任何變更',
        }),
      },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'add',
        ...described('Add an article: a .md file with front matter', {
          vi: 'Thêm bài viết: tệp .md có front matter',
          'zh-CN': '添加文章：带 front matter 的 .md 文件',
          'zh-TW': '新增文章：帶 front matter 的 .md 檔案',
        }),
        options: [
          {
            type: ApplicationCommandOptionType.Attachment,
            name: 'file',
            ...described('The article (<source-id>.md, UTF-8, at most 512 KiB)', {
              vi: 'Bài viết (<mã-nguồn>.md, UTF-8, tối đa 512 KiB)',
              'zh-CN': '文章（<来源编号>.md，UTF-8，最大 512 KiB）',
              'zh-TW': '文章（<來源編號>.md，UTF-8，最大 512 KiB）',
            }),
            required: true,
          },
          {
            type: ApplicationCommandOptionType.Boolean,
            name: 'replace',
            ...described('Replace an article with the same name', {
              vi: 'Thay thế bài viết cùng tên',
              'zh-CN': '替换同名文章',
              'zh-TW': '取代同名文章',
            }),
          },
        ],
      },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'insights',
        ...described('What members could not find: unanswered and 👎 questions, 👍/👎 per article', {
          vi: 'Điều thành viên không tìm thấy: câu hỏi chưa trả lời, bị 👎, 👍/👎 theo bài',
          'zh-CN': '成员没找到的内容：未回答和被 👎 的问题，各文章的 👍/👎',
          'zh-TW': '成員沒找到的內容：未回答和被 👎 的問題，各文章的 👍/👎',
        }),
        options: [
          {
            type: ApplicationCommandOptionType.Integer,
            name: 'days',
            ...described('How many days back (default 7)', {
              vi: 'Bao nhiêu ngày trở lại (mặc định 7)',
              'zh-CN': '往前多少天（默认 7）',
              'zh-TW': '往前多少天（預設 7）',
            }),
            min_value: 1,
            max_value: 3650,
          },
          {
            type: ApplicationCommandOptionType.String,
            name: 'via',
            ...described('Only answers given this way', {
              vi: 'Chỉ các câu trả lời qua kênh này',
              'zh-CN': '仅限通过此途径的回答',
              'zh-TW': '僅限透過此途徑的回答',
            }),
            choices: VIAS.map((v) => ({ name: v, value: v })),
          },
        ],
      },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'remove',
        ...described('Remove an article (kept in .trash)', {
          vi: 'Xóa một bài viết (được giữ trong .trash)',
          'zh-CN': '删除文章（保存在 .trash 中）',
          'zh-TW': '刪除文章（保存在 .trash 中）',
        }),
        options: [
          {
            type: ApplicationCommandOptionType.String,
            name: 'source',
            ...described('The article to remove', {
              vi: 'Bài viết cần xóa',
              'zh-CN': '要删除的文章',
              'zh-TW': '要刪除的文章',
            }),
            required: true,
            autocomplete: true,
            max_length: 100,
          },
        ],
      },
    ],
  },
  private: true,
  // A refusal is immediate; a change may read and index files for a while.
  slow: (request) => request.canModerate && request.subcommand !== 'status',
  async execute(request, context) {
    const ui = uiLangFor(request.locale);
    if (!request.canModerate) return errorReply(ui, 'noPermission');
    const store = context.store;
    if (!store) return errorReply(ui, 'noStore');
    const by = request.user ?? 'unknown';
    switch (request.subcommand) {
      case 'status':
        return corpusStatusReply(store.status(), ui);
      case 'reload':
        try {
          const done = await store.reload(by);
          return corpusChangeReply(t(ui, 'corpusReloaded'), done, ui);
        } catch (err) {
          return refusal(ui, err, store.dir, context);
        }
      case 'add':
        return add(request, ui, by, context, store);
      case 'insights': {
        if (!context.feedback) return errorReply(ui, 'noFeedback');
        const days = typeof request.options.days === 'number' ? request.options.days : 7;
        const via = VIAS.find((v) => v === request.options.via);
        try {
          const insights = await context.feedback.insights({ days, ...(via ? { via } : {}) });
          return insightsReply(insights, ui, (id) => context.engine().source(id));
        } catch (err) {
          return errorReply(ui, 'feedbackUnreadable', { id: context.report?.(err) ?? '-' });
        }
      }
      case 'remove': {
        const source = String(request.options.source ?? '').trim();
        try {
          const done = await store.remove(source, by);
          return corpusChangeReply(t(ui, 'corpusRemoved', { source }), done, ui);
        } catch (err) {
          return refusal(ui, err, err instanceof CorpusError ? `${store.dir} − ${source}` : source, context);
        }
      }
      default:
        return errorReply(ui, 'unknownCommand', { command: `corpus ${request.subcommand ?? ''}`.trim() });
    }
  },
  autocomplete(request, context) {
    if (!request.canModerate || request.focused.name !== 'source') return [];
    const typed = request.focused.value.trim().toLowerCase();
    return context
      .engine()
      .corpus.sources.filter((s) => !typed || s.id.includes(typed) || s.title.toLowerCase().includes(typed))
      .slice(0, 25)
      .map((s) => ({ name: truncate(`${s.id} · ${s.title}`, 100), value: s.id }));
  },
} satisfies Command;
