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
  map: number[];
  retractions: Retraction[];
}

/** Builds clean text while recording each character's origin. */
class Builder {
  text = '';
  map: number[] = [];
  retractions: Retraction[] = [];

  keep(raw: string, rawStart: number): void {
    this.text += raw;
    for (let i = 0; i < raw.length; i++) this.map.push(rawStart + i);
  }

  /** Text that is not in the body as such (a space between glued sentences); it maps to `rawAt`. */
  insert(s: string, rawAt: number): void {
    this.text += s;
    for (let n = s.length; n > 0; n--) this.map.push(rawAt); // one entry per UTF-16 unit
  }

  append(other: Builder, glue = ''): void {
    if (glue) this.insert(glue, other.map[0] ?? this.map.at(-1) ?? 0);
    const shift = this.text.length;
    this.text += other.text;
    this.map.push(...other.map);
    for (const r of other.retractions) this.retractions.push({ at: r.at + shift, text: r.text });
  }

  /** Collapse runs of white space to one space (none between two Han characters) and trim. */
  squeeze(): Builder {
    const out = new Builder();
    const t = this.text;
    const shiftAt: number[] = [];
    let i = 0;
    while (i < t.length) {
      shiftAt[i] = out.text.length;
      if (/\s/.test(t[i]!)) {
        let j = i;
        while (j < t.length && /\s/.test(t[j]!)) {
          shiftAt[j] = out.text.length;
          j++;
        }
        const before = out.text.at(-1);
        const after = t[j];
        const cjk = (c?: string) => c !== undefined && /[\p{Script=Han}\u3000-\u303f\uff00-\uffef]/u.test(c);
        if (out.text.length > 0 && j < t.length && !(cjk(before) && cjk(after))) out.insert(' ', this.map[i]!);
        i = j;
        continue;
      }
      out.keep(t[i]!, this.map[i]!);
      i++;
    }
    shiftAt[t.length] = out.text.length;
    out.retractions = this.retractions.map((r) => ({
      at: shiftAt[r.at] ?? out.text.length,
      text: r.text.replace(/\s+/g, ' ').trim(),
    }));
    return out;
  }
}

// Inline Markdown, tried in this order at each position.
const INLINE: Array<{
  re: RegExp;
  kind: 'image' | 'link' | 'autolink' | 'strike' | 'strong' | 'em' | 'code' | 'escape' | 'url';
}> = [
  { re: /^!\[[^\]]*\]\([^)]*\)/, kind: 'image' },
  { re: /^\[((?:[^\]\\]|\\.)*)\]\(\s*<?[^)\s>]*>?(?:\s+"[^"]*")?\s*\)/, kind: 'link' },
  { re: /^<(?:https?|mailto):[^>\s]+>/, kind: 'autolink' },
  { re: /^~~([\s\S]+?)~~/, kind: 'strike' },
  { re: /^(\*\*|__)([\s\S]+?)\1/, kind: 'strong' },
  { re: /^\*(?!\s)([^*]+?)\*/, kind: 'em' },
  { re: /^`([^`]+)`/, kind: 'code' },
  { re: /^\\([\\`*_{}[\]()#+\-.!~>|])/, kind: 'escape' },
  { re: /^https?:\/\/[^\s<>()]+/, kind: 'url' },
];

/** Clean one block's inline Markdown; `base` is the block's offset in the body. */
function inline(raw: string, base: number, out: Builder): void {
  let i = 0;
  let plainFrom = 0;
  const flush = (to: number) => {
    if (to > plainFrom) out.keep(raw.slice(plainFrom, to), base + plainFrom);
  };
  while (i < raw.length) {
    const c = raw[i]!;
    if (!'![<~*_`\\h'.includes(c)) {
      i++;
      continue;
    }
    const rest = raw.slice(i);
    const rule = INLINE.find((r) => r.re.test(rest));
    const m = rule && rest.match(rule.re);
    if (!rule || !m) {
      i++;
      continue;
    }
    // `_` only marks emphasis at a word edge; in snake_case it is a letter.
    if (rule.kind === 'strong' && m[1] === '__' && /\w/.test(raw[i - 1] ?? '')) {
      i++;
      continue;
    }
    flush(i);
    const inner = (group: number) => {
      const text = m[group]!;
      inline(text, base + i + m[0].indexOf(text), out);
    };
    switch (rule.kind) {
      case 'image':
      case 'autolink':
      case 'url':
        break;
      case 'link':
      case 'em':
        inner(1);
        break;
      case 'strong':
        inner(2);
        break;
      case 'code':
        out.keep(m[1]!, base + i + 1);
        break;
      case 'escape':
        out.keep(m[1]!, base + i + 1);
        break;
      case 'strike': {
        const struck = new Builder();
        inline(m[1]!, base + i + 2, struck);
        out.retractions.push({ at: out.text.length, text: struck.text });
        break;
      }
    }
    i += m[0].length;
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
  // Closing hashes of an ATX heading.
  if (/^\s{0,3}#/.test(line)) text = text.replace(/\s+#+\s*$/, '');
  return { text, skip };
}

const OPENERS = /[(（[【「『“]$/u;
const CLOSERS = /^[)）\]】」』”]/u;
const URL_RE = /https?:\/\/|<https?:/;

// A sentence glued to the next without a space: `…quốc gia này.Nga được…`. Not `Mail.Ru`, `7.4`, `v.v.`.
const GLUED = /(?<=[\p{Ll}\p{M}]{2})([.!?])(?=\p{Lu}\p{Ll})/gu;
const DOMAIN = /[\p{L}\p{N}-]+\.(?:ru|com|net|org|vn|cn|io|co|uk|de|info|biz|me|tv|app)\b/giu;

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
  const close = () => {
    if (current) {
      const b = current.squeeze();
      const isSourceLine = URL_RE.test(currentRaw) && [...b.text].length <= 12;
      if (b.text && /[\p{L}\p{N}]/u.test(b.text) && !isSourceLine) blocks.push(b);
      else if (b.retractions.length && blocks.length)
        blocks
          .at(-1)!
          .retractions.push(...b.retractions.map((r) => ({ at: blocks.at(-1)!.text.length, text: r.text })));
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

  return joined.map((b) => unglue(b));
}

/** Insert the missing space where two sentences were glued together. */
function unglue(b: Builder): Paragraph {
  const protectedRanges: Array<[number, number]> = [];
  for (const m of b.text.matchAll(DOMAIN)) protectedRanges.push([m.index, m.index + m[0].length]);
  const cuts: number[] = [];
  for (const m of b.text.matchAll(GLUED)) {
    const at = m.index + 1;
    if (!protectedRanges.some(([s, e]) => at > s && at < e)) cuts.push(at);
  }
  if (cuts.length === 0) return { text: b.text, map: b.map, retractions: b.retractions };
  const out = new Builder();
  let from = 0;
  for (const cut of cuts) {
    out.text += b.text.slice(from, cut);
    out.map.push(...b.map.slice(from, cut));
    out.insert(' ', b.map[cut] ?? 0);
    from = cut;
  }
  out.text += b.text.slice(from);
  out.map.push(...b.map.slice(from));
  const shift = (at: number) => at + cuts.filter((c) => c <= at).length;
  return { text: out.text, map: out.map, retractions: b.retractions.map((r) => ({ at: shift(r.at), text: r.text })) };
}
