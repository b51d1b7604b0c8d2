import { ApplicationCommandOptionType } from '../src/reply/discord.ts';
import type { Command } from '../src/command/contract.ts';
import { answerOf, heading, nothingFound, pagedReply, quotesByPolicy } from '../src/answers/paged.ts';
import { entityChoices, entityLabel, resolveEntity } from '../src/answers/entities.ts';
import { described, hideOption, langOption } from '../src/command/options.ts';
import { t } from '../src/reply/i18n.ts';
import type { Quote } from '../src/reply/render.ts';
import type { SearchEngine } from '../src/search/engine.ts';
import type { Lang } from '../src/types.ts';

/** Words that describe who someone is or what a company does, when they stand next to the name. */
const ROLE =
  /công ty|quỹ|tập đoàn|ngân hàng|chủ tịch|ceo|giám đốc|sáng lập|thị trường|nhà cung cấp|公司|基金|集团|银行|创始人|首席执行官|总裁|主席|董事长|是一家|博客|系统|商城|产品|服务/giu;
/** How far from the name a describing word may stand (characters). */
const NEAR = 24;

/** Passages naming the entity: the ones that describe it (appositions, titles, roles) first. */
function portrait(engine: SearchEngine, entity: string, lang: Lang, ui: Parameters<typeof t>[0]): Quote[] {
  return engine
    .passagesMentioning(entity)
    .filter((p) => p.lang === lang)
    .map((p) => {
      const names = engine.mentionsIn(p).filter((m) => m.key === `e:${entity}`);
      let described = 0;
      for (const m of names) {
        const around = p.text.slice(Math.max(0, m.start - NEAR), m.end + NEAR);
        described += [...around.matchAll(ROLE)].length;
      }
      return { passage: p, spans: names.map((m): [number, number] => [m.start, m.end]), described };
    })
    .sort(
      (x, y) =>
        Number(y.described > 0) - Number(x.described > 0) ||
        y.described - x.described ||
        x.passage.ordinal - y.passage.ordinal,
    )
    .map(({ passage, spans, described }) => ({
      passage,
      spans,
      label: t(ui, described > 0 ? 'whoDescriptions' : 'whoMentions'),
    }));
}

/** /who name:<autocomplete> [lang] [hide]: who this person or company is, from the articles. */
export default {
  data: {
    name: 'who',
    ...described('Who is this person or company in the deal', {
      vi: 'Người hoặc công ty này là ai trong thương vụ',
      'zh-CN': '此人或公司在交易中是谁',
      'zh-TW': '此人或公司在交易中是誰',
    }),
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: 'name',
        ...described('A name in any script: Jack Ma, 马云, MegaFon…', {
          vi: 'Tên bằng bất kỳ chữ viết nào: Jack Ma, 马云, MegaFon…',
          'zh-CN': '任意文字的名称：Jack Ma、马云、MegaFon…',
          'zh-TW': '任意文字的名稱：Jack Ma、馬雲、MegaFon…',
        }),
        required: true,
        autocomplete: true,
        max_length: 100,
      },
      langOption,
      hideOption,
    ],
  },
  paging: { queryOption: 'name' },
  cacheable: true,
  execute(request, context) {
    const engine = context.engine();
    const value = String(request.options.name);
    const entity = resolveEntity(engine, value);
    // The script of the name says which articles only when it was typed, not picked by id.
    const typed = entity?.id === value.trim() ? '' : value;
    const a = answerOf('who', entity?.id ?? value, request, typed);
    if (!entity) return pagedReply(a, '', nothingFound(a, context.defaultLang), context, value);
    const found = quotesByPolicy(a, (lang) => portrait(engine, entity.id, lang, a.ui), context.defaultLang);
    return pagedReply(a, heading(t(a.ui, 'answerHeading'), entityLabel(entity)), found, context, entity.names[0]);
  },
  autocomplete(request, context) {
    return entityChoices(context.engine().corpus.entities, request.focused.value);
  },
} satisfies Command;
