import { z } from 'zod';
import type { Lang } from './types.ts';

/**
 * The bot's settings, read from the environment (and `.env` through dotenv) and checked with zod at start.
 * Every invalid or missing value is reported at once, in one message; the token's value never appears in it.
 */

const SNOWFLAKE = /^\d{17,20}$/;
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Blank means "not set": an empty line in `.env` must not count as a value. */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : typeof v === 'string' ? v.trim() : v),
    schema.optional(),
  );

/** What a bot token looks like: three dot-separated base64url parts (a folder path hardly does). */
const BOT_TOKEN_SHAPE = /^[\w-]{20,}\.[\w-]{4,}\.[\w-]{20,}$/;
const TOKEN_IN_CORPUS_DIR =
  'expected a folder; this value looks like a bot token, so it is not shown (pasted into the wrong variable?)';

const snowflake = (what: string) => z.string().regex(SNOWFLAKE, `expected ${what}: a Discord id of 17 to 20 digits`);

/** Checks on the token that never echo it: zod's default messages would quote the received value. */
const token = z.string().superRefine((v, ctx) => {
  if (/^bot\s/i.test(v))
    ctx.addIssue({ code: 'custom', message: 'expected the bare token, without the "Bot " prefix' });
  else if (/[\s"'`]/.test(v))
    ctx.addIssue({
      code: 'custom',
      message: 'expected one word with no spaces or quotes (a token was pasted with spaces or quotes?)',
    });
  else if (v.length < 20)
    ctx.addIssue({
      code: 'custom',
      message: 'expected a bot token (Developer Portal → Bot → Reset Token); this value is too short to be one',
    });
});

/**
 * A PostgreSQL connection URL, checked without ever quoting it: it usually holds a password. Any problem is said
 * in words only (the scheme expected, the part missing).
 */
const databaseUrl = z.string().superRefine((v, ctx) => {
  let url: URL;
  try {
    url = new URL(v);
  } catch {
    ctx.addIssue({
      code: 'custom',
      message:
        'expected a PostgreSQL URL such as postgres://user:password@host:5432/database (this value is not a URL)',
    });
    return;
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:')
    ctx.addIssue({ code: 'custom', message: 'expected a URL starting with postgres:// or postgresql://' });
  else if (!url.hostname && !url.searchParams.has('host'))
    ctx.addIssue({ code: 'custom', message: 'expected a host, as in postgres://user:password@host:5432/database' });
});

/** Checked without echoing it: the salt is a secret. */
const salt = z.string().superRefine((v, ctx) => {
  if (v.length < 16)
    ctx.addIssue({ code: 'custom', message: 'expected at least 16 characters (leave it blank to have one generated)' });
});

const Env = z.object({
  DISCORD_TOKEN: optional(token),
  DISCORD_APPLICATION_ID: optional(snowflake('the application id')),
  DISCORD_GUILD_ID: optional(snowflake('a server (guild) id')),
  DISCORD_API_BASE: optional(
    z
      .url('expected an http(s) URL such as https://discord.com/api')
      .refine((u) => /^https?:\/\//i.test(u), 'expected an http(s) URL such as https://discord.com/api')
      // discord.js appends the API version itself: `…/api/v10` given here would become `…/api/v10/v10`.
      .transform((u) => u.replace(/\/+$/, '').replace(/\/v\d+$/, '')),
  ),
  CORPUS_DIR: optional(
    z.string().superRefine((v, ctx) => {
      // A folder name is echoed in every corpus message: a token pasted here must not be.
      if (BOT_TOKEN_SHAPE.test(v)) ctx.addIssue({ code: 'custom', message: TOKEN_IN_CORPUS_DIR });
    }),
  ),
  DATABASE_URL: optional(databaseUrl),
  DATA_DIR: optional(z.string()),
  FEEDBACK_SALT: optional(salt),
  FEEDBACK_RETENTION_DAYS: optional(
    z.coerce
      .number('expected a whole number of days from 1 to 3650')
      .int('expected a whole number of days from 1 to 3650')
      .min(1, 'expected a whole number of days from 1 to 3650')
      .max(3650, 'expected a whole number of days from 1 to 3650'),
  ),
  DEFAULT_LANG: optional(z.enum(['vi', 'zh'], 'expected "vi" or "zh"')),
  MODERATOR_ROLE_IDS: optional(
    z
      .string()
      .transform((s) =>
        s
          .split(',')
          .map((x) => x.trim())
          .filter(Boolean),
      )
      .superRefine((ids, ctx) => {
        // One line for the variable, saying which entries are wrong by position: a value is never echoed, in
        // case the token was pasted into the wrong variable.
        const bad = ids.flatMap((id, i) => (SNOWFLAKE.test(id) ? [] : [i + 1]));
        if (bad.length)
          ctx.addIssue({
            code: 'custom',
            message: `expected role ids separated by commas, each a Discord id of 17 to 20 digits (${bad.length === 1 ? 'entry' : 'entries'} ${bad.join(', ')} of ${ids.length} ${bad.length === 1 ? 'is' : 'are'} not)`,
          });
      }),
  ),
  LOG_LEVEL: optional(z.enum(LOG_LEVELS, `expected one of ${LOG_LEVELS.join(', ')}`)),
  CORPUS_WATCH: optional(z.enum(['0', '1', 'true', 'false'], 'expected 1 or 0')),
  CONSOLE_LOCALE: optional(z.string()),
  DISCORD_PUBLIC_KEY: optional(
    z
      .string()
      .regex(
        /^[0-9a-f]{64}$/i,
        'expected the public key: 64 hexadecimal characters (Developer Portal → General Information)',
      )
      .transform((k) => k.toLowerCase()),
  ),
  PORT: optional(
    z
      .string()
      .regex(/^\d{1,5}$/, 'expected a port number from 0 to 65535')
      .transform(Number)
      .refine((n) => n <= 65_535, 'expected a port number from 0 to 65535'),
  ),
  HOST: optional(z.string().regex(/^[\w.:[\]-]+$/, 'expected a host name or IP address to listen on, e.g. 127.0.0.1')),
});

export interface Config {
  /** Absent: the bot runs as the local console. */
  token?: string;
  applicationId?: string;
  guildId?: string;
  /** REST base without the version, e.g. `https://discord.com/api` (discord.js appends `/v10`). */
  apiBase: string;
  corpusDir: string;
  /** Set: the corpus lives in this PostgreSQL database, shared by every replica, instead of `corpusDir`. */
  databaseUrl?: string;
  /** Where the bot keeps its own files (the feedback database and its salt when there is no DATABASE_URL). */
  dataDir: string;
  /** The salt of member ids in the feedback log; absent: generated once and kept (see src/feedback/). */
  feedbackSalt?: string;
  /** Answers and votes older than this are deleted (daily). */
  feedbackRetentionDays: number;
  defaultLang: Lang;
  moderatorRoleIds: string[];
  logLevel: (typeof LOG_LEVELS)[number];
  corpusWatch: boolean;
  consoleLocale?: string;
  /** The application's public key (hex): what HTTP interactions are signed with. */
  publicKey?: string;
  /** Where `npm run serve` listens for HTTP interactions (port 0: any free port). */
  port: number;
  host: string;
}

export const DEFAULT_API_BASE = 'https://discord.com/api';
export const DEFAULT_PORT = 8080;
/** Only this machine: in production a reverse proxy in front terminates TLS (see the README). */
export const DEFAULT_HOST = '127.0.0.1';

/** The settings could not be read: every problem, one per line, never a secret's value. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `Configuration has ${problems.length} problem${problems.length === 1 ? '' : 's'} (see .env.example):\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
    this.name = 'ConfigError';
  }
}

/** Read and check the settings; `require` names values that this use needs (e.g. deploy needs the application id). */
export function readConfig(
  env: NodeJS.ProcessEnv = process.env,
  require: Array<'DISCORD_TOKEN' | 'DISCORD_APPLICATION_ID' | 'DISCORD_PUBLIC_KEY' | 'DATABASE_URL'> = [],
): Config {
  const parsed = Env.safeParse(env);
  // A value can fail two checks with the same message (not a URL, and not http(s)): say it once.
  const problems: string[] = parsed.success
    ? []
    : [...new Set(parsed.error.issues.map((i) => `${String(i.path[0] ?? 'environment')}: ${i.message}`))];
  const values = parsed.success ? parsed.data : undefined;
  const token = env.DISCORD_TOKEN?.trim();
  if (token && env.CORPUS_DIR?.trim() === token && !problems.some((p) => p.startsWith('CORPUS_DIR:')))
    problems.push(`CORPUS_DIR: ${TOKEN_IN_CORPUS_DIR}`);
  for (const name of require) {
    const raw = env[name];
    if ((raw === undefined || raw.trim() === '') && !problems.some((p) => p.startsWith(`${name}:`)))
      problems.push(`${name}: missing (required for this command)`);
  }
  if (problems.length || !values) throw new ConfigError(problems);
  return {
    ...(values.DISCORD_TOKEN ? { token: values.DISCORD_TOKEN } : {}),
    ...(values.DISCORD_APPLICATION_ID ? { applicationId: values.DISCORD_APPLICATION_ID } : {}),
    ...(values.DISCORD_GUILD_ID ? { guildId: values.DISCORD_GUILD_ID } : {}),
    apiBase: values.DISCORD_API_BASE ?? DEFAULT_API_BASE,
    corpusDir: values.CORPUS_DIR ?? 'corpus',
    ...(values.DATABASE_URL ? { databaseUrl: values.DATABASE_URL } : {}),
    dataDir: values.DATA_DIR ?? 'data',
    ...(values.FEEDBACK_SALT ? { feedbackSalt: values.FEEDBACK_SALT } : {}),
    feedbackRetentionDays: values.FEEDBACK_RETENTION_DAYS ?? 90,
    defaultLang: values.DEFAULT_LANG ?? 'vi',
    moderatorRoleIds: values.MODERATOR_ROLE_IDS ?? [],
    logLevel: values.LOG_LEVEL ?? 'info',
    corpusWatch: values.CORPUS_WATCH === '1' || values.CORPUS_WATCH === 'true',
    ...(values.CONSOLE_LOCALE ? { consoleLocale: values.CONSOLE_LOCALE } : {}),
    ...(values.DISCORD_PUBLIC_KEY ? { publicKey: values.DISCORD_PUBLIC_KEY } : {}),
    port: values.PORT ?? DEFAULT_PORT,
    host: values.HOST ?? DEFAULT_HOST,
  };
}

/** Values of the settings that must never be written to a log: the token, the database URL and its password. */
export function secretsOf(config: Pick<Config, 'token' | 'databaseUrl'>): string[] {
  const out = [config.token, config.databaseUrl];
  if (config.databaseUrl) {
    try {
      const password = new URL(config.databaseUrl).password;
      out.push(password, decodeURIComponent(password));
    } catch {
      /* checked at start: a URL */
    }
  }
  return out.filter((s): s is string => Boolean(s));
}
