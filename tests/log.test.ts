import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { createLogger, linesPerTurn } from '../src/log.ts';
import { ROOT } from './e2e/bot.ts';

const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.GAbCdE.abcdefghijklmnopqrstuvwxyz012345';

/** Any character, with those JSON has to escape (quotes, backslashes, control characters, lone surrogates) often. */
const anyChar = fc.oneof(
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }),
  fc.constantFrom('"', '\\', '/', '\u2028'),
  fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c)),
  fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)),
);

/** A logger whose lines are kept in memory. */
function capture(secrets: Array<string | undefined> = [TOKEN], level = 'info') {
  const lines: string[] = [];
  const logger = createLogger({ level, secrets, destination: { write: (s: string) => void lines.push(s) } });
  return { logger, lines, text: () => lines.join('') };
}

describe('createLogger', () => {
  it('writes one JSON object per line, with the app name, level and message', () => {
    const { logger, lines } = capture();
    logger.info({ passages: 28 }, 'corpus loaded');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/\n$/);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 30, app: 'deal-qa-bot', passages: 28, msg: 'corpus loaded' });
  });

  it('writes nothing below its level', () => {
    const { logger, lines } = capture([TOKEN], 'warn');
    logger.info('quiet');
    logger.warn('loud');
    expect(lines.map((l) => JSON.parse(l).msg)).toEqual(['loud']);
  });

  it('never writes a secret given in the message', () => {
    const { logger, text } = capture();
    logger.info(`login with ${TOKEN} failed`);
    expect(text()).not.toContain(TOKEN);
    expect(JSON.parse(text()).msg).toBe('login with [redacted] failed');
  });

  it("never writes a secret in an error's message or stack", () => {
    const { logger, text } = capture();
    logger.error({ err: new Error(`401 for https://discord.com/api?token=${TOKEN}`) }, 'login failed');
    logger.error(new Error(`bad ${TOKEN}`));
    expect(text()).not.toContain(TOKEN);
    expect(JSON.parse(text().split('\n')[0]!).err.message).toBe('401 for https://discord.com/api?token=[redacted]');
  });

  it('never writes a secret in a nested field', () => {
    const { logger, text } = capture();
    logger.info({ request: { options: { query: { text: `x ${TOKEN} y` } }, list: [TOKEN] } }, 'request');
    expect(text()).not.toContain(TOKEN);
    expect(JSON.parse(text()).request.options.query.text).toBe('x [redacted] y');
  });

  it('redacts fields named token or authorization, whatever their value', () => {
    const { logger, text } = capture([]);
    logger.info(
      {
        token: 'interaction-token-value',
        interaction: { token: 'another-token-value' },
        headers: { authorization: 'Bot abcdefghij' },
        DISCORD_TOKEN: 'from-the-env',
      },
      'x',
    );
    const line = JSON.parse(text());
    expect(line).toMatchObject({
      token: '[redacted]',
      interaction: { token: '[redacted]' },
      headers: { authorization: '[redacted]' },
      DISCORD_TOKEN: '[redacted]',
    });
    expect(text()).not.toMatch(/interaction-token-value|another-token-value|abcdefghij|from-the-env/);
  });

  it("redacts them in a child logger's bindings and in an error, which stays an error", () => {
    const { logger, text } = capture([]);
    const err = Object.assign(new TypeError('boom'), { token: 'error-token-value' });
    logger.child({ worker: 2 }).child({ token: 'binding-token-value' }).error({ err }, 'x');
    const line = JSON.parse(text());
    expect(line).toMatchObject({ worker: 2, token: '[redacted]', err: { type: 'TypeError', message: 'boom' } });
    expect(line.err.token).toBe('[redacted]');
    expect(err.token).toBe('error-token-value');
    expect(text()).not.toMatch(/binding-token-value|error-token-value/);
  });

  it('removes the whole of a secret that contains another', () => {
    const inner = TOKEN.slice(0, 24);
    const { logger, text } = capture([inner, TOKEN]);
    logger.info(`a ${TOKEN} b ${inner} c`);
    expect(JSON.parse(text()).msg).toBe('a [redacted] b [redacted] c');
  });

  it('ignores missing and short secrets (too common to scrub)', () => {
    const { logger, text } = capture([undefined, 'info', '']);
    logger.info('info');
    expect(JSON.parse(text()).msg).toBe('info');
  });

  it('never writes any secret, however it has to be escaped in JSON', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: anyChar, minLength: 8, maxLength: 40 }),
        fc.string({ maxLength: 20 }),
        (secret, around) => {
          const { logger, text } = capture([secret]);
          logger.info(`${around}${secret}${around}`);
          logger.info({ nested: { value: secret, list: [around, secret] } }, 'n');
          logger.error({ err: new Error(`${around}${secret}`) }, 'e');
          for (const line of text().split('\n').filter(Boolean)) {
            expect(line).not.toContain(secret);
            expect(line).not.toContain(JSON.stringify(secret).slice(1, -1));
            // …and the line is still what it claims to be: JSON.
            expect(JSON.stringify(JSON.parse(line))).not.toContain(JSON.stringify(secret).slice(1, -1));
          }
        },
      ),
    );
  });
});

describe('interaction tokens', () => {
  it('are scrubbed from interaction and webhook URLs, and a request body is never written', () => {
    const { logger, text } = capture();
    const interactionToken = 'aW50ZXJhY3Rpb246MTU3MzkwNjE4ODAzNzM5MDM1MTpzZWNyZXQ';
    const err = Object.assign(new Error('Invalid Form Body'), {
      url: `http://127.0.0.1:1234/api/v10/interactions/1573906188037390351/${interactionToken}/callback`,
      requestBody: { json: { type: 4, data: { content: 'the user question' } } },
    });
    logger.error({ err }, 'interaction failed');
    logger.warn(`PATCH /webhooks/1180000000000000003/${interactionToken}/messages/@original failed`);
    expect(text()).not.toContain(interactionToken);
    expect(text()).toContain('/interactions/1573906188037390351/[redacted]/callback');
    expect(text()).not.toContain('the user question');
  });
});

describe('standard output', () => {
  it('gets the lines of one turn of the event loop in one write, in order', async () => {
    const writes: string[] = [];
    const out = linesPerTurn({ write: (text: string) => writes.push(text) });
    out.write('a\n');
    out.write('b\n');
    out.write('c\n');
    expect(writes).toEqual([]);
    await new Promise((r) => setImmediate(r));
    expect(writes).toEqual(['a\nb\nc\n']);
    out.write('d\n');
    await new Promise((r) => setImmediate(r));
    expect(writes).toEqual(['a\nb\nc\n', 'd\n']);
  });

  it('gets every line logged before the process exits, or fails with an error', () => {
    const run = (code: string) =>
      spawnSync(
        process.execPath,
        ['--import', 'tsx', '--input-type=module', '-e', `import { createLogger } from './src/log.ts'; ${code}`],
        { cwd: ROOT, encoding: 'utf8', timeout: 30_000 },
      );
    const exited = run("const l = createLogger(); l.info('one'); l.info('two'); process.exit(3);");
    expect(exited.status).toBe(3);
    expect(
      exited.stdout
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l).msg),
    ).toEqual(['one', 'two']);
    const failed = run("const l = createLogger(); l.fatal('about to fail'); throw new Error('boom');");
    expect(failed.status).toBe(1);
    expect(JSON.parse(failed.stdout).msg).toBe('about to fail');
  });
});
