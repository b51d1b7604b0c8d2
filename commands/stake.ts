import { ApplicationCommandOptionType } from '../src/reply/discord.ts';
import type { Command, CommandContext } from '../src/command/contract.ts';
import { answerOf, heading, nothingFound, pagedReply, quotesByPolicy } from '../src/answers/paged.ts';
import { entityChoices, resolveEntity } from '../src/answers/entities.ts';
import { withStakeChart } from '../src/answers/stake-figures.ts';
import { described, hideOption, langOption } from '../src/command/options.ts';
import { t } from '../src/reply/i18n.ts';
import type { Quote } from '../src/reply/render.ts';
import type { SearchEngine } from '../src/search/engine.ts';
import { mergeSpans } from '../src/search/highlight.ts';
import type { Lang, Passage } from '../src/types.ts';

/** A stated share: `48%`, `15.2%`, `48 %`. */
const FIGURE = /\d+(?:[.,]\d+)?\s?%/g;

/** Ownership vocabulary, from the glossary: the question /stake asks of the index. */
function stakeQuery(engine: SearchEngine): string {
  const terms = engine.corpus.glossary.filter((g) => g.id === 'stake' || g.id === 'joint-venture');
  return terms.flatMap((g) => [...g.forms.vi, ...g.forms.zh, ...g.forms.en]).join(' ') || 'stake %';
}

/**
 * The answer depends on the index alone, not on who asks: kept per index (a reload makes a new one, and the old
 * one's entry goes with it), so a busy server does not search the whole ownership vocabulary on every /stake.
 */
const answered = new WeakMap<SearchEngine, Map<string, Quote[]>>();

/** Passages of `lang` that state shares (a percentage) about ownership, most figures first. */
function stakePassages(engine: SearchEngine, lang: Lang, party?: string): Quote[] {
  let memo = answered.get(engine);
  if (!memo) answered.set(engine, (memo = new Map<string, Quote[]>()));
  const key = `${lang}:${party ?? ''}`;
  let quotes = memo.get(key);
  if (!quotes) memo.set(key, (quotes = findStakePassages(engine, lang, party)));
  return quotes;
}

function findStakePassages(engine: SearchEngine, lang: Lang, party?: string): Quote[] {
  const hits = engine.search(stakeQuery(engine), {
    lang,
    limit: 50,
    noAbstain: true,
    ...(party ? { entity: party } : {}),
  });
  const figures = (p: Passage) => [...p.text.matchAll(FIGURE)];
  return hits
    .filter((h) => figures(h.passage).length > 0)
    .sort((x, y) => figures(y.passage).length - figures(x.passage).length || y.score - x.score)
    .map((h) => {
      const spans: Array<[number, number]> = figures(h.passage).map((m) => [m.index, m.index + m[0].length]);
      if (party) for (const m of engine.mentionsIn(h.passage)) if (m.key === `e:${party}`) spans.push([m.start, m.end]);
      return { passage: h.passage, spans: mergeSpans(spans) };
    });
}

/** /stake [party] [lang] [hide]: who owns what in the joint venture, with the figures and their citation. */
export default {
  data: {
    name: 'stake',
    ...described('Who owns what in the joint venture', {
      vi: 'Ai sở hữu bao nhiêu trong liên doanh',
      'zh-CN': '合资企业的股权结构',
      'zh-TW': '合資企業的股權結構',
    }),
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: 'party',
        ...described('One shareholder', { vi: 'Một bên góp vốn', 'zh-CN': '某一股东', 'zh-TW': '某一股東' }),
        autocomplete: true,
        max_length: 100,
      },
      langOption,
      hideOption,
    ],
  },
  paging: { queryOption: 'party' },
  cacheable: true,
  execute(request, context: CommandContext) {
    const engine = context.engine();
    const partyValue = typeof request.options.party === 'string' ? request.options.party : '';
    const party = partyValue ? resolveEntity(engine, partyValue) : undefined;
    const a = answerOf('stake', partyValue, request);
    const subject = party ? party.names[0]! : t(a.ui, 'stakeHeading');
    if (partyValue && !party) return pagedReply(a, '', nothingFound(a, context.defaultLang), context, partyValue);
    // The asked language's articles when they state shares, else the other language's, labelled.
    const found = quotesByPolicy(a, (lang) => stakePassages(engine, lang, party?.id), context.defaultLang);
    const reply = pagedReply(a, heading(t(a.ui, 'answerHeading'), subject), found, context, subject);
    return withStakeChart(engine, reply, a.ui);
  },
  autocomplete(request, context) {
    const engine = context.engine();
    // Parties are the entities named in passages that state shares, in any language.
    const named = new Set<string>();
    for (const lang of ['vi', 'zh'] as const)
      for (const q of stakePassages(engine, lang))
        for (const m of engine.mentionsIn(q.passage)) if (m.key.startsWith('e:')) named.add(m.key.slice(2));
    return entityChoices(
      engine.corpus.entities.filter((e) => named.has(e.id)),
      request.focused.value,
    );
  },
} satisfies Command;
