/**
 * Every match of `pattern` (a global regular expression) in `text`, in order: what `[...text.matchAll(pattern)]`
 * lists, from the pattern's `lastIndex` as `matchAll` starts, which it leaves as it was. `matchAll` copies the
 * expression on every call, and on the short texts of a question (read by a few dozen patterns each) the copies cost
 * more than the matching: this runs the pattern itself.
 */
export function allMatches(pattern: RegExp, text: string): RegExpExecArray[] {
  if (!pattern.global) throw new TypeError(`allMatches: ${String(pattern)} is not global`);
  const from = pattern.lastIndex;
  const out: RegExpExecArray[] = [];
  try {
    for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
      out.push(m);
      // An empty match moves on by one character (a whole code point in Unicode mode), as matchAll does.
      if (m[0] === '') pattern.lastIndex = advance(text, pattern.lastIndex, /[uv]/.test(pattern.flags));
    }
  } finally {
    pattern.lastIndex = from;
  }
  return out;
}

function advance(text: string, at: number, unicode: boolean): number {
  if (!unicode || at + 1 >= text.length) return at + 1;
  const c = text.charCodeAt(at);
  const d = text.charCodeAt(at + 1);
  return c >= 0xd800 && c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff ? at + 2 : at + 1;
}
