import type { CommandContext, CommandRequest } from '../command/contract.ts';
import type { ButtonAction } from '../reply/customId.ts';
import { langList, langName, t } from '../reply/i18n.ts';
import { type Quote, quotesReply } from '../reply/render.ts';
import { bold, escapeMarkdown, truncate } from '../reply/text.ts';
import type { CommandReply } from '../reply/types.ts';
import type { SearchEngine } from '../search/engine.ts';
import { type UiLang, uiLangFor } from '../text/locale.ts';
import type { Lang, Passage } from '../types.ts';
import { askedLanguage, askIndex, type Found, fromAskedOrOther, otherLang } from './policy.ts';

/** Passages per reply; "More" shows the next page. */
export const PAGE = 3;

/** What every paged answer shares: who asked, in which language, what to show, which buttons. */
export interface Answer {
  /** The command whose reply this is (it declares `paging`). */
  command: string;
  /** What the buttons must search again (the question, the name, the party). */
  query: string;
  /** The articles' language asked for, if any (see policy.ts). */
  asked: Lang | undefined;
  /** The language the member chose (the `lang` option): then it is the only one quoted whenever it answers. */
  explicit: Lang | undefined;
  ui: UiLang;
  offset: number;
  hide: boolean;
  mention?: string;
}

export function answerOf(command: string, query: string, request: CommandRequest, text = query): Answer {
  const mention = request.options.mention;
  const explicit = request.options.lang === 'vi' || request.options.lang === 'zh' ? request.options.lang : undefined;
  return {
    command,
    query,
    asked: askedLanguage(text, { explicit, locale: request.locale }),
    explicit,
    ui: uiLangFor(request.locale),
    offset: request.offset ?? 0,
    hide: request.options.hide === true,
    ...(typeof mention === 'string' && mention ? { mention } : {}),
  };
}

/**
 * A superseded passage is never quoted alone: its correction follows it as a quote of its own (with its citation),
 * unless the page already shows it.
 */
export function withCorrections(engine: SearchEngine, quotes: Quote[], ui: UiLang): Quote[] {
  const out: Quote[] = [];
  const shown = new Set(quotes.map((q) => q.passage.id));
  for (const q of quotes) {
    // Where the two articles answer together, the correction may come first (policy.ts: `correctionsFirst`).
    const above = q.passage.notes.some(
      (n) => n.kind === 'corrected' && out.some((earlier) => earlier.passage.id === n.by.passage),
    );
    out.push(above ? { ...q, correctionAbove: true } : q);
    for (const note of q.passage.notes) {
      if (note.kind !== 'corrected' || shown.has(note.by.passage)) continue;
      const correction = engine.passage(note.by.passage);
      if (!correction) continue;
      shown.add(correction.id);
      const at = correction.text.indexOf(note.by.text);
      out.push({
        passage: correction,
        spans: at >= 0 ? [[at, at + note.by.text.length]] : [],
        label: t(ui, 'correctionLabel'),
        role: 'correction',
      });
    }
  }
  return out;
}

/** The passages a page shows, corrections included, in order: what /ask shows and what the eval scores. */
export function shownPassages(engine: SearchEngine, passages: Passage[], ui: UiLang = 'en'): Passage[] {
  return withCorrections(
    engine,
    passages.map((passage) => ({ passage })),
    ui,
  ).map((q) => q.passage);
}

/**
 * One page of quotes with "More" (when there is more) and "Other language" buttons; when the page is empty, the
 * "not in the sources" note saying what was searched. When the quotes come from the other language's articles
 * because the asked language's do not say, a line in the member's language says so first.
 */
export function pagedReply(
  a: Answer,
  heading: string,
  found: Found<Quote>,
  context: CommandContext,
  searched = a.query,
): CommandReply {
  const engine = context.engine();
  const lang = found.lang;
  // A list that quotes both languages (see `mix` in policy.ts).
  const mixed = found.items.some((q) => q.passage.lang !== lang);
  const page = withCorrections(engine, found.items.slice(a.offset, a.offset + PAGE), a.ui);
  const action = (kind: ButtonAction['kind'], to: Lang | undefined, offset: number): ButtonAction => ({
    kind,
    command: a.command,
    query: a.query,
    ...(to ? { lang: to } : {}),
    offset,
    ...(a.hide ? { hide: true } : {}),
  });
  const buttons: Array<{ key: 'more' | 'otherLanguage'; action: ButtonAction }> = [];
  // "More" pages on through the same list: the language the member chose, or the policy's choice made again.
  if (found.items.length > a.offset + PAGE)
    buttons.push({ key: 'more', action: action('more', a.explicit, a.offset + PAGE) });
  // "Other language" only where the list quotes one language: a list that quotes both pages on through both.
  if (!mixed) buttons.push({ key: 'otherLanguage', action: action('other-lang', otherLang(lang), 0) });
  const options = { ui: a.ui, hide: a.hide, buttons, ...(a.mention ? { mention: a.mention } : {}) };
  if (page.length === 0) {
    const searchedLangs: Lang[] = found.asked ? [found.asked, otherLang(found.asked)] : ['vi', 'zh'];
    const text =
      a.offset > 0
        ? t(a.ui, 'nothingMore')
        : t(a.ui, 'notInSources', { query: truncate(searched, 200), langs: langList(a.ui, searchedLangs) });
    return {
      ...quotesReply(escapeMarkdown(text), [], (id) => engine.source(id), options),
      outcome: a.offset > 0 ? 'answered' : 'not-in-sources',
    };
  }
  // The other language's articles answer instead: because the asked one's do not say, or say it less closely (then,
  // on a list that quotes both, they come first).
  const closerKey = mixed ? 'otherLangCloserFirst' : 'otherLangCloser';
  const intro =
    found.fallback && found.asked
      ? `${escapeMarkdown(t(a.ui, found.closer ? closerKey : 'otherLangFallback', { lang: langName(a.ui, found.asked), otherLang: langName(a.ui, lang) }))}\n`
      : '';
  const reply = quotesReply(intro + heading, page, (id) => engine.source(id), options);
  return { ...reply, outcome: found.fallback ? 'other-language' : 'answered' };
}

/** `**From the sources** — “question”` */
export function heading(title: string, subject: string): string {
  return `${bold(escapeMarkdown(title))} — “${escapeMarkdown(truncate(subject, 200))}”`;
}

/**
 * Quotes from another language than the asked one carry that language as their label and role; a page of them is
 * introduced by the line saying the asked language's articles do not state it. (Among the asked language's own,
 * /ask may quote the other's too: see `mix` in policy.ts.)
 */
export function labelled(found: Found<Quote>, ui: UiLang): Found<Quote> {
  const other = (q: Quote) => found.asked !== undefined && q.passage.lang !== found.asked;
  if (!found.items.some(other)) return found;
  return {
    ...found,
    items: found.items.map((q) =>
      other(q)
        ? {
            ...q,
            label: q.label ? `${q.label} · ${langName(ui, q.passage.lang)}` : langName(ui, q.passage.lang),
            role: 'other-language' as const,
          }
        : q,
    ),
  };
}

/** Any list of quotes by the policy: the asked language's when it has some, else the other's, labelled. */
export function quotesByPolicy(a: Answer, find: (lang: Lang) => Quote[], defaultLang: Lang): Found<Quote> {
  return labelled(
    fromAskedOrOther(a.asked ?? defaultLang, find, {
      score: () => 0,
      lang: (q) => q.passage.lang,
      fallbackLang: defaultLang,
    }),
    a.ui,
  );
}

/** Nothing to show: "not in the sources", for a name or party the corpus does not know. */
export function nothingFound(a: Answer, defaultLang: Lang): Found<Quote> {
  return { items: [], lang: a.asked ?? defaultLang, fallback: false, asked: a.asked };
}

/** /ask and its buttons: the index's best passages for the question, by the answer policy. */
export function answerFromIndex(question: string, request: CommandRequest, context: CommandContext): CommandReply {
  const a = answerOf('ask', question, request);
  const found = askIndex(context.engine(), question, {
    explicit: a.explicit,
    locale: request.locale,
    limit: a.offset + PAGE + 1,
    defaultLang: context.defaultLang,
  });
  const quotes: Found<Quote> = { ...found, items: found.items.map((h) => ({ passage: h.passage, spans: h.spans })) };
  return pagedReply(a, heading(t(a.ui, 'answerHeading'), question), labelled(quotes, a.ui), context);
}
