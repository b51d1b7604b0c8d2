import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ROOT } from './fixtures.ts';

const run = promisify(execFile);

/**
 * `npm start`, `npm run cli` and `npm run deploy` run the compiled JavaScript in dist/, building it first when it
 * is missing or stale: the build must work on a fresh clone, and what it builds must answer.
 */
describe('the production build', () => {
  it('compiles to dist/ when stale, and the compiled CLI answers', { timeout: 120_000 }, async () => {
    await run(process.execPath, ['scripts/build.mjs'], { timeout: 110_000 });
    const { stdout } = await run(process.execPath, ['dist/src/cli/main.js', 'sources', '--json'], {
      env: { ...process.env, DISCORD_TOKEN: '' },
    });
    const out = JSON.parse(stdout) as { reply: { embeds: Array<{ fields: unknown[] }> } };
    expect(out.reply.embeds[0]!.fields.length).toBeGreaterThan(0);
  });

  it(
    'npm run cli (scripts/cli.mjs) checks the build in its own process, answers, and exits as the CLI does',
    {
      timeout: 120_000,
    },
    async () => {
      const env = { ...process.env, DISCORD_TOKEN: '' };
      const { stdout } = await run(process.execPath, ['scripts/cli.mjs', 'sources', '--json'], {
        env,
        timeout: 110_000,
      });
      expect((JSON.parse(stdout) as { outcome: string }).outcome).toBe('answered');
      const refused = await run(process.execPath, ['scripts/cli.mjs', 'sources', '--locale', 'xx'], { env }).then(
        () => ({ code: 0, stderr: '' }),
        (err: unknown) => err as { code: number; stderr: string },
      );
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/--locale "xx" is not one of/);
    },
  );

  it('does nothing when dist/ is up to date', { timeout: 120_000 }, async () => {
    await run(process.execPath, ['scripts/build.mjs'], { timeout: 110_000 });
    const { stderr } = await run(process.execPath, ['scripts/build.mjs']);
    expect(stderr).not.toContain('compiling');
  });

  it(
    'npm run deploy --dry-run sends nothing, whether the flag comes before or after --',
    { timeout: 240_000 },
    async () => {
      // Where Discord would be: every request that reaches it is counted, and answered as Discord would.
      const requests: string[] = [];
      const server = createServer((req, res) => {
        requests.push(`${req.method ?? ''} ${req.url ?? ''}`);
        res.writeHead(200, { 'content-type': 'application/json' }).end('[]');
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const { port } = server.address() as AddressInfo;
      const env: NodeJS.ProcessEnv = {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        DISCORD_TOKEN: 'MTE4MDAwMDAwMDAwMDAwMDAwMw.Gx7kQa.build-test-token-value-0000',
        DISCORD_APPLICATION_ID: '1180000000000000003',
        DISCORD_API_BASE: `http://127.0.0.1:${port}/api`,
        DOTENV_CONFIG_PATH: path.join(ROOT, '.no-such-env-file'),
      };
      const npm = (...args: string[]) =>
        run('npm', ['run', '--silent', 'deploy', ...args], { cwd: ROOT, env, timeout: 200_000 });
      try {
        for (const args of [['--dry-run'], ['--', '--dry-run']]) {
          const { stdout, stderr } = await npm(...args);
          expect(stderr, args.join(' ')).toMatch(/dry run: would PUT /);
          expect((JSON.parse(stdout) as unknown[]).length).toBe(5);
        }
        expect(requests).toEqual([]);
        // The same call without the flag does reach the server: the dry runs above were dry.
        await npm();
        expect(requests).toEqual(['PUT /api/v10/applications/1180000000000000003/commands']);
      } finally {
        server.close();
      }
    },
  );
});
