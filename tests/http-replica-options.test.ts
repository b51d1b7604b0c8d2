/**
 * The V8 options the replicas of `npm run serve -- --replicas N` are started with (src/http/replica-options.ts):
 * given to every worker, before the primary's own options, and taken by this Node.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { WORKER_V8_OPTIONS, workerExecArgv } from '../src/http/replica-options.ts';

describe('the workers’ V8 options', () => {
  it('start every worker with a larger interrupt budget than V8’s default', () => {
    expect(workerExecArgv([])).toEqual(['--interrupt-budget=270336']);
  });

  it('come before the primary’s own options, so that the same option given to the primary wins', () => {
    const primary = ['--import', 'tsx', '--interrupt-budget=100000'];
    expect(workerExecArgv(primary)).toEqual([...WORKER_V8_OPTIONS, ...primary]);
  });

  it('are options this Node takes (a worker given one it does not know could not start)', () => {
    const run = spawnSync(process.execPath, [...WORKER_V8_OPTIONS, '-e', 'process.exit(0)'], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });
});
