import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig, secretsOf } from '../src/config.ts';

const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.GAbCdE.abcdefghijklmnopqrstuvwxyz012345';
const APP_ID = '123456789012345678';

/** The problems of a configuration that must be refused; fails the test if it is accepted. */
function problemsOf(env: NodeJS.ProcessEnv, require: Parameters<typeof readConfig>[1] = []): string[] {
  try {
    readConfig(env, require);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error('expected the configuration to be refused');
}

const refused = (env: NodeJS.ProcessEnv) => {
  try {
    readConfig(env);
    return false;
  } catch {
    return true;
  }
};

/** The whole message of a refused configuration. */
function messageOf(env: NodeJS.ProcessEnv): string {
  try {
    readConfig(env);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('expected the configuration to be refused');
}

describe('readConfig', () => {
  it('has a default for everything but the Discord ids and the token', () => {
    expect(readConfig({})).toEqual({
      apiBase: 'https://discord.com/api',
      corpusDir: 'corpus',
      dataDir: 'data',
      feedbackRetentionDays: 90,
      defaultLang: 'vi',
      moderatorRoleIds: [],
      logLevel: 'info',
      corpusWatch: false,
      port: 8080,
      host: '127.0.0.1',
    });
  });

  it('reads the feedback settings, and never echoes the salt or the database URL', () => {
    expect(
      readConfig({
        DATA_DIR: '/var/lib/bot',
        FEEDBACK_SALT: 'a-long-enough-salt-value',
        FEEDBACK_RETENTION_DAYS: '30',
        DATABASE_URL: 'postgres://u:pw@db:5432/bot',
      }),
    ).toMatchObject({
      dataDir: '/var/lib/bot',
      feedbackSalt: 'a-long-enough-salt-value',
      feedbackRetentionDays: 30,
      databaseUrl: 'postgres://u:pw@db:5432/bot',
    });
    const problems = problemsOf({
      FEEDBACK_SALT: 'short-secret',
      FEEDBACK_RETENTION_DAYS: '0',
      DATABASE_URL: 'mysql://u:pw@x/db',
    });
    expect(problems).toEqual([
      'DATABASE_URL: expected a URL starting with postgres:// or postgresql://',
      'FEEDBACK_SALT: expected at least 16 characters (leave it blank to have one generated)',
      'FEEDBACK_RETENTION_DAYS: expected a whole number of days from 1 to 3650',
    ]);
    expect(problems.join('\n')).not.toMatch(/short-secret|pw/);
  });

  it('takes every value that is given', () => {
    expect(
      readConfig({
        DISCORD_TOKEN: TOKEN,
        DISCORD_APPLICATION_ID: APP_ID,
        DISCORD_GUILD_ID: '223456789012345678',
        DISCORD_API_BASE: 'http://127.0.0.1:8080/api',
        CORPUS_DIR: '/srv/corpus',
        DEFAULT_LANG: 'zh',
        MODERATOR_ROLE_IDS: '323456789012345678',
        LOG_LEVEL: 'debug',
        CORPUS_WATCH: 'true',
        CONSOLE_LOCALE: 'zh-TW',
        DISCORD_PUBLIC_KEY: 'AB'.repeat(32),
        PORT: '3000',
        HOST: '0.0.0.0',
      }),
    ).toEqual({
      token: TOKEN,
      applicationId: APP_ID,
      guildId: '223456789012345678',
      apiBase: 'http://127.0.0.1:8080/api',
      corpusDir: '/srv/corpus',
      dataDir: 'data',
      feedbackRetentionDays: 90,
      defaultLang: 'zh',
      moderatorRoleIds: ['323456789012345678'],
      logLevel: 'debug',
      corpusWatch: true,
      consoleLocale: 'zh-TW',
      publicKey: 'ab'.repeat(32),
      port: 3000,
      host: '0.0.0.0',
    });
  });

  it('treats a blank value as unset (an empty line in .env)', () => {
    expect(
      readConfig({ DISCORD_TOKEN: '', DEFAULT_LANG: '  ', LOG_LEVEL: '', CORPUS_WATCH: ' ', MODERATOR_ROLE_IDS: '' }),
    ).toEqual(readConfig({}));
  });

  it('trims values', () => {
    expect(readConfig({ DISCORD_TOKEN: ` ${TOKEN}\n`, DEFAULT_LANG: ' zh ' })).toMatchObject({
      token: TOKEN,
      defaultLang: 'zh',
    });
  });

  it('reads CORPUS_WATCH 1/true as on and 0/false as off', () => {
    expect(['1', 'true', '0', 'false'].map((v) => readConfig({ CORPUS_WATCH: v }).corpusWatch)).toEqual([
      true,
      true,
      false,
      false,
    ]);
  });

  it('strips trailing slashes from DISCORD_API_BASE', () => {
    expect(readConfig({ DISCORD_API_BASE: 'https://discord.com/api/' }).apiBase).toBe('https://discord.com/api');
    expect(readConfig({ DISCORD_API_BASE: 'http://localhost:3000/api//' }).apiBase).toBe('http://localhost:3000/api');
  });

  it('drops an API version from DISCORD_API_BASE, since discord.js adds its own', () => {
    expect(readConfig({ DISCORD_API_BASE: 'http://127.0.0.1:4000/api/v10' }).apiBase).toBe('http://127.0.0.1:4000/api');
    expect(readConfig({ DISCORD_API_BASE: 'http://127.0.0.1:4000/api/v9/' }).apiBase).toBe('http://127.0.0.1:4000/api');
  });

  it('splits MODERATOR_ROLE_IDS on commas, ignoring spaces and empty entries', () => {
    expect(
      readConfig({ MODERATOR_ROLE_IDS: ' 123456789012345678 ,223456789012345679,, 12345678901234567890 ,' })
        .moderatorRoleIds,
    ).toEqual(['123456789012345678', '223456789012345679', '12345678901234567890']);
  });
});

describe('readConfig problems', () => {
  it('names each invalid value and what was expected', () => {
    expect(problemsOf({ DISCORD_APPLICATION_ID: '1234' })).toEqual([
      'DISCORD_APPLICATION_ID: expected the application id: a Discord id of 17 to 20 digits',
    ]);
    expect(problemsOf({ DISCORD_GUILD_ID: 'my-server' })).toEqual([
      'DISCORD_GUILD_ID: expected a server (guild) id: a Discord id of 17 to 20 digits',
    ]);
    expect(problemsOf({ DISCORD_API_BASE: 'ftp://discord.com/api' })).toEqual([
      'DISCORD_API_BASE: expected an http(s) URL such as https://discord.com/api',
    ]);
    expect(problemsOf({ DEFAULT_LANG: 'en' })).toEqual(['DEFAULT_LANG: expected "vi" or "zh"']);
    expect(problemsOf({ LOG_LEVEL: 'verbose' })).toEqual([
      'LOG_LEVEL: expected one of fatal, error, warn, info, debug, trace, silent',
    ]);
    expect(problemsOf({ CORPUS_WATCH: 'yes' })).toEqual(['CORPUS_WATCH: expected 1 or 0']);
    expect(problemsOf({ DISCORD_TOKEN: 'abc' })).toEqual([
      'DISCORD_TOKEN: expected a bot token (Developer Portal → Bot → Reset Token); this value is too short to be one',
    ]);
  });

  it('says once that a value is not a URL, though it fails two checks', () => {
    expect(problemsOf({ DISCORD_API_BASE: 'not a url' })).toEqual([
      'DISCORD_API_BASE: expected an http(s) URL such as https://discord.com/api',
    ]);
  });

  it('refuses a token with the "Bot " prefix', () => {
    expect(problemsOf({ DISCORD_TOKEN: `Bot ${TOKEN}` })).toEqual([
      'DISCORD_TOKEN: expected the bare token, without the "Bot " prefix',
    ]);
    expect(problemsOf({ DISCORD_TOKEN: `bot\t${TOKEN}` })).toEqual([
      'DISCORD_TOKEN: expected the bare token, without the "Bot " prefix',
    ]);
  });

  it('refuses a token pasted with spaces or quotes', () => {
    const message =
      'DISCORD_TOKEN: expected one word with no spaces or quotes (a token was pasted with spaces or quotes?)';
    expect(problemsOf({ DISCORD_TOKEN: `${TOKEN.slice(0, 20)} ${TOKEN.slice(20)}` })).toEqual([message]);
    expect(problemsOf({ DISCORD_TOKEN: `"${TOKEN}"` })).toEqual([message]);
    expect(problemsOf({ DISCORD_TOKEN: `'${TOKEN}'` })).toEqual([message]);
  });

  it('says which MODERATOR_ROLE_IDS entries are wrong, by position, in one line', () => {
    expect(problemsOf({ MODERATOR_ROLE_IDS: '123456789012345678, mods' })).toEqual([
      'MODERATOR_ROLE_IDS: expected role ids separated by commas, each a Discord id of 17 to 20 digits (entry 2 of 2 is not)',
    ]);
    expect(problemsOf({ MODERATOR_ROLE_IDS: '<@&123456789012345678>, 123456789012345678, 42' })).toEqual([
      'MODERATOR_ROLE_IDS: expected role ids separated by commas, each a Discord id of 17 to 20 digits (entries 1, 3 of 3 are not)',
    ]);
  });

  it('reports every problem at once, in one message', () => {
    const env = { DISCORD_TOKEN: 'short', DEFAULT_LANG: 'ru', LOG_LEVEL: 'loud', MODERATOR_ROLE_IDS: 'mods' };
    expect(problemsOf(env).map((p) => p.split(':')[0])).toEqual([
      'DISCORD_TOKEN',
      'DEFAULT_LANG',
      'MODERATOR_ROLE_IDS',
      'LOG_LEVEL',
    ]);
    expect(messageOf(env)).toBe(
      [
        'Configuration has 4 problems (see .env.example):',
        '  - DISCORD_TOKEN: expected a bot token (Developer Portal → Bot → Reset Token); this value is too short to be one',
        '  - DEFAULT_LANG: expected "vi" or "zh"',
        '  - MODERATOR_ROLE_IDS: expected role ids separated by commas, each a Discord id of 17 to 20 digits (entry 1 of 1 is not)',
        '  - LOG_LEVEL: expected one of fatal, error, warn, info, debug, trace, silent',
      ].join('\n'),
    );
    expect(messageOf({ DEFAULT_LANG: 'ru' })).toBe(
      'Configuration has 1 problem (see .env.example):\n  - DEFAULT_LANG: expected "vi" or "zh"',
    );
  });

  it('asks for what a command requires (deploy: the token and the application id)', () => {
    const deploy = ['DISCORD_TOKEN', 'DISCORD_APPLICATION_ID'] as const;
    expect(problemsOf({}, [...deploy])).toEqual([
      'DISCORD_TOKEN: missing (required for this command)',
      'DISCORD_APPLICATION_ID: missing (required for this command)',
    ]);
    expect(problemsOf({ DISCORD_TOKEN: ' ', DISCORD_APPLICATION_ID: APP_ID }, [...deploy])).toEqual([
      'DISCORD_TOKEN: missing (required for this command)',
    ]);
    expect(readConfig({ DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: APP_ID }, [...deploy])).toMatchObject({
      token: TOKEN,
      applicationId: APP_ID,
    });
  });

  it('checks the settings of the HTTP endpoint: the public key, the port and the host', () => {
    expect(problemsOf({ DISCORD_PUBLIC_KEY: 'abc', PORT: '70000', HOST: 'a b' })).toEqual([
      'DISCORD_PUBLIC_KEY: expected the public key: 64 hexadecimal characters (Developer Portal → General Information)',
      'PORT: expected a port number from 0 to 65535',
      'HOST: expected a host name or IP address to listen on, e.g. 127.0.0.1',
    ]);
    expect(problemsOf({ PORT: '-1' })).toEqual(['PORT: expected a port number from 0 to 65535']);
    expect(problemsOf({}, ['DISCORD_PUBLIC_KEY'])).toEqual(['DISCORD_PUBLIC_KEY: missing (required for this command)']);
    expect(readConfig({ PORT: '0', HOST: '::1' })).toMatchObject({ port: 0, host: '::1' });
  });

  it('reports an invalid required value once, as invalid rather than missing', () => {
    expect(problemsOf({ DISCORD_APPLICATION_ID: 'abc' }, ['DISCORD_APPLICATION_ID'])).toEqual([
      'DISCORD_APPLICATION_ID: expected the application id: a Discord id of 17 to 20 digits',
    ]);
  });
});

describe('readConfig secrecy', () => {
  /** Everything the token checks can say, so that a "token" that is a word of the message is not taken for a leak. */
  const FIXED_TEXT = ['short', `Bot ${TOKEN}`, 'a b', `"${TOKEN}"`]
    .map((t) =>
      messageOf({
        DISCORD_TOKEN: t,
        DISCORD_APPLICATION_ID: 'x',
        DISCORD_GUILD_ID: 'x',
        DISCORD_API_BASE: 'x',
        DEFAULT_LANG: 'x',
        MODERATOR_ROLE_IDS: 'x,y',
        LOG_LEVEL: 'x',
        CORPUS_WATCH: 'x',
      }),
    )
    .join('\n');
  const badToken = fc
    .oneof(
      fc.string({ maxLength: 30 }),
      fc.string({ minLength: 20, maxLength: 80 }).map((s) => `Bot ${s}`),
      fc
        .tuple(fc.string({ minLength: 10 }), fc.constantFrom(' ', '"', "'", '\t'), fc.string())
        .map(([a, c, b]) => a + c + b),
    )
    .filter((s) => s.trim().length >= 4 && !FIXED_TEXT.includes(s.trim()) && refused({ DISCORD_TOKEN: s }));

  it('never writes a refused token into the message', () => {
    fc.assert(
      fc.property(badToken, (token) => {
        const message = messageOf({ DISCORD_TOKEN: token });
        expect(message).toContain('DISCORD_TOKEN: expected');
        expect(message).not.toContain(token.trim());
      }),
    );
  });

  it('never writes a value pasted into the wrong variable (a token as a role id) into the message', () => {
    const names = [
      'DISCORD_APPLICATION_ID',
      'DISCORD_GUILD_ID',
      'DISCORD_API_BASE',
      'DEFAULT_LANG',
      'MODERATOR_ROLE_IDS',
      'LOG_LEVEL',
      'CORPUS_WATCH',
      'DATABASE_URL',
    ];
    fc.assert(
      fc.property(fc.constantFrom(...names), badToken, (name, value) => {
        let message = '';
        try {
          readConfig({ [name]: value });
        } catch (err) {
          message = (err as Error).message;
        }
        expect(message).not.toContain(value.trim());
      }),
    );
  });
});

describe('DATABASE_URL', () => {
  it('puts the corpus in PostgreSQL when set', () => {
    const url = 'postgres://bot:s3cret-Pa55@db.internal:5432/deal';
    expect(readConfig({ DATABASE_URL: url })).toMatchObject({ databaseUrl: url, corpusDir: 'corpus' });
    expect(readConfig({ DATABASE_URL: 'postgresql://bot@127.0.0.1/deal' }).databaseUrl).toBe(
      'postgresql://bot@127.0.0.1/deal',
    );
    expect(readConfig({ DATABASE_URL: '  ' })).not.toHaveProperty('databaseUrl');
  });

  it('says what is wrong in words, never quoting the URL or its password', () => {
    const cases: Array<[string, string]> = [
      [
        'db.internal/deal?password=hunter2',
        'DATABASE_URL: expected a PostgreSQL URL such as postgres://user:password@host:5432/database (this value is not a URL)',
      ],
      ['mysql://bot:hunter2-secret@db/deal', 'DATABASE_URL: expected a URL starting with postgres:// or postgresql://'],
    ];
    for (const [value, problem] of cases) {
      expect(problemsOf({ DATABASE_URL: value })).toEqual([problem]);
      expect(messageOf({ DATABASE_URL: value })).not.toContain('hunter2');
    }
  });

  it('never writes a password of a refused URL into the message', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('mysql', 'http', 'postgres'),
        fc.string({ minLength: 6, maxLength: 30 }).filter((p) => !/[\s/@:#?]/.test(p)),
        (scheme, password) => {
          // A postgres:// URL that is refused: not a URL at all (a space in the host).
          const value = `${scheme}://bot:${encodeURIComponent(password)}@${scheme === 'postgres' ? 'db host' : 'db'}/deal`;
          let message = '';
          try {
            readConfig({ DATABASE_URL: value });
          } catch (err) {
            message = (err as Error).message;
          }
          expect(message).toContain('DATABASE_URL: expected');
          expect(message).not.toContain(password);
          expect(message).not.toContain(encodeURIComponent(password));
        },
      ),
    );
  });

  it('is a secret for the logs, with its password', () => {
    expect(secretsOf({ token: TOKEN, databaseUrl: 'postgres://bot:p%40ss-word-1@db/deal' }).sort()).toEqual(
      [TOKEN, 'p%40ss-word-1', 'p@ss-word-1', 'postgres://bot:p%40ss-word-1@db/deal'].sort(),
    );
  });
});

describe('CORPUS_DIR', () => {
  it('is refused without being shown when it holds a bot token, or the very value of DISCORD_TOKEN', () => {
    for (const env of [{ CORPUS_DIR: TOKEN }, { CORPUS_DIR: 'abcdefghij', DISCORD_TOKEN: 'abcdefghij' }]) {
      const message = messageOf(env);
      expect(message).toContain('CORPUS_DIR: expected a folder; this value looks like a bot token, so it is not shown');
      expect(message).not.toContain(env.CORPUS_DIR);
    }
  });

  it('takes any folder path', () => {
    for (const dir of ['corpus', '/srv/deal-qa/corpus', './data/corpus.v2', 'C:\\bot\\corpus'])
      expect(readConfig({ CORPUS_DIR: dir }).corpusDir).toBe(dir);
  });
});

describe('.env files', () => {
  /** The names git would ignore, of those given. */
  const ignored = (names: string[]) => {
    try {
      return execFileSync('git', ['check-ignore', '--no-index', ...names], { encoding: 'utf8' })
        .split('\n')
        .filter(Boolean);
    } catch (err) {
      // Exit 1: none of them is ignored.
      if ((err as { status?: number }).status === 1) return [];
      throw err;
    }
  };

  it('keeps every local settings file out of git, but not the example', () => {
    const local = ['.env', '.env.local', '.env.production', '.env.development.local', 'sub/.env.test'];
    expect(ignored(local)).toEqual(local);
    expect(ignored(['.env.example'])).toEqual([]);
  });
});
