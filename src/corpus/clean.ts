import { isControl } from '../text/controls.ts';

/**
 * Turns an article body (plain text or Markdown, as the seeds come) into clean paragraphs of plain text,
 * remembering for every character where it came from in the body, and which struck-out text the source
 * retracted at which place.
 */

/** Text the source struck out (`~~…~~`), kept aside so it is never quoted as fact. */
export interface Retraction {
  /** Offset in the paragraph's clean text where the struck text stood. */
  at: number;
  text: string;
}

export interface Paragraph {
  text: string;
  /** For each UTF-16 unit of `text`, its offset in the body. */
  map: Int32Array;
  retractions: Retraction[];
  /** The block right after a picture: its caption, or the text that stands under it. */
  caption?: true;
}

/**
 * JavaScript's `\s` (white space and line terminators), by code unit: the cleaner tests every character, and a
 * regular expression per character costs more than the rest of the work.
 */
export function isSpaceCode(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 0x2000) return c === 0xa0 || c === 0x1680;
  if (c <= 0x200a) return true;
  return c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/**
 * White space as squeezing sees it: `\s`, and control characters (NUL, ESC, BEL…), which no reader sees but which
 * would glue words together for the search (`góp\u0000 vốn`) and reach Discord and terminals.
 */
function isBlank(c: number): boolean {
  return isSpaceCode(c) || isControl(c);
}

/** Characters between which no space is kept: Han, CJK punctuation and full-width forms. */
const CJK = /^[\p{Script=Han}\u3000-\u303f\uff00-\uffef]$/u;
/** The first code point any of them can have (CJK radicals), to skip the pattern for Latin text. */
const FIRST_CJK = 0x2e80;

function isCjk(codePoint: number | undefined): boolean {
  return codePoint !== undefined && codePoint >= FIRST_CJK && CJK.test(String.fromCodePoint(codePoint));
}

/** The code point that ends at `end` (exclusive) in `s`. */
function codePointBefore(s: string, end: number): number | undefined {
  if (end <= 0) return undefined;
  const low = s.charCodeAt(end - 1);
  if (low >= 0xdc00 && low <= 0xdfff && end >= 2) {
    const high = s.charCodeAt(end - 2);
    if (high >= 0xd800 && high <= 0xdbff) return s.codePointAt(end - 2);
  }
  return low;
}

/**
 * Builds clean text while recording each character's origin. Every operation costs time in proportion to what it
 * adds, never to what is already there: one long paragraph (a whole article on one line) must load in linear time.
 */
class Builder {
  text = '';
  /** `map` with room to grow: offsets in the body, one per UTF-16 unit of `text`. */
  private origins = new Int32Array(64);
  retractions: Retraction[] = [];

  /** For each UTF-16 unit of `text`, its offset in the body. */
  get map(): Int32Array {
    return this.origins.subarray(0, this.text.length);
  }

  private room(more: number): number {
    const used = this.text.length;
    if (used + more > this.origins.length) {
      const grown = new Int32Array(Math.max(this.origins.length * 2, used + more));
      grown.set(this.origins.subarray(0, used));
      this.origins = grown;
    }
    return used;
  }

  keep(raw: string, rawStart: number): void {
    const at = this.room(raw.length);
    for (let i = 0; i < raw.length; i++) this.origins[at + i] = rawStart + i;
    this.text += raw;
  }

  /** Text that is not in the body as such (a space between glued sentences); it maps to `rawAt`. */
  insert(s: string, rawAt: number): void {
    const at = this.room(s.length);
    this.origins.fill(rawAt, at, at + s.length); // one entry per UTF-16 unit
    this.text += s;
  }

  /** Append `from.text[start, end)` with its origins. */
  copy(from: Builder, start: number, end: number): void {
    if (end <= start) return;
    const at = this.room(end - start);
    this.origins.set(from.origins.subarray(start, end), at);
    this.text += from.text.slice(start, end);
  }

  append(other: Builder, glue = ''): void {
    if (glue) this.insert(glue, other.map[0] ?? this.map.at(-1) ?? 0);
    const shift = this.text.length;
    this.copy(other, 0, other.text.length);
    for (const r of other.retractions) this.retractions.push({ at: r.at + shift, text: r.text });
  }

  paragraph(): Paragraph {
    return { text: this.text, map: this.map, retractions: this.retractions };
  }

  /** Collapse runs of white space to one space (none between two Han characters) and trim. */
  squeeze(): Builder {
    const t = this.text;
    const n = t.length;
    // The output is never longer than the input: a space stands for a run of one or more.
    const origins = new Int32Array(n);
    const pieces: string[] = [];
    // Where each offset of `t` lands in the output, for the retractions.
    const landing = this.retractions.length ? new Int32Array(n + 1) : undefined;
    let size = 0;
    // Text that stays as it is (words and the single spaces between them) is copied in stretches, not word by word.
    let stretch = 0;
    const flush = (to: number) => {
      if (to <= stretch) return;
      pieces.push(t.slice(stretch, to));
      origins.set(this.origins.subarray(stretch, to), size);
      if (landing) for (let k = stretch; k < to; k++) landing[k] = size + k - stretch;
      size += to - stretch;
    };
    let i = 0;
    while (i < n) {
      const c = t.charCodeAt(i);
      if (!isBlank(c)) {
        i++;
        continue;
      }
      let j = i + 1;
      while (j < n && isBlank(t.charCodeAt(j))) j++;
      const kept = size + (i - stretch) > 0 && j < n && !(isCjk(codePointBefore(t, i)) && isCjk(t.codePointAt(j)));
      if (!(kept && c === 32 && j === i + 1)) {
        flush(i);
        landing?.fill(size, i, j);
        if (kept) {
          pieces.push(' ');
          origins[size++] = this.origins[i]!;
        }
        stretch = j;
      }
      i = j;
    }
    flush(n);
    const out = new Builder();
    out.text = pieces.join('');
    out.origins = origins;
    if (landing) landing[n] = size;
    out.retractions = this.retractions.map((r) => ({
      at: landing && r.at >= 0 && r.at <= n ? landing[r.at]! : size,
      text: r.text.replace(/\s+/g, ' ').trim(),
    }));
    return out;
  }
}

/**
 * The next match of `re` (a global pattern) at or after a position, -1 for none. It remembers its last answer,
 * which stays right for any later position up to it: looking from positions that only grow, as the inline scan
 * does, reads the text once in all, however many openers wait for the same closer. Patterns are shared: each look
 * sets `lastIndex` first.
 */
function nextMatch(s: string, re: RegExp): (from: number) => number {
  let from = Infinity;
  let at = -1;
  return (pos) => {
    if (pos >= from && (at < 0 || pos <= at)) return at;
    re.lastIndex = pos;
    from = pos;
    at = re.exec(s)?.index ?? -1;
    return at;
  };
}

const CLOSERS_OF = {
  bracket: /\]/g,
  paren: /\)/g,
  quote: /"/g,
  autolinkEnd: /[>\s]/g,
  urlEnd: /[\s<>()]/g,
  targetEnd: /[)>\s]/g,
  tildes: /~~/g,
  stars: /\*\*/g,
  unders: /__/g,
  star: /\*/g,
  tick: /`/g,
  // A `]` after an even run of backslashes (or none): one an odd run escapes does not close link text.
  linkText: /(?<!\\)(?:\\\\)*\]/g,
};

type InlineKind = 'image' | 'link' | 'autolink' | 'strike' | 'strong' | 'em' | 'code' | 'escape' | 'url';

/** Inline Markdown at one position: what it is, where it ends, and where its inner text lies. */
interface InlineMatch {
  kind: InlineKind;
  end: number;
  inner?: [number, number];
}

const ESCAPABLE = new Set('\\`*_{}[]()#+-.!~>|');

/**
 * The inline Markdown rules, tried at each position where one can start: images, links (text kept), autolinks and
 * bare URLs (dropped), `~~struck~~` (set aside), strong and emphasis, code, backslash escapes. Each rule looks for
 * its closer through a {@link nextMatch}, so a line full of openers that never close (`[[[[…`) costs linear time.
 */
function inlineScanner(raw: string): (i: number) => InlineMatch | null {
  const bracket = nextMatch(raw, CLOSERS_OF.bracket);
  const paren = nextMatch(raw, CLOSERS_OF.paren);
  const quote = nextMatch(raw, CLOSERS_OF.quote);
  const autolinkEnd = nextMatch(raw, CLOSERS_OF.autolinkEnd);
  const urlEnd = nextMatch(raw, CLOSERS_OF.urlEnd);
  const tildes = nextMatch(raw, CLOSERS_OF.tildes);
  const stars = nextMatch(raw, CLOSERS_OF.stars);
  const unders = nextMatch(raw, CLOSERS_OF.unders);
  const star = nextMatch(raw, CLOSERS_OF.star);
  const tick = nextMatch(raw, CLOSERS_OF.tick);
  const closer = nextMatch(raw, CLOSERS_OF.linkText);
  let closerFrom = -1;
  let closerAt = -1;
  const targetStop = nextMatch(raw, CLOSERS_OF.targetEnd);
  const skipSpace = (k: number) => {
    while (k < raw.length && isSpaceCode(raw.charCodeAt(k))) k++;
    return k;
  };
  // What follows a link target (`>`, a title, the `)`) depends only on where the target ends: links that end at
  // the same place (`[a](x[b](x…`) are worked out once.
  let afterTargetOf = -1;
  let afterTargetEnd = -1;
  const afterTarget = (q: number) => {
    if (afterTargetOf !== q) {
      afterTargetOf = q;
      if (raw[q] === '>') q++;
      afterTargetEnd = -1;
      const title = skipSpace(q);
      if (title > q && raw[title] === '"') {
        const close = quote(title + 1);
        const end = close < 0 ? -1 : skipSpace(close + 1);
        if (end >= 0 && raw[end] === ')') afterTargetEnd = end + 1;
      }
      const end = skipSpace(q);
      if (afterTargetEnd < 0 && raw[end] === ')') afterTargetEnd = end + 1;
    }
    return afterTargetEnd;
  };
  /** The end of a link's `(target "title")` that starts at `open` (its `(`), or -1 when there is none. */
  const linkTarget = (open: number) => {
    if (raw[open] !== '(') return -1;
    let q = skipSpace(open + 1);
    if (raw[q] === '<') q++;
    const stop = targetStop(q);
    return afterTarget(stop < 0 ? raw.length : stop);
  };
  let targetOf = -1;
  let targetEnd = -1;
  return (i) => {
    switch (raw[i]) {
      case '!': {
        if (raw[i + 1] !== '[') return null;
        const close = bracket(i + 2);
        if (close < 0 || raw[close + 1] !== '(') return null;
        const end = paren(close + 2);
        return end < 0 ? null : { kind: 'image', end: end + 1 };
      }
      case '[': {
        const start = closer(i + 1);
        if (start < 0) return null;
        if (closerFrom !== start) {
          closerFrom = start;
          closerAt = raw.indexOf(']', start);
        }
        const close = closerAt;
        // Every opener before the same `]` meets the same target: work it out once.
        if (targetOf !== close) {
          targetOf = close;
          targetEnd = linkTarget(close + 1);
        }
        return targetEnd < 0 ? null : { kind: 'link', end: targetEnd, inner: [i + 1, close] };
      }
      case '<': {
        const scheme = /^<(?:https?|mailto):/.exec(raw.slice(i, i + 8))?.[0].length;
        if (scheme === undefined) return null;
        const end = autolinkEnd(i + scheme);
        return end > i + scheme && raw[end] === '>' ? { kind: 'autolink', end: end + 1 } : null;
      }
      case '~': {
        if (raw[i + 1] !== '~') return null;
        const close = tildes(i + 3);
        return close < 0 ? null : { kind: 'strike', end: close + 2, inner: [i + 2, close] };
      }
      case '*':
      case '_': {
        if (raw[i + 1] === raw[i]) {
          const close = (raw[i] === '*' ? stars : unders)(i + 3);
          if (close >= 0) return { kind: 'strong', end: close + 2, inner: [i + 2, close] };
        }
        if (raw[i] === '_' || i + 1 >= raw.length || raw[i + 1] === '*' || isSpaceCode(raw.charCodeAt(i + 1)))
          return null;
        const close = star(i + 1);
        return close < 0 ? null : { kind: 'em', end: close + 1, inner: [i + 1, close] };
      }
      case '`': {
        if (raw[i + 1] === '`') return null;
        const close = tick(i + 1);
        return close < 0 ? null : { kind: 'code', end: close + 1, inner: [i + 1, close] };
      }
      case '\\':
        return ESCAPABLE.has(raw[i + 1] ?? '') ? { kind: 'escape', end: i + 2, inner: [i + 1, i + 2] } : null;
      case 'h': {
        const scheme = /^https?:\/\//.exec(raw.slice(i, i + 8))?.[0].length;
        if (scheme === undefined) return null;
        let end = urlEnd(i + scheme);
        if (end < 0) end = raw.length;
        return end > i + scheme ? { kind: 'url', end } : null;
      }
      default:
        return null;
    }
  };
}

/** Clean one block's inline Markdown; `base` is the block's offset in the body. */
function inline(raw: string, base: number, out: Builder): void {
  const at = inlineScanner(raw);
  let i = 0;
  let plainFrom = 0;
  const flush = (to: number) => {
    if (to > plainFrom) out.keep(raw.slice(plainFrom, to), base + plainFrom);
  };
  while (i < raw.length) {
    const m = at(i);
    if (!m) {
      i++;
      continue;
    }
    // `_` only marks emphasis at a word edge; in snake_case it is a letter.
    if (m.kind === 'strong' && raw[i] === '_' && /\w/.test(raw[i - 1] ?? '')) {
      i++;
      continue;
    }
    flush(i);
    const [from, to] = m.inner ?? [i, i];
    switch (m.kind) {
      case 'image':
      case 'autolink':
      case 'url':
        break;
      case 'link':
      case 'em':
      case 'strong':
        inline(raw.slice(from, to), base + from, out);
        break;
      case 'code':
      case 'escape':
        out.keep(raw.slice(from, to), base + from);
        break;
      case 'strike': {
        const struck = new Builder();
        inline(raw.slice(from, to), base + from, struck);
        out.retractions.push({ at: out.text.length, text: struck.text });
        break;
      }
    }
    i = m.end;
    plainFrom = i;
  }
  flush(raw.length);
}

/** Line-level Markdown: headings, block quotes, list markers, rules. */
function stripLineMarkers(line: string): { text: string; skip: number } | null {
  if (/^\s*([-*_])(\s*\1){2,}\s*$/.test(line)) return null; // horizontal rule
  const m = /^\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+|\d+[.)]\s+)*/.exec(line);
  const skip = m ? m[0].length : 0;
  let text = line.slice(skip);
  if (/^\s{0,3}#/.test(line)) text = withoutClosingHashes(text);
  return { text, skip };
}

/** An ATX heading's text without its closing hashes (`## Title ##`), which must follow white space. */
function withoutClosingHashes(text: string): string {
  let end = text.length;
  while (end > 0 && isSpaceCode(text.charCodeAt(end - 1))) end--;
  let hashes = end;
  while (hashes > 0 && text[hashes - 1] === '#') hashes--;
  let cut = hashes;
  while (cut > 0 && isSpaceCode(text.charCodeAt(cut - 1))) cut--;
  return hashes < end && cut < hashes ? text.slice(0, cut) : text;
}

const OPENERS = /[(（[【「『“]$/u;
const CLOSERS = /^[)）\]】」』”]/u;
const URL_RE = /https?:\/\/|<https?:/;
/** A Markdown picture: `![alt](src)`. */
const IMAGE = /!\[[^\]]*\]\([^)]*\)/u;

// A sentence glued to the next without a space: `…quốc gia này.Nga được…`. Not `Mail.Ru`, `7.4`, `v.v.`.
const GLUED = /(?<=[\p{Ll}\p{M}]{2})([.!?])(?=\p{Lu}\p{Ll})/gu;
/** The end of a domain name; the name itself is the run of letters, digits and hyphens before it. */
const TOP_LEVEL = /\.(?:ru|com|net|org|vn|cn|io|co|uk|de|info|biz|me|tv|app)\b/giu;
const DOMAIN_CHAR = /^[\p{L}\p{N}-]$/u;

/**
 * Split a body into clean paragraphs. Blank lines separate blocks; a block that only continues a
 * bracket the previous one opened (a link that broke a sentence across blank lines) is joined back.
 * Images, bare URLs and link targets are dropped, link text is kept, struck text set aside, and a
 * block that was only a link to the source (`原文：<url>`) is dropped.
 */
export function cleanBody(body: string): Paragraph[] {
  const blocks: Builder[] = [];
  const lineRe = /[^\n]*(?:\n|$)/g;
  let current: Builder | null = null;
  let currentRaw = '';
  // Blocks that come right after a block that was only a picture.
  const captions = new Set<Builder>();
  let afterImage = false;
  const close = () => {
    if (current) {
      const b = current.squeeze();
      const isSourceLine = URL_RE.test(currentRaw) && b.text.length <= 24 && [...b.text].length <= 12;
      const previous = blocks.at(-1);
      if (b.text && /[\p{L}\p{N}]/u.test(b.text) && !isSourceLine) {
        blocks.push(b);
        if (afterImage) captions.add(b);
        afterImage = false;
      } else {
        afterImage = IMAGE.test(currentRaw);
        if (previous)
          for (const r of b.retractions) previous.retractions.push({ at: previous.text.length, text: r.text });
      }
    }
    current = null;
    currentRaw = '';
  };
  for (const m of body.matchAll(lineRe)) {
    if (m[0] === '') break;
    const line = m[0].replace(/\r?\n$/, '');
    if (/^\s*$/.test(line)) {
      close();
      continue;
    }
    const stripped = stripLineMarkers(line);
    if (!stripped) {
      close();
      continue;
    }
    current ??= new Builder();
    currentRaw += line + '\n';
    // Lines of one block are joined by a space (squeeze drops it between Han characters).
    if (current.text.length) current.insert(' ', m.index);
    inline(stripped.text, m.index + stripped.skip, current);
  }
  close();

  // Join blocks a link split apart: "土耳其(" + "[text](url)" + ")和欧洲…".
  const joined: Builder[] = [];
  for (const b of blocks) {
    const prev = joined.at(-1);
    if (prev && (OPENERS.test(prev.text) || CLOSERS.test(b.text))) prev.append(b);
    else joined.push(b);
  }

  return joined.map((b) => {
    const paragraph = unglue(b);
    if (captions.has(b)) paragraph.caption = true;
    return paragraph;
  });
}

/**
 * Where domain names stand (`Mail.ru`), as [start, end) in increasing order: what `/[\p{L}\p{N}-]+\.(?:ru|…)\b/g`
 * finds, without trying every start inside a long word (which would take quadratic time).
 */
function domains(text: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let done = 0;
  for (const m of text.matchAll(TOP_LEVEL)) {
    if (m.index < done) continue;
    let start = m.index;
    while (start > done) {
      const low = text.charCodeAt(start - 1);
      const pair = low >= 0xdc00 && low <= 0xdfff && start - 2 >= done ? 2 : 1;
      if (!DOMAIN_CHAR.test(text.slice(start - pair, start))) break;
      start -= pair;
    }
    if (start === m.index) continue;
    done = m.index + m[0].length;
    out.push([start, done]);
  }
  return out;
}

/** Insert the missing space where two sentences were glued together. */
function unglue(b: Builder): Paragraph {
  const names = domains(b.text);
  const cuts: number[] = [];
  let d = 0;
  for (const m of b.text.matchAll(GLUED)) {
    const at = m.index + 1;
    while (d < names.length && names[d]![1] <= at) d++;
    const inName = d < names.length && at > names[d]![0] && at < names[d]![1];
    if (!inName) cuts.push(at);
  }
  if (cuts.length === 0) return b.paragraph();
  const out = new Builder();
  let from = 0;
  for (const cut of cuts) {
    out.copy(b, from, cut);
    out.insert(' ', b.map[cut] ?? 0);
    from = cut;
  }
  out.copy(b, from, b.text.length);
  // A retraction moves right by the spaces inserted at or before it.
  const shift = (at: number) => {
    let lo = 0;
    let hi = cuts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cuts[mid]! <= at) lo = mid + 1;
      else hi = mid;
    }
    return at + lo;
  };
  out.retractions = b.retractions.map((r) => ({ at: shift(r.at), text: r.text }));
  return out.paragraph();
}
