import { hyperlink, time, TimestampStyles, userMention } from '@discordjs/formatters';
import type { APIActionRowComponent, APIButtonComponent, APIEmbed, APIEmbedField } from 'discord-api-types/v10';
import { ButtonStyle, ComponentType, MessageFlags } from './discord.ts';
import type { ChangeSummary, CorpusStatus, LockHolder, Passage, SearchHit, Source } from '../types.ts';
import { type ButtonAction, encodeCustomId } from './customId.ts';
import type { UiLang } from '../text/locale.ts';
import { langName, type MessageKey, t } from './i18n.ts';
import {
  MAX_BUTTON_LABEL,
  MAX_CONTENT,
  MAX_EMBED_TITLE,
  MAX_EMBED_DESCRIPTION,
  MAX_EMBED_FIELDS,
  MAX_EMBEDS,
  MAX_EMBEDS_TOTAL,
  MAX_FIELD_NAME,
  MAX_FIELD_VALUE,
  MAX_FOOTER,
} from './limits.ts';
import { bold, codePointLength, escapeMarkdown, highlight, truncate } from './text.ts';
import type { Citation, CommandReply } from './types.ts';
import { stripControls } from '../text/controls.ts';
import { MAX_URL_LENGTH } from '../corpus/schema.ts';

/**
 * The one place that builds Discord message payloads. Every reply goes through here: it escapes
 * corpus and user text, keeps every part within Discord's limits (counted in code points), and sets
 * allowed_mentions so that nothing pings anyone except a user the command was asked to mention.
 */

const LANG_COLOR = { vi: 0xda251d, zh: 0xffcc00 } as const;
/** Room kept free in the 6000-character embed total: a margin, as every part of a quote is counted in its budget. */
const EMBED_HEADROOM = 400;

export interface ReplyOptions {
  ui: UiLang;
  /** Only the asker sees it. */
  hide?: boolean;
  /** A user id to mention: the only mention the message may make. */
  mention?: string;
}

/** A passage to quote, with what to bold and an optional label ("Description"). */
export interface Quote {
  passage: Passage;
  spans?: SearchHit['spans'];
  label?: string;
  /** Why it is quoted (default `answer`): see {@link Citation.role}. */
  role?: Citation['role'];
  /** Its correction is quoted before it on the page (the note then says "above"). */
  correctionAbove?: boolean;
}

/**
 * `value` (a payload, autocomplete choices) with every control character taken out of its text, tab and newline
 * aside: corpus and member text can hold them (NUL, ESC, BEL), and neither Discord nor a terminal should get
 * them. Lengths only shrink, so every limit the builders kept still holds. Text that was something and is blank
 * once they are out becomes `—`, since Discord refuses a blank field, label or title where text is required.
 */
export function withoutControls<T>(value: T): T {
  if (typeof value === 'string') {
    const clean = stripControls(value);
    return (clean.trim() === '' && value.trim() !== '' ? '—' : clean) as T;
  }
  if (Array.isArray(value)) return value.map((v: unknown) => withoutControls(v)) as T;
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutControls(v)])) as T;
  return value;
}

function base(content: string, o: ReplyOptions, error = false): CommandReply['payload'] {
  const mention = o.mention && /^\d{1,25}$/.test(o.mention) ? o.mention : undefined;
  const prefix = mention ? `${userMention(mention)} ` : '';
  return {
    content: prefix + truncate(content, MAX_CONTENT - codePointLength(prefix)),
    allowed_mentions: mention ? { parse: [], users: [mention] } : { parse: [] },
    ...(o.hide || error ? { flags: MessageFlags.Ephemeral } : {}),
  };
}

/** A short message from the bot itself (already in the user's language); errors are always private. */
export function messageReply(text: string, o: ReplyOptions & { error?: boolean }): CommandReply {
  return {
    payload: base(escapeMarkdown(text), o, o.error),
    citations: [],
    ...(o.error ? { error: true, outcome: 'refused' as const } : {}),
  };
}

/** An error in the user's language, private. */
export function errorReply(ui: UiLang, key: MessageKey, params: Record<string, string | number> = {}): CommandReply {
  const text = (t as (u: UiLang, k: MessageKey, p?: Record<string, string | number>) => string)(ui, key, params);
  return messageReply(text, { ui, error: true });
}

/** Whether only the asker sees the message. */
export function isPrivate(payload: CommandReply['payload']): boolean {
  return payload.flags !== undefined && (payload.flags & MessageFlags.Ephemeral) !== 0;
}

/**
 * The body that edits a sent message into `payload`. An edit replaces the whole message, so parts the payload
 * lacks are sent empty rather than left as they were; visibility was fixed when the message was first sent.
 */
export function editPayload(payload: CommandReply['payload']): CommandReply['payload'] {
  return {
    content: payload.content ?? '',
    embeds: payload.embeds ?? [],
    components: payload.components ?? [],
    ...(payload.attachments ? { attachments: payload.attachments } : {}),
    allowed_mentions: {
      parse: [],
      ...(payload.allowed_mentions?.users ? { users: payload.allowed_mentions.users } : {}),
    },
  };
}

/**
 * The body that turns the message whose button was pressed into `payload` (an update, or an edit after a deferred
 * update): as an edit, and files the new page lacks are removed, since the pressed page may have had some (the
 * /stake chart). Visibility stays the pressed message's.
 */
export function updatePayload(payload: CommandReply['payload']): CommandReply['payload'] {
  return { ...editPayload(payload), attachments: payload.attachments ?? [] };
}

function safeUrl(url: string): string {
  return url.replace(/[()\s<>]/g, (c) => encodeURIComponent(c));
}

/** Longest title a citation shows. */
const MAX_CITATION_TITLE = 120;

/**
 * `[Title](url) · ¶ 3 · Tiếng Việt`, in at most `room` code points: past it the link is left out, then the title
 * shortened.
 */
export function citationLine(source: Source, passage: Passage, ui: UiLang, room = Infinity): string {
  const tail = ` · ${t(ui, 'paragraph', { n: passage.ordinal })} · ${langName(ui, passage.lang)}`;
  const url = safeUrl(source.url);
  const title = escapeMarkdown(truncate(source.title, MAX_CITATION_TITLE));
  const linked = `${hyperlink(title, url)}${tail}`;
  // The loader refuses a longer url; one that comes some other way is left out, not sent.
  if (codePointLength(url) <= MAX_URL_LENGTH && codePointLength(linked) <= room) return linked;
  const plain = `${title}${tail}`;
  if (codePointLength(plain) <= room) return plain;
  // Escaping at most doubles the title.
  const short = escapeMarkdown(truncate(source.title, Math.floor((room - codePointLength(tail)) / 2)));
  return truncate(`${short}${tail}`, room);
}

/**
 * What the source retracted beside a passage, the correction that supersedes it, and that it stands under a picture:
 * one line each.
 */
function noteLines(passage: Passage, ui: UiLang, correctionAbove = false): string[] {
  // The correction first: if the room runs out, it is what must be seen beside the passage it corrects.
  const corrections = passage.notes.flatMap((n) =>
    n.kind === 'corrected'
      ? [`⚠️ ${escapeMarkdown(t(ui, correctionAbove ? 'correctedAbove' : 'correctedBelow'))}`]
      : [],
  );
  const retractions = passage.notes.flatMap((n) =>
    n.kind === 'retracted' && n.text.trim()
      ? [`~~${escapeMarkdown(truncate(n.text, 300))}~~ *(${escapeMarkdown(t(ui, 'retracted'))})*`]
      : [],
  );
  const captions = passage.notes.some((n) => n.kind === 'caption') ? [`🖼️ *${escapeMarkdown(t(ui, 'caption'))}*`] : [];
  return [...corrections, ...retractions, ...captions];
}

/**
 * One quoted passage in at most `budget` code points of embed text, everything counted: the snippet, the notes
 * beside it (corrections and retractions, however many), the citation and the footer label. The notes take at
 * most half of what the citation leaves, then `… +N`; the snippet takes the rest.
 */
function quoteEmbed(q: Quote, source: Source, ui: UiLang, budget: number): APIEmbed {
  const label = q.label ? truncate(q.label, Math.min(MAX_FOOTER, Math.floor(budget / 4))) : '';
  const room = Math.min(budget - codePointLength(label), MAX_EMBED_DESCRIPTION);
  const cite = citationLine(source, q.passage, ui, Math.floor(room / 3));
  const left = room - codePointLength(cite) - 2;
  // `… +N` may follow the lines that fit: keep room for it.
  const notes = fitLines(noteLines(q.passage, ui, q.correctionAbove), Math.floor(left / 2) - 12).join('\n');
  const snippet = highlight(
    q.passage.text,
    q.spans ?? [],
    Math.max(1, left - (notes ? codePointLength(notes) + 1 : 0)),
  );
  const embed: APIEmbed = {
    description: [snippet, notes].filter(Boolean).join('\n') + `\n\n${cite}`,
    color: LANG_COLOR[q.passage.lang],
  };
  if (label) embed.footer = { text: label };
  return embed;
}

function button(label: string, action: ButtonAction): APIButtonComponent {
  return {
    type: ComponentType.Button,
    style: ButtonStyle.Secondary,
    label: truncate(label, MAX_BUTTON_LABEL),
    custom_id: encodeCustomId(action),
  };
}

/**
 * Quoted passages with their citations: a heading, one embed per passage, optional buttons.
 * `lookup` finds each passage's source.
 */
export function quotesReply(
  heading: string,
  quotes: Quote[],
  lookup: (id: string) => Source | undefined,
  o: ReplyOptions & { buttons?: Array<{ key: 'more' | 'otherLanguage'; action: ButtonAction }> },
): CommandReply {
  const shown = quotes.filter((q) => lookup(q.passage.source)).slice(0, MAX_EMBEDS);
  const budget = Math.floor((MAX_EMBEDS_TOTAL - EMBED_HEADROOM) / Math.max(1, shown.length));
  const payload = base(heading, o);
  payload.embeds = shown.map((q) => quoteEmbed(q, lookup(q.passage.source)!, o.ui, budget));
  if (o.buttons?.length) {
    const row: APIActionRowComponent<APIButtonComponent> = {
      type: ComponentType.ActionRow,
      components: o.buttons.map((b) => button(t(o.ui, b.key), b.action)),
    };
    payload.components = [row];
  }
  const citations: Citation[] = shown.map(({ passage: p, role }) => {
    const source = lookup(p.source)!;
    return {
      source: p.source,
      passage: p.id,
      lang: p.lang,
      text: p.text,
      url: source.url,
      title: source.title,
      paragraph: p.ordinal,
      role: role ?? 'answer',
    };
  });
  return { payload, citations };
}

/** The articles: title, language, publisher, date, link; as many as fit in one message, then a count of the rest. */
export function sourcesReply(sources: Source[], o: ReplyOptions): CommandReply {
  const payload = base(`${bold(escapeMarkdown(t(o.ui, 'sources')))} (${sources.length})`, o);
  const title = truncate(t(o.ui, 'sources'), MAX_EMBED_TITLE);
  // Every embed character counts towards the 6000 of a message: stop adding fields before the total would pass it.
  let budget = MAX_EMBEDS_TOTAL - codePointLength(title) - 32;
  const fields: APIEmbedField[] = [];
  for (const s of sources.slice(0, MAX_EMBED_FIELDS)) {
    const field = {
      // Discord refuses a field name that is empty once trimmed.
      name: truncate(s.title.trim(), MAX_FIELD_NAME) || s.id,
      value:
        truncate(
          [langName(o.ui, s.lang), s.publisher, s.published]
            .filter(Boolean)
            .map((x) => escapeMarkdown(String(x)))
            .join(' · '),
          MAX_FIELD_VALUE - 400,
        ) + `\n${safeUrl(s.url).slice(0, 380)}`,
    };
    const cost = codePointLength(field.name) + codePointLength(field.value);
    if (cost > budget) break;
    budget -= cost;
    fields.push(field);
  }
  const embed: APIEmbed = { title, fields };
  if (fields.length < sources.length) embed.footer = { text: `… +${sources.length - fields.length}` };
  payload.embeds = [embed];
  return { payload, citations: [] };
}

// ── Moderators' corpus replies (always private) ────────────────────────────────────────────────────────────────

/** A Discord user id is shown as a mention (which pings no one: allowed_mentions stays empty); anything else as text. */
function who(by: string): string {
  // Discord refuses a field value that is empty once trimmed.
  return /^\d{17,20}$/.test(by) ? userMention(by) : escapeMarkdown(truncate(by.trim(), 100)) || '—';
}

/** As many of `lines` as fit in `room` code points (joined by newlines), then `… +N` for the rest. */
function fitLines(lines: string[], room: number): string[] {
  const out: string[] = [];
  let used = 0;
  for (const [i, line] of lines.entries()) {
    const cost = codePointLength(line) + 1;
    if (used + cost > room) {
      out.push(`… +${lines.length - i}`);
      break;
    }
    out.push(line);
    used += cost;
  }
  return out;
}

function listValue(lines: string[]): string {
  return fitLines(lines, MAX_FIELD_VALUE - 16).join('\n') || '—';
}

function articlesField(s: CorpusStatus, ui: UiLang): APIEmbedField {
  return {
    name: `${t(ui, 'articles')} (${s.articles.length})`,
    value: listValue(
      s.articles.map((a) => `\`${a.id}\` · ${escapeMarkdown(truncate(a.title, 80))} · ${a.lang} · ${a.passages}`),
    ),
  };
}

/** When the index was loaded, by whom, from where. */
function loadFields(s: CorpusStatus, ui: UiLang): APIEmbedField[] {
  return [
    { name: t(ui, 'loadedAt'), value: time(s.loadedAt, TimestampStyles.LongDateShortTime), inline: true },
    { name: t(ui, 'loadedBy'), value: who(s.loadedBy), inline: true },
    { name: t(ui, 'corpusVersion'), value: String(s.version), inline: true },
    {
      name: t(ui, s.store === 'postgres' ? 'corpusDatabase' : 'corpusWhere'),
      value: `\`${truncate(s.dir, 200).replace(/`/g, "'")}\``,
      inline: true,
    },
  ];
}

function statusFields(s: CorpusStatus, ui: UiLang): APIEmbedField[] {
  return [
    articlesField(s, ui),
    { name: t(ui, 'passages'), value: String(s.passages), inline: true },
    { name: t(ui, 'entities'), value: String(s.entities), inline: true },
    ...loadFields(s, ui),
  ];
}

/** /corpus status. */
export function corpusStatusReply(s: CorpusStatus, ui: UiLang): CommandReply {
  const payload = base(bold(escapeMarkdown(t(ui, 'corpus'))), { ui, hide: true });
  payload.embeds = [{ title: truncate(t(ui, 'corpus'), MAX_EMBED_TITLE), fields: statusFields(s, ui) }];
  return { payload, citations: [] };
}

/** The result of a reload, add or remove: what changed, then the state after it. */
export function corpusChangeReply(headline: string, c: ChangeSummary, ui: UiLang): CommandReply {
  const lines = [
    headline,
    c.unchanged ? t(ui, 'corpusUnchanged') : '',
    c.otherFilesChanged ? t(ui, 'otherFilesChanged') : '',
  ].filter(Boolean);
  const payload = base(escapeMarkdown(lines.join('\n')), { ui, hide: true });
  const fields: APIEmbedField[] = [];
  const ids = (list: string[]) => listValue(list.map((id) => `\`${id}\``));
  if (c.added.length) fields.push({ name: t(ui, 'added'), value: ids(c.added), inline: true });
  if (c.removed.length) fields.push({ name: t(ui, 'removed'), value: ids(c.removed), inline: true });
  if (c.changed.length) fields.push({ name: t(ui, 'changed'), value: ids(c.changed), inline: true });
  fields.push({
    name: t(ui, 'passagesDelta', { added: c.passagesAdded, removed: c.passagesRemoved }),
    value: `${t(ui, 'passages')}: ${c.status.passages} · ${t(ui, 'articles')}: ${c.status.articles.length}`,
  });
  payload.embeds = [
    { title: truncate(t(ui, 'corpus'), MAX_EMBED_TITLE), fields: [...fields, ...loadFields(c.status, ui)] },
  ];
  return { payload, citations: [] };
}

/** Marks where Markdown goes into a sentence of ours. */
const SLOT = '\uE000';

/** `sentence` escaped, with `markdown` (already safe) in place of its SLOT. */
function around(sentence: string, markdown: string): string {
  return sentence
    .split(SLOT)
    .map((piece) => escapeMarkdown(piece))
    .join(markdown);
}

/** A change refused because another one holds the corpus: who (as far as is known), which process, since when. */
export function busyReply(ui: UiLang, holder: LockHolder | undefined): CommandReply {
  const parts = [
    holder?.by ? who(truncate(holder.by, 100)) : '',
    holder?.pid !== undefined
      ? escapeMarkdown(t(ui, 'holderProcess', { pid: String(holder.pid), host: truncate(holder.host ?? '?', 100) }))
      : '',
    holder?.since
      ? around(t(ui, 'holderSince', { time: SLOT }), `<t:${Math.floor(holder.since.getTime() / 1000)}:T>`)
      : '',
  ].filter(Boolean);
  if (!parts.length) return errorReply(ui, 'corpusBusy');
  const text = around(t(ui, 'corpusBusyHeld', { holder: SLOT }), parts.join(' · '));
  return { payload: base(text, { ui }, true), citations: [], error: true, outcome: 'refused' };
}

/** A change refused because the files have problems: each problem listed, nothing changed. */
export function problemsReply(ui: UiLang, what: string, problems: string[]): CommandReply {
  const payload = base(escapeMarkdown(t(ui, 'corpusNothingChanged', { what })), { ui }, true);
  const lines = fitLines(
    problems.map((p) => `- ${escapeMarkdown(truncate(p, 600))}`),
    MAX_EMBED_DESCRIPTION - 32,
  );
  payload.embeds = [{ description: lines.join('\n'), color: 0xed4245 }];
  return { payload, citations: [], error: true };
}
