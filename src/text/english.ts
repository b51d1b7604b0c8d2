import { readFileSync } from 'node:fs';
import wordListPath from 'word-list';

let words: string | undefined;

/**
 * Whether `word` (lower case) is an English word, by the `word-list` package's ~275,000 words: a word of an English
 * question that is one letter from a glossary word is read as that word only when it is no word of its own
 * ("intenet" is "internet"; "supposed" is not "supported"). The list is read on the first word asked (2.8 MB, kept
 * as one string and searched: asked of a few words at most per question, it needs no set of its words).
 */
export function isEnglishWord(word: string): boolean {
  words ??= `\n${readFileSync(wordListPath, 'utf8')}\n`;
  return words.includes(`\n${word}\n`);
}
