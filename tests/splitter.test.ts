import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { cleanBody } from '../src/corpus/clean.ts';
import { buildCorpus, loadCorpus, readCorpusDir } from '../src/corpus/load.ts';
import type { Corpus } from '../src/types.ts';
import { PASSAGE_MAX, passagesOf } from '../src/corpus/split.ts';
import { sentenceBounds } from '../src/text/sentences.ts';
import type { Passage } from '../src/types.ts';

const VI = 'alibaba-russia-vi';
const ZH = 'alibaba-russia-zh';

/** An article's body as the loader sees it: below the front matter, NFC. */
function bodyOf(source: string): string {
  const text = readFileSync(new URL(`../corpus/${source}.md`, import.meta.url), 'utf8');
  const front = /^---[ \t]*\r?\n[\s\S]*?\r?\n---[ \t]*(?:\r?\n|$)/.exec(text);
  if (!front) throw new Error(`${source}: no front matter`);
  return text.slice(front[0].length).normalize('NFC');
}

const sentences = (text: string) => sentenceBounds(text).map(([s, e]) => text.slice(s, e));
const count = (text: string, part: string) => text.split(part).length - 1;
const SENTENCE_END = /[.!?。！？…]["'”’」』）)\]]*$/u;

let corpus: Corpus;
const of = (source: string): Passage[] => corpus.passages.filter((p) => p.source === source);
const joined = (source: string) =>
  of(source)
    .map((p) => p.text)
    .join('\n');

beforeAll(async () => {
  corpus = await loadCorpus('corpus');
});

describe('sentenceBounds', () => {
  it('covers the text without gaps, spaces staying with the sentence before', () => {
    const text = 'Alibaba hợp tác với Mail.ru. Nga có 70 triệu người dùng.';
    expect(sentenceBounds(text)).toEqual([
      [0, 29],
      [29, text.length],
    ]);
    expect(sentences(text)).toEqual(['Alibaba hợp tác với Mail.ru. ', 'Nga có 70 triệu người dùng.']);
  });

  it('returns nothing for empty text and one sentence for text without a full stop', () => {
    expect(sentenceBounds('')).toEqual([]);
    expect(sentences('Tham khảo TechCrunch')).toEqual(['Tham khảo TechCrunch']);
  });

  it('does not end a sentence after an abbreviation', () => {
    expect(sentences('Liên doanh tập trung vào game, mua sắm, v.v... Alibaba đặt cược vào Nga.')).toEqual([
      'Liên doanh tập trung vào game, mua sắm, v.v... Alibaba đặt cược vào Nga.',
    ]);
    expect(sentences('Mr. Smith went to Moscow. He met Mail.ru.')).toEqual([
      'Mr. Smith went to Moscow. ',
      'He met Mail.ru.',
    ]);
    expect(sentences('A. Smith wrote it. Then he left.')).toEqual(['A. Smith wrote it. ', 'Then he left.']);
  });

  it('does not split a decimal or a domain', () => {
    expect(sentences('MegaFon trả 7.4 tỷ USD cho 15.2% cổ phần Mail.ru. Đó là năm 2017.')).toEqual([
      'MegaFon trả 7.4 tỷ USD cho 15.2% cổ phần Mail.ru. ',
      'Đó là năm 2017.',
    ]);
  });

  it('ends a Chinese sentence at 。！？ without a space', () => {
    expect(sentences('第一句。第二句！第三句？')).toEqual(['第一句。', '第二句！', '第三句？']);
  });

  it('keeps a Chinese quotation with its attribution as one sentence', () => {
    expect(sentences('“迄今为止，我们的业务是跨境业务。但未来需要合作伙伴参与进来，”他说。这是第二句。')).toEqual([
      '“迄今为止，我们的业务是跨境业务。但未来需要合作伙伴参与进来，”他说。',
      '这是第二句。',
    ]);
  });

  it('keeps closing quotes with the sentence they end', () => {
    expect(sentences('He said "Go." Then he left.')).toEqual(['He said "Go." ', 'Then he left.']);
  });
});

describe('splitting the Vietnamese seed', () => {
  it('splits the sentences the seed glued together', () => {
    expect(bodyOf(VI)).toContain('của quốc gia này.Nga được cho là');
    expect(joined(VI)).not.toContain('này.Nga');
    const at = of(VI).findIndex((p) => p.text.startsWith('Nga được cho là'));
    expect(at).toBeGreaterThan(0);
    expect(of(VI)[at - 1]!.text).toMatch(/của quốc gia này\.$/);
  });

  it('never splits Mail.ru, v.v... or a number', () => {
    const body = bodyOf(VI);
    expect(count(joined(VI), 'Mail.ru')).toBe(count(body, 'Mail.ru'));
    expect(joined(VI)).toContain('mua sắm, v.v... Alibaba đang đặt cược vào Nga');
    for (const { text } of cleanBody(body)) {
      const parts = sentences(text);
      for (const token of ['Mail.ru', 'v.v...', '2 tỷ USD'])
        expect(parts.reduce((n, s) => n + count(s, token), 0)).toBe(count(text, token));
    }
  });
});

describe('splitting the Chinese seed', () => {
  it('drops the image, every URL and the 原文 line', () => {
    const text = joined(ZH);
    expect(bodyOf(ZH)).toContain('![](img/');
    for (const gone of ['img/', '![', '](', 'http', 'web.archive.org', '原文', '<', '>'])
      expect(text).not.toContain(gone);
  });

  it('keeps link text inside its sentence, in one passage', () => {
    const sentence = '也可以从东南亚、印度、土耳其(where Alibaba recently backed an e-commerce firm)和欧洲其他地区。';
    expect(of(ZH).filter((p) => p.text.includes(sentence))).toHaveLength(1);
    expect(joined(ZH)).toContain('但是其他报道称合资企业将使用俄罗斯的国家系统 Mir。');
    expect(joined(ZH)).toContain('5 月它与俄罗斯天然气工业银行(Gazprombank)成立了一家合资公司');
  });

  it('never splits a decimal or a percentage', () => {
    const text = joined(ZH);
    for (const number of ['7.4 亿美元', '15.2%的股份', '48%的业务', 'Mail.ru 占 15%']) expect(text).toContain(number);
  });

  it('sets the struck-out sentence aside as retracted and keeps the correction', () => {
    const retracted = '这意味着该公司还需要任命一位新的首席执行官';
    expect(joined(ZH)).not.toContain(retracted);
    const passage = of(ZH).find((p) => p.notes.some((n) => n.kind === 'retracted'));
    expect(passage?.text).toContain('现任首席执行官张勇将接替他担任董事长');
    expect(passage?.text).toContain('张将出任董事长兼 CEO');
    expect(passage?.notes).toEqual([{ kind: 'retracted', text: `${retracted}。` }]);
    expect(corpus.passages.filter((p) => p.notes.some((n) => n.kind === 'retracted'))).toEqual([passage]);
  });

  it('marks the passage right under a picture as its caption, and no other', () => {
    const captions = corpus.passages.filter((p) => p.notes.some((n) => n.kind === 'caption'));
    expect(captions.map((p) => p.text)).toEqual(['阿里巴巴似乎已经在俄罗斯的互联网竞赛中选对了马']);
    const body =
      'Trước.\n\n![ảnh](img/a.png)\n\nDòng dưới ảnh.\n\nSau đó.\n\n[chỉ một link](https://x.vn)\n\nKhông phải.';
    expect(cleanBody(body).map((p) => [p.text, p.caption ?? false])).toEqual([
      ['Trước.', false],
      ['Dòng dưới ảnh.', true],
      ['Sau đó.', false],
      // The link-only block is dropped as a source line; it is no picture.
      ['Không phải.', false],
    ]);
  });
});

describe('passages', () => {
  it('marks the Vietnamese claim about a new CEO as corrected by the Chinese correction', () => {
    const claim = of(VI).find((p) => p.text.includes('bổ nhiệm một CEO mới'))!;
    const correction = of(ZH).find((p) => p.text.includes('张将出任董事长兼 CEO'))!;
    expect(claim.notes).toEqual([
      {
        kind: 'corrected',
        text: 'điều đó có nghĩa là công ty sẽ cần phải bổ nhiệm một CEO mới',
        by: { source: ZH, passage: correction.id, text: '更正:张将出任董事长兼 CEO。' },
      },
    ]);
  });

  it(`are at most ${PASSAGE_MAX} code points`, () => {
    for (const p of corpus.passages) expect([...p.text].length, p.text).toBeLessThanOrEqual(PASSAGE_MAX);
  });

  it('never end inside a sentence', () => {
    for (const source of [VI, ZH]) {
      for (const paragraph of cleanBody(bodyOf(source))) {
        const ends = new Set(
          sentenceBounds(paragraph.text).map(([, e]) => paragraph.text.slice(0, e).trimEnd().length),
        );
        let from = 0;
        for (const piece of passagesOf(paragraph)) {
          const at = paragraph.text.indexOf(piece.text, from);
          expect(at, piece.text).toBeGreaterThanOrEqual(0);
          from = at + piece.text.length;
          expect(ends.has(from), piece.text).toBe(true);
        }
      }
    }
  });

  it('end with a full stop, except the heading, the caption and the Vietnamese closing credit', () => {
    expect(corpus.passages.filter((p) => !SENTENCE_END.test(p.text)).map((p) => p.text)).toEqual([
      // The Vietnamese seed ends "… một CEO mới. Tham khảo TechCrunch" with no full stop.
      expect.stringMatching(/một CEO mới\. Tham khảo TechCrunch$/),
      '阿里巴巴大举进军俄罗斯，成立专注于游戏、购物等领域的合资企业',
      '阿里巴巴似乎已经在俄罗斯的互联网竞赛中选对了马',
    ]);
  });

  it('are numbered 1..n in each source', () => {
    for (const source of [VI, ZH]) expect(of(source).map((p) => p.ordinal)).toEqual(of(source).map((_, i) => i + 1));
  });

  it('point into the body: body.slice(start, end) begins and ends like the passage', () => {
    for (const source of [VI, ZH]) {
      const body = bodyOf(source);
      for (const p of of(source)) {
        const raw = body.slice(p.start, p.end);
        expect(p.start).toBeLessThan(p.end);
        expect(raw.startsWith(p.text.slice(0, 6)), `${p.text.slice(0, 6)} vs ${raw.slice(0, 6)}`).toBe(true);
        expect(raw.endsWith(p.text.slice(-3)), `${p.text.slice(-3)} vs ${raw.slice(-3)}`).toBe(true);
      }
    }
  });

  it('keep their ids across loads', async () => {
    const again = await loadCorpus('corpus');
    expect(again.passages.map((p) => p.id)).toEqual(corpus.passages.map((p) => p.id));
    expect(new Set(corpus.passages.map((p) => p.id)).size).toBe(corpus.passages.length);
  });

  it('change id only where the text changes', async () => {
    const files = await readCorpusDir('corpus');
    const edited = files.map((f) =>
      f.name === `${ZH}.md`
        ? {
            name: f.name,
            bytes: new TextEncoder().encode(new TextDecoder().decode(f.bytes).replace('7000 万', '7500 万')),
          }
        : f,
    );
    const before = buildCorpus('corpus', files).passages;
    const after = buildCorpus('corpus', edited).passages;
    const changed = after.filter((p, i) => p.id !== before[i]!.id);
    expect(changed.map((p) => p.text.slice(0, 20))).toEqual(['据说俄罗斯有超过 7500 万互联网用户']);
  });
});
