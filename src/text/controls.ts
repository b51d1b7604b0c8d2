/**
 * Control characters: C0 (U+0000–U+001F), DEL and C1 (U+0080–U+009F). Shown raw they ring bells, retitle or
 * repaint a terminal (`ESC ] 0 ; … BEL`), and Discord shows them as nothing or as boxes; NUL ends strings in C.
 * Whatever the corpus or a member sends, none of them reaches a reply or a terminal, except tab and newline, which
 * are white space.
 */

/** True for a control character's code (C0, DEL, C1). */
export function isControl(code: number): boolean {
  return code <= 0x1f || (code >= 0x7f && code <= 0x9f);
}

/** True when `s` holds any control character, tab and newline included. */
export function hasControl(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (isControl(s.charCodeAt(i))) return true;
  return false;
}

/**
 * `s` without its control characters, except tab and newline (kept as white space). A carriage return becomes a
 * newline unless a newline follows it, so that `a\rb` does not run together.
 */
export function stripControls(s: string): string {
  let i = 0;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (isControl(c) && c !== 9 && c !== 10) break;
    i++;
  }
  if (i === s.length) return s;
  let out = s.slice(0, i);
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!isControl(c) || c === 9 || c === 10) out += s.charAt(i);
    else if (c === 13 && s.charCodeAt(i + 1) !== 10) out += '\n';
  }
  return out;
}
