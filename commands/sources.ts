import type { Command } from '../src/command/contract.ts';
import { described } from '../src/command/options.ts';
import { uiLangFor } from '../src/text/locale.ts';
import { sourcesReply } from '../src/reply/render.ts';

/** /sources: the articles the bot answers from. */
export default {
  data: {
    name: 'sources',
    ...described('List the articles the answers come from', {
      vi: 'Danh sách bài viết làm nguồn trả lời',
      'zh-CN': '列出回答所依据的文章',
      'zh-TW': '列出回答所依據的文章',
    }),
  },
  cacheable: true,
  execute(request, context) {
    return sourcesReply(context.engine().corpus.sources, { ui: uiLangFor(request.locale) });
  },
} satisfies Command;
