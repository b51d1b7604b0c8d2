import { z } from 'zod';
import { hasControl } from '../text/controls.ts';

/**
 * What corpus files must hold. Every message says the field and what was expected; the loader adds the
 * file name and what it got: `corpus/x.md: lang must be "vi" or "zh" (got "xx")`.
 */

export const SOURCE_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function isRealDate(s: string): boolean {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

function isHttpUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname.length > 0;
  } catch {
    return false;
  }
}

const text = (field: string) =>
  z
    .string({ error: `${field} must be a non-empty string` })
    .trim()
    .min(1, { error: `${field} must be a non-empty string` });

/** Longest `url`: every citation carries it, and an answer quotes up to three within Discord's 6000 characters. */
export const MAX_URL_LENGTH = 512;
/** Longest entity or glossary id, as Discord's autocomplete values and `max_length: 100` options allow. */
export const MAX_ID_LENGTH = 100;

export const FrontMatter = z.strictObject(
  {
    title: text('title')
      .max(300, { error: 'title must be at most 300 characters' })
      .refine((s) => !hasControl(s), { error: 'title must be one line without control characters' }),
    lang: z.enum(['vi', 'zh'], { error: 'lang must be "vi" or "zh"' }),
    url: z.string({ error: 'url must be an http or https URL' }).superRefine((s, ctx) => {
      // One problem per field: the first that applies.
      const problem =
        s.length > MAX_URL_LENGTH
          ? `url must be at most ${MAX_URL_LENGTH} characters`
          : !isHttpUrl(s)
            ? 'url must be an http or https URL'
            : /\s/.test(s) || hasControl(s)
              ? 'url must not contain spaces or control characters'
              : undefined;
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
    published: z
      .string({ error: 'published must be a date YYYY-MM-DD' })
      .refine((s) => DATE.test(s) && isRealDate(s), { error: 'published must be a date YYYY-MM-DD' })
      .optional(),
    publisher: text('publisher').max(100, { error: 'publisher must be at most 100 characters' }).optional(),
    note: text('note').max(500, { error: 'note must be at most 500 characters' }).optional(),
  },
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys' ? undefined : 'front matter must be a YAML mapping of fields',
  },
);
export type FrontMatter = z.infer<typeof FrontMatter>;
export const FRONT_MATTER_FIELDS = Object.keys(FrontMatter.shape);

const slug = (what: string) =>
  z
    .string({ error: `${what} must be lowercase letters, digits and hyphens` })
    .regex(SOURCE_ID, { error: `${what} must be lowercase letters, digits and hyphens` })
    .max(MAX_ID_LENGTH, { error: `${what} must be at most ${MAX_ID_LENGTH} characters` });
const names = (field: string) => z.array(text(`each of ${field}`), { error: `${field} must be a list of names` });

export const EntityEntry = z.strictObject({
  id: slug('id'),
  kind: z.enum(['person', 'company', 'fund', 'product', 'source'], {
    error: 'kind must be one of person, company, fund, product, source',
  }),
  names: names('names').min(1, { error: 'names must list at least one name that appears in the articles' }),
  also: names('also').optional(),
  /** How an article speaks of it without its name (see `Entity.called`): each must appear in an article. */
  called: names('called').optional(),
  /** For a joint venture: the ids of the companies and funds that formed it. */
  partners: z
    .array(slug('each of partners'), { error: 'partners must be a list of entity ids' })
    .min(1, { error: 'partners must list at least one entity id' })
    .optional(),
});
export const EntitiesFile = z.array(EntityEntry, { error: 'the file must be a YAML list of entities' });

export const GlossaryEntry = z
  .strictObject({
    id: slug('id'),
    vi: names('vi').optional(),
    zh: names('zh').optional(),
    en: names('en').optional(),
    kind: z
      .enum(['place', 'venture', 'topic', 'role', 'apart'], {
        error: 'kind must be "place", "venture", "topic", "role" or "apart" (or left out)',
      })
      .optional(),
  })
  .refine((e) => (e.vi?.length ?? 0) + (e.zh?.length ?? 0) + (e.en?.length ?? 0) > 0, {
    error: 'an entry needs at least one of vi, zh, en',
  });
export const GlossaryFile = z.array(GlossaryEntry, { error: 'the file must be a YAML list of terms' });

export const ChatEntry = z.strictObject({
  lang: z.enum(['vi', 'zh', 'en'], { error: 'lang must be one of vi, zh, en' }),
  says: names('says').min(1, { error: 'says must list at least one form members type' }),
  means: text('means'),
});
export const ChatFile = z.array(ChatEntry, { error: 'the file must be a YAML list of chat words' });

export const CorrectionEntry = z.strictObject({
  source: slug('source'),
  text: text('text'),
  corrected_by: z.strictObject(
    { source: slug('corrected_by.source'), text: text('corrected_by.text') },
    { error: 'corrected_by must have source and text' },
  ),
});
export const CorrectionsFile = z.array(CorrectionEntry, { error: 'the file must be a YAML list of corrections' });

/**
 * One line per zod issue: `<field> <what was expected> (got <value>)`. In a list file the line starts
 * with the entry: `entry 3 (jack-ma): kind must be one of …`.
 */
export function describeIssues(error: z.ZodError, input: unknown): string[] {
  return error.issues.map((issue) => {
    let path = issue.path;
    let prefix = '';
    let base = input;
    if (Array.isArray(input) && typeof path[0] === 'number') {
      const entry: unknown = input[path[0]];
      const id = entry && typeof entry === 'object' ? (entry as { id?: unknown }).id : undefined;
      prefix = `entry ${path[0] + 1}${typeof id === 'string' ? ` (${id})` : ''}: `;
      base = entry;
      path = path.slice(1);
    }
    if (issue.code === 'unrecognized_keys') {
      const where = path.length ? `${path.join('.')}: ` : '';
      return `${prefix}${where}unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    }
    const field = path.map(String).join('.');
    const got = valueAt(base, path);
    if (got === undefined && (issue.code === 'invalid_type' || issue.code === 'invalid_value') && field) {
      return `${prefix}${field} is required (${issue.message.replace(/^.*? must /, 'must ')})`;
    }
    const shown = got === undefined ? '' : ` (got ${excerpt(got)})`;
    const last = String(path.at(-1) ?? '');
    const named =
      !field || issue.message.startsWith(last) || issue.message.startsWith('each of')
        ? issue.message
        : `${field}: ${issue.message}`;
    return `${prefix}${named}${shown}`;
  });
}

/** A value as JSON, cut short when long: a 5,000-character URL must not fill the problem list. */
function excerpt(value: unknown): string {
  const json = (JSON.stringify(value) as string | undefined) ?? String(value);
  if (json.length <= 120) return json;
  const length = typeof value === 'string' ? `${[...value].length} characters` : `${json.length} characters of JSON`;
  return `${json.slice(0, 100)}… (${length})`;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = input;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v instanceof Date ? v.toISOString().slice(0, 10) : v;
}
