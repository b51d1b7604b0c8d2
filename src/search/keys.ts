import { Lexicon, type LexiconEntry } from '../text/lexicon.ts';
import { HAN } from '../text/normalize.ts';
import type { Corpus, Entity } from '../types.ts';

/**
 * The corpus's names and vocabulary as index keys: every form of an entity becomes `e:<id>` and every form of a
 * glossary term `g:<id>`, the same in every language and script.
 */

/** Entities (`e:`) and glossary terms (`g:`) as one lexicon. */
export function lexiconEntries(corpus: Pick<Corpus, 'entities' | 'glossary'>): LexiconEntry[] {
  return [
    ...corpus.entities.map((e) => ({
      key: `e:${e.id}`,
      forms: [...e.names, ...e.otherNames, ...familyNames(e)],
    })),
    ...corpus.glossary.map((g) => ({ key: `g:${g.id}`, forms: [...g.forms.vi, ...g.forms.zh, ...g.forms.en] })),
  ];
}

/**
 * The corpus's lexicon, the same wherever passages or questions are analysed (this thread, build workers): its
 * entries, and figures as the keys of their values (src/text/figures.ts).
 */
export function corpusLexicon(entries: readonly LexiconEntry[]): Lexicon {
  return new Lexicon(entries, { figures: true });
}

/**
 * The words Vietnamese segmentation keeps whole (the same in the build worker and here): names, terms, and what
 * Vietnamese chat words stand for ("mn" → "mọi người").
 */
export function segmenterForms(corpus: Pick<Corpus, 'entities' | 'glossary' | 'chat'>): string[] {
  return [
    ...lexiconEntries(corpus).flatMap((e) => e.forms),
    ...corpus.chat.filter((c) => c.lang === 'vi').map((c) => c.means),
  ];
}

/** What every thread that analyses passages is given: the corpus's names and terms, its words of several syllables. */
export interface Vocabulary {
  entries: LexiconEntry[];
  forms: string[];
}

export function vocabularyOf(corpus: Pick<Corpus, 'entities' | 'glossary' | 'chat'>): Vocabulary {
  return { entries: lexiconEntries(corpus), forms: segmenterForms(corpus) };
}

/**
 * A foreign person's name transliterated into Chinese is written given·family (阿利舍尔·乌斯马诺夫), and
 * articles shorten it to the family name (乌斯马诺夫), as English does (Usmanov). For such people, the
 * last part of each name is a name too. Others are left alone: in `Jack Ma` or `Trương Dũng` the last
 * word is not one the person goes by alone.
 */
export function familyNames(e: Pick<Entity, 'kind' | 'names' | 'otherNames'>): string[] {
  const all = [...e.names, ...e.otherNames];
  if (e.kind !== 'person' || !all.some((n) => n.includes('·'))) return [];
  const out = new Set<string>();
  for (const name of all) {
    const parts = name.split(/[·\s]+/u).filter(Boolean);
    const last = parts.at(-1);
    if (parts.length > 1 && last && [...last].length >= (HAN.test(last) ? 2 : 4)) out.add(last);
  }
  return [...out];
}
