import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

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

  it('does nothing when dist/ is up to date', { timeout: 120_000 }, async () => {
    await run(process.execPath, ['scripts/build.mjs'], { timeout: 110_000 });
    const { stderr } = await run(process.execPath, ['scripts/build.mjs']);
    expect(stderr).not.toContain('compiling');
  });
});
