import * as OpenCC from 'opencc-js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCorpus } from '../src/corpus/load.ts';
import { SearchEngine } from '../src/search/engine.ts';
import { analyseQuestion } from '../src/search/question.ts';
import { fold } from '../src/text/normalize.ts';
import type { Corpus } from '../src/types.ts';

/**
 * The real corpus's vocabulary (corpus/glossary.yaml, entities.yaml, chat.yaml) does what it is for: every form
 * of a term, typed the ways members type it, reaches the term's key, so a question in one language meets the
 * passages of the other. A form that chat reading or a longer form swallows is dead weight that looks like work.
 */

let corpus: Corpus;
let engine: SearchEngine;
const toTraditional = OpenCC.Converter({ from: 'cn', to: 'tw' });

beforeAll(async () => {
  corpus = await loadCorpus('corpus');
  engine = new SearchEngine(corpus);
});

/** The keys a question holding `form` is read with. */
const keysOf = (question: string) => analyseQuestion(question, engine).keys;

/** A question around a form, in the form's language, so that chat reading takes it for that language. */
const asked = {
  vi: (form: string) => `Cho mình hỏi: ${form}?`,
  viPlain: (form: string) => `Cho minh hoi: ${form}?`,
  zh: (form: string) => `请问：${form}？`,
  en: (form: string) => `Tell me about ${form}, please.`,
};

describe('the glossary', () => {
  it('ties together things the articles say: every term but those kept apart is used by some passage', () => {
    const used = new Set(corpus.passages.flatMap((p) => engine.mentionsIn(p).map((m) => m.key)));
    const said = corpus.glossary.filter((g) => g.kind !== 'apart');
    expect(said.map((g) => `g:${g.id}`).filter((key) => !used.has(key))).toEqual([]);
  });

  it('reads every form, in a question of its language, as its term: Vietnamese with and without diacritics, Chinese Simplified and Traditional', () => {
    const missed: string[] = [];
    for (const g of corpus.glossary) {
      const key = `g:${g.id}`;
      const questions = [
        // Typed without diacritics too; a one-word form only where that is no other word (nắm: nam, năm), which
        // the lexicon decides from the articles' spellings (src/text/spellings.ts).
        ...g.forms.vi.flatMap((f) => [asked.vi(f), ...(/\s/u.test(f) ? [asked.viPlain(fold(f))] : [])]),
        ...g.forms.zh.flatMap((f) => [asked.zh(f), asked.zh(toTraditional(f))]),
        ...g.forms.en.map((f) => asked.en(f)),
      ];
      for (const q of questions) if (!keysOf(q).has(key)) missed.push(`${key}: ${q}`);
    }
    expect(missed).toEqual([]);
  });

  it('keeps a syllable inside a longer Vietnamese word out of the term it spells alone', () => {
    // chiếm (hold a share) inside xâm chiếm (invade), tổ chức (organisation) is not từ chức (resign).
    expect(keysOf('Alibaba xâm chiếm thị trường Nga')).not.toContain('g:stake');
    expect(keysOf('tổ chức mới được thành lập')).not.toContain('g:resign');
  });

  it('reads 生态系统 as the ecosystem, not the payment system', () => {
    expect([...keysOf('我们的生态系统')].filter((k) => k === 'g:system' || k === 'g:ecosystem')).toEqual([
      'g:ecosystem',
    ]);
  });
});

describe('the entities', () => {
  it('reads every name and other spelling as its entity, Chinese ones in Traditional too', () => {
    const missed: string[] = [];
    for (const e of corpus.entities) {
      const key = `e:${e.id}`;
      for (const name of [...e.names, ...e.otherNames]) {
        const questions = /\p{Script=Han}/u.test(name)
          ? [asked.zh(name), asked.zh(toTraditional(name))]
          : [asked.en(name)];
        for (const q of questions) if (!keysOf(q).has(key)) missed.push(`${key}: ${q}`);
      }
    }
    expect(missed).toEqual([]);
  });

  it('finds Mail.ru in the zh passage whose sentence end splits its name (Mail 说。Ru 集团)', () => {
    const passage = corpus.passages.find((p) => p.text.includes('Ru 集团首席执行官'))!;
    expect(engine.mentionsIn(passage).map((m) => m.key)).toContain('e:mail-ru');
  });
});

describe('the chat words', () => {
  it('leave plain Vietnamese words that other words spell the same way alone', () => {
    // `do` (because; Ấn Độ typed An Do) is not đô (dollar); `day` (đây) is not dậy; `roi` (rời) is not ròi.
    expect(engine.chat.read('Alibaba da ung ho Paytm o An Do')).toBe('Alibaba da ung ho Paytm o An Do');
    expect(engine.chat.read('truoc day')).toBe('truoc day');
    expect(engine.chat.read('Jack Ma roi ghe chu tich')).toBe('Jack Ma roi ghe chu tich');
    expect(engine.chat.read('liên doanh 2 tỷ đô')).toBe('liên doanh 2 tỷ USD');
    // Nor are several such words together: `do la` is `đó là` (that is) as often as `đô la` — unless after a number.
    expect(engine.chat.read('cai cty co 100 trieu user do la ai', engine.ambiguous)).not.toContain('USD');
    expect(engine.chat.read('lien doanh 5 ty do ha', engine.ambiguous)).toContain('USD');
    expect(engine.chat.read('tri gia 2 ty do la', engine.ambiguous)).toContain('USD');
  });
});
