import { detectLanguage } from '../text/language.ts';
import { fold } from '../text/normalize.ts';
import { type Ambiguous, Lexicon, type Mention } from '../text/lexicon.ts';
import type { ChatTerm } from '../types.ts';

/** Between a number and a Vietnamese unit of counting typed against it: "70tr", "140trieu", "2ty", "2tỷ". */
const NUMBER_UNIT = /(?<=\d)(?=(?:tr|trieu|triệu|ty|tỷ)(?![\p{L}\p{M}]))/giu;

/**
 * 接…(的)班, "take over someone's shift": the verb 接班 (succeed) split by whom it follows ("谁接马云的班", "接马云班的
 * 那个人"), put back together before the name so the chat form 接班 is found ("接班马云").
 */
const SPLIT_SUCCEED = /接([^\s，。,、？?！!的]{1,8}?)的?班(?![级车机长主子])/gu;

/** Emoji, with their skin tones, joiners and variation selectors. */
const EMOJI = /(?:\p{Extended_Pictographic}|\p{Emoji_Modifier}|\u{FE0F}|\u{200D})+/gu;
const REPEATED_MARK = /([?？!！])\1+/gu;

/** Whether the text after `end` starts with the last word of `meaning` (compared without case or diacritics). */
function writtenOn(meaning: string, question: string, end: number): boolean {
  const last = /[\p{L}\p{M}\p{N}]+$/u.exec(meaning)?.[0];
  const next = /^\s+([\p{L}\p{M}\p{N}]+)/u.exec(question.slice(end))?.[1];
  if (last === undefined || next === undefined) return false;
  // In a question typed with diacritics it must be the word itself ("bên Ấn do ai…": "do" is "because", not "Độ").
  const typed = next.toLowerCase();
  return question === fold(question) ? fold(last.toLowerCase()) === typed : last.toLowerCase() === typed;
}

/**
 * Reads a question the way the articles are written: the chat abbreviations and colloquial words of
 * corpus/chat.yaml (`mn`, `ko`, `dc`, 啥, 为啥, `gonna`…) are replaced by what they stand for, before the
 * question is analysed. Vietnamese forms apply unless the question is English, English ones only to English,
 * Chinese ones wherever Chinese is typed. Leftmost, longest forms win; replacements are not read again.
 */
export class ChatReader {
  private readonly lexicons: Record<ChatTerm['lang'], Lexicon>;
  private readonly meanings: string[];

  constructor(terms: readonly ChatTerm[]) {
    this.meanings = terms.map((t) => t.means);
    const entries = (lang: ChatTerm['lang']) =>
      terms.flatMap((t, i) => (t.lang === lang ? [{ key: String(i), forms: t.says }] : []));
    this.lexicons = { vi: new Lexicon(entries('vi')), zh: new Lexicon(entries('zh')), en: new Lexicon(entries('en')) };
  }

  /**
   * `question` (NFC) with every chat form replaced by its meaning. With `ambiguous`, a form written with diacritics
   * is not read into words typed without them that may each stand for another (`do` is not `đô`, `do la` is not
   * `đô la`: it is as often `đó là`).
   */
  read(typed: string, ambiguous?: Ambiguous): string {
    // A number typed against its unit ("70tr", "2ty") is read as two words, so the unit's chat form is found.
    // Emoji, and a question or exclamation mark typed again ("…啊?? 🤔"), say nothing the question does not.
    const question = typed
      .replace(EMOJI, ' ')
      .replace(REPEATED_MARK, '$1')
      .trimEnd()
      .replace(NUMBER_UNIT, ' ')
      .replace(SPLIT_SUCCEED, '接班$1');
    const written = detectLanguage(question);
    const found: Mention[] = [...this.lexicons.zh.scan(question)];
    if (written === 'en') found.push(...this.lexicons.en.scan(question));
    else found.push(...this.lexicons.vi.scan(question, undefined, ambiguous, true));
    if (found.length === 0) return question;
    found.sort((a, b) => a.start - b.start || b.end - a.end);
    let out = '';
    let at = 0;
    for (const m of found) {
      if (m.start < at) continue;
      const meaning = this.meanings[Number(m.key)]!;
      // "bên Ấn Độ", "bên Trung Quốc": a short form ("bên Ấn") that the question goes on to write out in full is
      // already what it means — read as typed, not as "Ấn Độ Độ".
      if (writtenOn(meaning, question, m.end)) {
        out += question.slice(at, m.end);
        at = m.end;
        continue;
      }
      out += question.slice(at, m.start) + meaning;
      at = m.end;
    }
    return out + question.slice(at);
  }
}
