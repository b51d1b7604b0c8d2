/**
 * Compile regular expressions now rather than at their first use. V8 compiles a pattern the first time it runs it, once
 * for text whose characters all fit in one byte and once for text with wider ones (Vietnamese, Chinese), first to
 * bytecode and, at the next run, to machine code. The patterns that read questions (word lists in Unicode classes and
 * look-behinds) cost up to tens of milliseconds each that way: at a fresh start, about a quarter of a second of the
 * first few questions. Each pattern is run twice on a one-character text of each kind, and its `lastIndex` left as it
 * was; what it matches is not changed.
 */
export function compileAhead(patterns: Iterable<RegExp>): void {
  for (const pattern of patterns) {
    const from = pattern.lastIndex;
    for (const text of COMPILED_FOR)
      for (let run = 0; run < 2; run++) {
        pattern.lastIndex = 0;
        pattern.exec(text);
      }
    pattern.lastIndex = from;
  }
}

/** A one-byte text and a two-byte one: V8 compiles a pattern for each kind of text apart. */
const COMPILED_FOR = ['a', 'ă'] as const;

/** `text` with every character a regular expression reads as syntax escaped, to match it as written. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
}
