import { createHash } from 'node:crypto';
import type { Dirent } from 'node:fs';
import { open, readdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { z } from 'zod';
import { bodyLanguage } from '../text/language.ts';
import { Lexicon } from '../text/lexicon.ts';
import type { ChatTerm, Corpus, Entity, GlossaryTerm, Passage, Source } from '../types.ts';
import { cleanBody } from './clean.ts';
import {
  ChatFile,
  CorrectionsFile,
  describeIssues,
  EntitiesFile,
  FRONT_MATTER_FIELDS,
  FrontMatter,
  GlossaryFile,
  SOURCE_ID,
} from './schema.ts';
import { passagesOf } from './split.ts';

/**
 * The YAML parser, loaded on the first file that needs it: a start that loads the saved index (a CLI call) reads no
 * YAML, and loading the parser is a good share of such a call. (Its Node build is CommonJS, so it can be required.)
 */
let yaml: typeof import('yaml') | undefined;
function parseYaml(text: string, options: import('yaml').ParseOptions): unknown {
  yaml ??= createRequire(import.meta.url)('yaml') as typeof import('yaml');
  return yaml.parse(text, options);
}

/** How the loader names a detected language. */
const WRITTEN = { vi: 'Vietnamese', zh: 'Chinese', en: 'English or another language without Vietnamese letters' };

/** A corpus that cannot be loaded: every problem, each naming the file and the field. */
export class CorpusError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `Corpus not loaded: ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
    this.name = 'CorpusError';
  }
}

/** A file as read from disk (or from a moderator's upload, before it is written). */
export interface CorpusFile {
  name: string;
  bytes: Uint8Array;
  /**
   * The file's size when it is over {@link MAX_CORPUS_FILE_BYTES}: then `bytes` holds only its beginning, and
   * loading refuses it by name.
   */
  size?: number;
  /** Why the name in the folder could not be read as a file (a broken link, a folder named `x.md`…). */
  unreadable?: string;
}

export const ENTITY_FILES = ['entities.yaml', 'entities.yml', 'entities.json'];
export const GLOSSARY_FILES = ['glossary.yaml', 'glossary.yml', 'glossary.json'];
export const CORRECTION_FILES = ['corrections.yaml', 'corrections.yml', 'corrections.json'];
export const CHAT_FILES = ['chat.yaml', 'chat.yml', 'chat.json'];

/** Largest corpus file, whether uploaded or put in the folder: an article of 512 KiB is far longer than any news story. */
export const MAX_CORPUS_FILE_BYTES = 512 * 1024;

/** Longest file name in the folder: an article's name is its source id, which autocomplete and options carry. */
export const MAX_FILE_NAME = 100;

/**
 * Read every corpus file of `dir` (articles `*.md`, entities, glossary, corrections, chat). Hidden files (`._x.md` that
 * macOS leaves, our own `.tmp` files, `.trash/`) are not corpus files. A symbolic link is read as the file it points
 * to. A file over the size limit is read no further than the limit: loading then refuses it by name.
 */
export async function readCorpusDir(dir: string): Promise<CorpusFile[]> {
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (err) {
    throw new CorpusError([
      `${dir}: cannot read the corpus folder (${(err as NodeJS.ErrnoException).code ?? String(err)})`,
    ]);
  }
  const wanted = entries
    .filter((d) => !d.name.startsWith('.') && (d.isFile() || d.isSymbolicLink() || d.isDirectory()))
    .map((d) => d.name)
    .filter((n) => n.toLowerCase().endsWith('.md') || LIST_FILES.includes(n))
    .sort();
  return Promise.all(wanted.map((name) => readCapped(path.join(dir, name), name)));
}

const LIST_FILES = [...ENTITY_FILES, ...GLOSSARY_FILES, ...CORRECTION_FILES, ...CHAT_FILES];

/** A file's bytes, at most one past the limit (so that a file the size of a disk is never read whole). */
async function readCapped(file: string, name: string): Promise<CorpusFile> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (err) {
    return unreadable(name, (err as NodeJS.ErrnoException).code ?? String(err));
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) return unreadable(name, info.isDirectory() ? 'a folder' : 'not a regular file');
    const buffer = Buffer.alloc(Math.min(info.size, MAX_CORPUS_FILE_BYTES) + 1);
    let filled = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
      if (filled === buffer.length) break;
    }
    const bytes = new Uint8Array(buffer.buffer, buffer.byteOffset, Math.min(filled, MAX_CORPUS_FILE_BYTES));
    return filled > MAX_CORPUS_FILE_BYTES ? { name, bytes, size: Math.max(info.size, filled) } : { name, bytes };
  } catch (err) {
    // EISDIR, EIO…: named like any other problem, so one bad entry does not hide the others.
    return unreadable(name, (err as NodeJS.ErrnoException).code ?? String(err));
  } finally {
    await handle.close();
  }
}

function unreadable(name: string, why: string): CorpusFile {
  return { name, bytes: new Uint8Array(0), unreadable: why };
}

/** The problem with a file that loading cannot even read, if any. */
function unreadableProblem(file: CorpusFile, where: string): string | undefined {
  const why = file.unreadable;
  if (why !== undefined)
    return `${where}: cannot be read (${why}${why === 'ENOENT' ? ': a broken symbolic link?' : ''})`;
  const size = Math.max(file.size ?? 0, file.bytes.byteLength);
  if (size > MAX_CORPUS_FILE_BYTES)
    return `${where}: ${size} bytes is over the ${MAX_CORPUS_FILE_BYTES}-byte (${MAX_CORPUS_FILE_BYTES / 1024} KiB) limit of a corpus file; split or shorten it`;
  return undefined;
}

/** Load and validate `dir`; all or nothing. */
export async function loadCorpus(dir: string): Promise<Corpus> {
  return buildCorpus(dir, await readCorpusDir(dir));
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function decode(file: CorpusFile, where: string, problems: string[]): string | null {
  try {
    // A line ending written as CR alone (old Mac editors) becomes LF: the same length, so offsets stay valid.
    return utf8
      .decode(file.bytes)
      .replace(/^\uFEFF/, '')
      .replace(/\r(?!\n)/g, '\n');
  } catch {
    // Find the first offending byte so the moderator can look at it (one streaming pass, not a decode per byte count).
    const stream = new TextDecoder('utf-8', { fatal: true });
    let bad = file.bytes.length;
    for (let n = 0; n < file.bytes.length; n++) {
      try {
        stream.decode(file.bytes.subarray(n, n + 1), { stream: true });
      } catch {
        bad = n;
        break;
      }
    }
    problems.push(`${where}: is not valid UTF-8 text (first bad byte at offset ${bad}); save it as UTF-8`);
    return null;
  }
}

const FRONT = /^---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;

function parseArticle(file: CorpusFile, where: string, problems: string[]): { meta: FrontMatter; body: string } | null {
  const text = decode(file, where, problems);
  if (text === null) return null;
  const m = FRONT.exec(text);
  if (!m) {
    problems.push(
      `${where}: front matter is missing (expected a first line "---", YAML fields ${FRONT_MATTER_FIELDS.join(', ')}, then a line "---")`,
    );
    return null;
  }
  let data: unknown;
  try {
    data = parseYaml(m[1]!, { uniqueKeys: true });
  } catch (err) {
    // The YAML parser counts lines from the first line after "---"; the moderator counts from the file's top.
    const linePos = (err as { linePos?: Array<{ line: number; col: number }> }).linePos?.[0];
    const at = linePos ? ` at line ${linePos.line + 1}, column ${linePos.col}` : '';
    const reason = firstLine(err).replace(/ at line \d+, column \d+:?$/, '');
    problems.push(`${where}: front matter is not valid YAML${at} (${reason})`);
    return null;
  }
  const parsed = FrontMatter.safeParse(data ?? {});
  if (!parsed.success) {
    for (const line of describeIssues(parsed.error, data)) {
      problems.push(
        `${where}: ${line}${line.startsWith('unknown field') ? ` (allowed: ${FRONT_MATTER_FIELDS.join(', ')})` : ''}`,
      );
    }
    return null;
  }
  return { meta: parsed.data, body: text.slice(m[0].length) };
}

function firstLine(err: unknown): string {
  return String(err instanceof Error ? err.message : err)
    .split('\n')[0]!
    .trim();
}

function parseListFile<S extends z.ZodType>(
  file: CorpusFile,
  where: string,
  schema: S,
  problems: string[],
): z.infer<S> | null {
  const text = decode(file, where, problems);
  if (text === null) return null;
  let data: unknown;
  try {
    data = file.name.endsWith('.json') ? JSON.parse(text) : parseYaml(text, { uniqueKeys: true });
  } catch (err) {
    problems.push(
      `${where}: is not valid ${file.name.endsWith('.json') ? 'JSON' : 'YAML'} (${firstLine(err).replace(/:$/, '')})`,
    );
    return null;
  }
  const parsed = schema.safeParse(data ?? []);
  if (!parsed.success) {
    for (const line of describeIssues(parsed.error, data)) problems.push(`${where}: ${line}`);
    return null;
  }
  return parsed.data;
}

/** Stable passage id: the same source and text give the same id on every load. */
export function passageId(source: string, text: string, occurrence = 0): string {
  const h = createHash('sha256').update(`${source}\n${text}\n${occurrence}`).digest('base64url');
  return `p${h.slice(0, 10)}`;
}

function duplicates(ids: string[]): string[] {
  const seen = new Set<string>();
  return [...new Set(ids.filter((id) => (seen.has(id) ? true : (seen.add(id), false))))];
}

/**
 * Validate a set of corpus files and build the corpus. Every problem of every file is collected
 * before anything is returned; any problem throws a {@link CorpusError} and nothing is built.
 */
export function buildCorpus(dir: string, given: CorpusFile[]): Corpus {
  const problems: string[] = [];
  const where = (name: string) => `${dir.replace(/\/+$/, '')}/${name}`;
  const sources: Source[] = [];
  const passages: Passage[] = [];
  const files = given.filter((f) => {
    const problem = unreadableProblem(f, where(f.name));
    if (problem) problems.push(problem);
    return !problem;
  });

  const articles = files.filter((f) => f.name.toLowerCase().endsWith('.md'));
  if (articles.length === 0 && given.length === files.length)
    problems.push(`${dir}: no articles (expected at least one <source-id>.md file)`);
  for (const id of duplicates(articles.map((f) => f.name.toLowerCase())))
    problems.push(`${where(id)}: duplicate source id "${id.replace(/\.md$/, '')}"`);

  for (const file of articles) {
    const id = file.name.slice(0, -3);
    if (!SOURCE_ID.test(id) || !file.name.endsWith('.md')) {
      problems.push(
        `${where(file.name)}: file name must be a source id (lowercase letters, digits and hyphens) followed by .md`,
      );
      continue;
    }
    if (file.name.length > MAX_FILE_NAME) {
      problems.push(
        `${where(file.name)}: file name must be at most ${MAX_FILE_NAME} characters (got ${file.name.length}): its source id is offered in autocomplete`,
      );
      continue;
    }
    const article = parseArticle(file, where(file.name), problems);
    if (!article) continue;
    const { meta, body } = article;
    const pieces = cleanBody(body.normalize('NFC')).flatMap((p) => passagesOf(p));
    if (pieces.length === 0) {
      problems.push(`${where(file.name)}: body is empty (expected the article text below the front matter)`);
      continue;
    }
    // Cited as its `lang` and found by questions in it: an article in another language would be neither.
    const written = bodyLanguage(pieces.map((p) => p.text).join('\n'));
    if (written && written !== meta.lang) {
      problems.push(
        `${where(file.name)}: lang is "${meta.lang}" but the text is written in ${WRITTEN[written]} (detected "${written}"); set lang to the article's language`,
      );
      continue;
    }
    sources.push({
      id,
      title: meta.title,
      lang: meta.lang,
      url: meta.url,
      ...(meta.published ? { published: meta.published } : {}),
      ...(meta.publisher ? { publisher: meta.publisher } : {}),
      ...(meta.note ? { note: meta.note } : {}),
      file: file.name,
      hash: createHash('sha256').update(file.bytes).digest('hex'),
    });
    const seen = new Map<string, number>();
    pieces.forEach((p, i) => {
      const n = seen.get(p.text) ?? 0;
      seen.set(p.text, n + 1);
      passages.push({
        id: passageId(id, p.text, n),
        source: id,
        lang: meta.lang,
        ordinal: i + 1,
        text: p.text,
        start: p.start,
        end: p.end,
        notes: [
          ...p.retracted.map((text) => ({ kind: 'retracted' as const, text })),
          ...(p.caption ? [{ kind: 'caption' as const }] : []),
        ],
      });
    });
  }

  const entities = loadEntities(files, where, passages, problems);
  const glossary = loadGlossary(files, where, problems);
  const chat = loadChat(files, where, problems);
  applyCorrections(files, where, passages, problems);

  if (problems.length) throw new CorpusError(problems);
  return { dir, sources, passages, entities, glossary, chat };
}

function pick(
  files: CorpusFile[],
  names: string[],
  where: (n: string) => string,
  problems: string[],
): CorpusFile | undefined {
  const found = files.filter((f) => names.includes(f.name));
  if (found.length > 1)
    problems.push(
      `${where(found[1]!.name)}: only one of ${names.join(', ')} may exist (found ${found.map((f) => f.name).join(' and ')})`,
    );
  return found[0];
}

function loadEntities(
  files: CorpusFile[],
  where: (n: string) => string,
  passages: Passage[],
  problems: string[],
): Entity[] {
  const file = pick(files, ENTITY_FILES, where, problems);
  if (!file) return [];
  const list = parseListFile(file, where(file.name), EntitiesFile, problems);
  if (!list) return [];
  for (const id of duplicates(list.map((e) => e.id))) problems.push(`${where(file.name)}: duplicate entity id "${id}"`);
  // Every name said to appear in the articles must appear in at least one passage.
  const checked = (e: (typeof list)[number]) => [...e.names, ...(e.called ?? [])];
  const lexicon = new Lexicon(
    list.flatMap((e) => checked(e).map((name, i) => ({ key: `${e.id}#${i}`, forms: [name] }))),
  );
  const found = new Set<string>();
  for (const p of passages) for (const key of lexicon.keys(p.text)) found.add(key);
  if (passages.length) {
    for (const e of list) {
      checked(e).forEach((name, i) => {
        if (found.has(`${e.id}#${i}`)) return;
        problems.push(
          i < e.names.length
            ? `${where(file.name)}: entity "${e.id}": name "${name}" does not appear in any article (move it to "also" if it is only another spelling)`
            : `${where(file.name)}: entity "${e.id}": called: "${name}" does not appear in any article (write it as the article does)`,
        );
      });
    }
  }
  const ids = new Set(list.map((e) => e.id));
  for (const e of list)
    for (const partner of e.partners ?? [])
      if (partner === e.id || !ids.has(partner))
        problems.push(
          `${where(file.name)}: entity "${e.id}": partners: "${partner}" must be the id of another entity in this file`,
        );
  return list.map((e) => ({
    id: e.id,
    kind: e.kind,
    names: e.names,
    otherNames: e.also ?? [],
    ...(e.called ? { called: e.called } : {}),
    ...(e.partners ? { partners: e.partners } : {}),
  }));
}

function loadGlossary(files: CorpusFile[], where: (n: string) => string, problems: string[]): GlossaryTerm[] {
  const file = pick(files, GLOSSARY_FILES, where, problems);
  if (!file) return [];
  const list = parseListFile(file, where(file.name), GlossaryFile, problems);
  if (!list) return [];
  for (const id of duplicates(list.map((e) => e.id))) problems.push(`${where(file.name)}: duplicate term id "${id}"`);
  return list.map((e) => ({
    id: e.id,
    forms: { vi: e.vi ?? [], zh: e.zh ?? [], en: e.en ?? [] },
    ...(e.kind ? { kind: e.kind } : {}),
  }));
}

/**
 * corpus/chat.yaml: what members type and what they mean. A form that stands inside its own meaning (`điện thoại`
 * for `điện thoại thông minh`) would be replaced again inside the replacement, and a form listed twice for one
 * language is ambiguous: both are errors.
 */
function loadChat(files: CorpusFile[], where: (n: string) => string, problems: string[]): ChatTerm[] {
  const file = pick(files, CHAT_FILES, where, problems);
  if (!file) return [];
  const list = parseListFile(file, where(file.name), ChatFile, problems);
  if (!list) return [];
  const seen = new Map<string, number>();
  list.forEach((e, i) => {
    const meaning = chatForm(e.means);
    for (const form of e.says) {
      const key = `${e.lang}:${chatForm(form)}`;
      const first = seen.get(key);
      if (first !== undefined)
        problems.push(
          `${where(file.name)}: entry ${i + 1}: "${form}" is already listed for ${e.lang} (entry ${first + 1})`,
        );
      else seen.set(key, i);
      const inside = /\p{Script=Han}/u.test(form)
        ? meaning.includes(chatForm(form))
        : ` ${meaning} `.includes(` ${chatForm(form)} `);
      if (inside)
        problems.push(
          `${where(file.name)}: entry ${i + 1}: "${form}" stands inside its own meaning ("${e.means}"); leave it out`,
        );
    }
  });
  return list.map((e) => ({ lang: e.lang, says: e.says, means: e.means }));
}

/** A chat form as it is compared: NFC, lower case, single spaces. */
function chatForm(s: string): string {
  return s.normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** Mark passages whose statement a correction elsewhere supersedes ("where they disagree the correction wins"). */
function applyCorrections(
  files: CorpusFile[],
  where: (n: string) => string,
  passages: Passage[],
  problems: string[],
): void {
  const file = pick(files, CORRECTION_FILES, where, problems);
  if (!file) return;
  const list = parseListFile(file, where(file.name), CorrectionsFile, problems);
  if (!list) return;
  const find = (source: string, text: string, field: string, i: number) => {
    const hit = passages.find((p) => p.source === source && p.text.includes(text.normalize('NFC')));
    if (!hit)
      problems.push(
        `${where(file.name)}: entry ${i + 1}: ${field} "${text}" is not in any passage of source "${source}"`,
      );
    return hit;
  };
  list.forEach((c, i) => {
    const target = find(c.source, c.text, 'text', i);
    const by = find(c.corrected_by.source, c.corrected_by.text, 'corrected_by.text', i);
    if (target && by)
      target.notes.push({
        kind: 'corrected',
        text: c.text,
        by: { source: by.source, passage: by.id, text: c.corrected_by.text },
      });
  });
}
