import type { CommandContext, CommandRequest } from '../command/contract.ts';
import type { CommandReply } from '../reply/types.ts';
import { answerLang, otherLang } from './lang.ts';
import type { ButtonAction } from '../reply/customId.ts';
import { langList, t } from '../reply/i18n.ts';
import { uiLangFor, type UiLang } from '../text/locale.ts';
import { type Quote, quotesReply } from '../reply/render.ts';
import { bold, escapeMarkdown, truncate } from '../reply/text.ts';
import type { Lang } from '../types.ts';

/** Passages per reply; "More" shows the next page. */
export const PAGE = 3;

type Paged = 'ask' | 'stake' | 'who';

/** What every paged answer shares: who asked, in which language, what to show, which buttons. */
export interface Answer {
  command: Paged;
  /** What the buttons must search again (the question, the name, the party). */
  query: string;
  lang: Lang;
  ui: UiLang;
  offset: number;
  hide: boolean;
  mention?: string;
}

export function answerOf(command: Paged, query: string, request: CommandRequest, context: CommandContext): Answer {
  const mention = request.options.mention;
  return {
    command,
    query,
    lang: answerLang(request.options.lang, query, request.locale, context.defaultLang),
    ui: uiLangFor(request.locale),
    offset: request.offset ?? 0,
    hide: request.options.hide === true,
    ...(typeof mention === 'string' && mention ? { mention } : {}),
  };
}

/**
 * One page of quotes with "More" (when there is more) and "Other language" buttons; when the page is
 * empty, the "not in the sources" note saying what was searched.
 */
export function pagedReply(
  a: Answer,
  heading: string,
  all: Quote[],
  context: CommandContext,
  searched = a.query,
): CommandReply {
  const engine = context.engine();
  const page = all.slice(a.offset, a.offset + PAGE);
  const action = (kind: ButtonAction['kind'], lang: Lang, offset: number): ButtonAction => ({
    kind,
    command: a.command,
    query: a.query,
    lang,
    offset,
    ...(a.hide ? { hide: true } : {}),
  });
  const buttons: Array<{ key: 'more' | 'otherLanguage'; action: ButtonAction }> = [];
  if (all.length > a.offset + PAGE) buttons.push({ key: 'more', action: action('more', a.lang, a.offset + PAGE) });
  buttons.push({ key: 'otherLanguage', action: action('other-lang', otherLang(a.lang), 0) });
  const options = { ui: a.ui, hide: a.hide, buttons, ...(a.mention ? { mention: a.mention } : {}) };
  if (page.length === 0) {
    const text =
      a.offset > 0
        ? t(a.ui, 'nothingMore')
        : t(a.ui, 'notInSources', { query: truncate(searched, 200), langs: langList(a.ui, [a.lang]) });
    return {
      ...quotesReply(escapeMarkdown(text), [], (id) => engine.source(id), options),
      outcome: a.offset > 0 ? 'answered' : 'not-in-sources',
    };
  }
  const outcome = page.some((q) => q.role === 'other-language') ? 'other-language' : 'answered';
  return { ...quotesReply(heading, page, (id) => engine.source(id), options), outcome };
}

/** `**From the sources** — “question”` */
export function heading(title: string, subject: string): string {
  return `${bold(escapeMarkdown(title))} — “${escapeMarkdown(truncate(subject, 200))}”`;
}

/** /ask and its buttons: the index's best passages for the question. */
export function answerFromIndex(
  command: 'ask',
  question: string,
  request: CommandRequest,
  context: CommandContext,
): CommandReply {
  const a = answerOf(command, question, request, context);
  const hits = context.engine().search(question, { lang: a.lang, limit: a.offset + PAGE + 1 });
  return pagedReply(
    a,
    heading(t(a.ui, 'answerHeading'), question),
    hits.map((h) => ({ passage: h.passage, spans: h.spans })),
    context,
  );
}
