import { beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../src/app/commands.ts';
import { runCommand, type Dispatcher } from '../src/app/dispatch.ts';
import { sharesIn, stakeChartOf } from '../src/answers/stake-figures.ts';
import { loadCorpus } from '../src/corpus/load.ts';
import { CHART_FILE, stakeChartSvg } from '../src/reply/chart.ts';
import { SearchEngine } from '../src/search/engine.ts';
import type { Passage } from '../src/types.ts';

/** The figures a chart draws, read back from its SVG: party, percent and bar width of each bar. */
function barsOf(svg: string) {
  return [...svg.matchAll(/<rect class="bar" data-party="([^"]*)" data-percent="([\d.]+)"[^>]* width="([\d.]+)"/g)].map(
    (m) => ({ party: m[1], percent: Number(m[2]), width: Number(m[3]) }),
  );
}

let engine: SearchEngine;
let d: Dispatcher;
beforeAll(async () => {
  engine = new SearchEngine(await loadCorpus('corpus'));
  d = { commands, context: { engine: () => engine, defaultLang: 'vi' } };
});

function passage(text: string, lang: Passage['lang'] = 'zh'): Passage {
  return { id: `t-${text.length}`, source: 'test', lang, ordinal: 1, text, start: 0, end: text.length, notes: [] };
}

describe('the shares a passage states', () => {
  it('matches each share to the party named before it, through entities.yaml', () => {
    const shares = sharesIn(
      engine,
      passage(
        '阿里巴巴——几年前在俄罗斯推出了全球速卖通服务——将持有 48%的业务，MegaFon 占 24%，Mail.ru 占 15%，RDIF 占剩余的 13%。',
      ),
    );
    expect(shares.map((s) => [s.entity.id, s.name, s.percent])).toEqual([
      ['alibaba', '阿里巴巴', 48],
      ['megafon', 'MegaFon', 24],
      ['mail-ru', 'Mail.ru', 15],
      ['rdif', 'RDIF', 13],
    ]);
  });

  it('reads the sentence with the most shares, and none from a sentence about something else', () => {
    const shares = sharesIn(
      engine,
      passage('Alibaba nắm 48%, MegaFon 24%, Mail.ru 15% và RDIF 13%. Năm 2017 MegaFon mua 15,2% Mail.ru.', 'vi'),
    );
    expect(shares.map((s) => `${s.name} ${s.percent}`)).toEqual(['Alibaba 48', 'MegaFon 24', 'Mail.ru 15', 'RDIF 13']);
  });

  it('gives nothing when figures cannot be matched to parties', () => {
    expect(sharesIn(engine, passage('Giá trị tăng 48% so với năm trước, rồi thêm 24%.', 'vi'))).toEqual([]);
    // One party alone is no breakdown; a product owns nothing.
    expect(sharesIn(engine, passage('它出售了 mail . ru 5%的股份。'))).toEqual([]);
    expect(sharesIn(engine, passage('全球速卖通 48%，天猫 24%。'))).toEqual([]);
    // Shares that add up to more than the whole are not one breakdown.
    expect(sharesIn(engine, passage('Alibaba 80%, MegaFon 60%.', 'vi'))).toEqual([]);
  });
});

describe('the /stake chart', () => {
  it('draws one bar per party, as long as its share, from the passage quoted', async () => {
    const reply = await runCommand(d, {
      command: 'stake',
      options: { lang: 'zh' },
      locale: 'en-US',
      canModerate: false,
    });
    expect(reply.files?.map((f) => [f.name, f.contentType])).toEqual([[CHART_FILE, 'image/png']]);
    const png = reply.files![0]!.data;
    expect([...png.slice(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(reply.payload.attachments).toEqual([{ id: 0, filename: CHART_FILE, description: expect.any(String) }]);
    const quoted = reply.citations.find((c) => c.text.includes('48%'))!;
    expect(reply.payload.content).toContain(
      `阿里巴巴 48% · MegaFon 24% · Mail.ru 15% · RDIF 13%: ${quoted.title}, ¶ ${quoted.paragraph}`,
    );
    // What is drawn: the quoted passage's own figures, each bar as long as its share.
    const chart = stakeChartOf(engine, reply)!;
    const svg = stakeChartSvg(chart);
    const bars = barsOf(svg);
    expect(bars.map((b) => [b.party, b.percent])).toEqual([
      ['阿里巴巴', 48],
      ['MegaFon', 24],
      ['Mail.ru', 15],
      ['RDIF', 13],
    ]);
    for (const b of bars) expect(b.width / bars[0]!.width).toBeCloseTo(b.percent / 48, 2);
    expect(chart.source).toEqual({ title: quoted.title, paragraph: quoted.paragraph });
    expect(svg).toContain(`¶ ${quoted.paragraph}`);
  });

  it('is absent when the passages shown state no shares of parties', async () => {
    const reply = await runCommand(d, {
      command: 'stake',
      options: { party: 'gazprombank', lang: 'zh' },
      locale: 'en-US',
      canModerate: false,
    });
    expect(reply.files ?? []).toEqual([]);
    expect(reply.payload.attachments).toBeUndefined();
  });
});
