import { spawn } from 'node:child_process';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadCorpus } from '../src/corpus/load.ts';
import { CorpusBusyError } from '../src/store/changes.ts';
import { CorpusStore } from '../src/store/corpus-store.ts';
import { FolderRepository, TRASH_DIR } from '../src/store/folder.ts';
import { FileLock, LOCK_FILE } from '../src/store/lock.ts';
import { failure, instance, snapshot, TempDirs } from './fixtures.ts';

const temp = new TempDirs('corpus-lock-');
afterEach(() => temp.cleanup());

const encoder = new TextEncoder();
const article = (tag: string) =>
  encoder.encode(
    `---\ntitle: ${tag}\nlang: vi\nurl: https://example.com/${tag}\n---\nKhinh khí cầu tím bay qua Moskva (${tag}).\n`,
  );
const openFolder = (dir: string) => CorpusStore.open(new FolderRepository(dir));

/** A process that lives until `stop()`, and the pid of one that has exited. */
async function liveProcess(): Promise<{ pid: number; stop(): Promise<void> }> {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], { stdio: 'ignore' });
  await new Promise((resolve) => child.once('spawn', resolve));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return {
    pid: child.pid!,
    async stop() {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  await new Promise((resolve) => child.once('exit', resolve));
  return child.pid!;
}

/** A lock file as another process leaves it. */
const lockRecord = (pid: number, by = 'cli', host = hostname()) =>
  JSON.stringify({ pid, host, by, since: '2025-03-01T10:00:00.000Z', nonce: 'feedfacecafebeef' });

describe('the corpus folder lock', () => {
  it('is a file holding the process, taken for the change and removed after it', async () => {
    const dir = await temp.corpus();
    const lock = await FileLock.acquire(dir, 'moderator-1');
    const held = JSON.parse(await readFile(path.join(dir, LOCK_FILE), 'utf8')) as Record<string, unknown>;
    expect(held).toMatchObject({ pid: process.pid, host: hostname(), by: 'moderator-1' });
    await lock.release();
    expect(await readdir(dir)).not.toContain(LOCK_FILE);
  });

  it('refuses a change while another live process holds it, naming the process, and writes nothing', async () => {
    const dir = await temp.corpus();
    const other = await liveProcess();
    try {
      await writeFile(path.join(dir, LOCK_FILE), lockRecord(other.pid, '123456789012345678'));
      const before = await snapshot(dir);
      const store = await openFolder(dir);
      const engine = store.engine;
      for (const attempt of [
        () => store.add({ name: 'note.md', bytes: article('note') }, { by: 'cli' }),
        () => store.remove('alibaba-russia-vi', 'cli'),
        () => store.reload('cli'),
      ]) {
        const err = await failure(attempt());
        expect(instance(err, CorpusBusyError).holder).toEqual({
          by: '123456789012345678',
          pid: other.pid,
          host: hostname(),
          since: new Date('2025-03-01T10:00:00.000Z'),
        });
        expect(err.message).toBe(
          `another corpus change is in progress (by 123456789012345678, process ${other.pid} on ${hostname()}, since 2025-03-01T10:00:00.000Z)`,
        );
      }
      expect(await snapshot(dir)).toEqual(before);
      expect(store.engine).toBe(engine);
    } finally {
      await other.stop();
    }
  });

  it('takes over a lock whose process is gone, and removes it after the change', async () => {
    const dir = await temp.corpus();
    await writeFile(path.join(dir, LOCK_FILE), lockRecord(await deadPid()));
    const store = await openFolder(dir);
    expect((await store.add({ name: 'note.md', bytes: article('note') }, { by: 'cli' })).added).toEqual(['note']);
    expect(await readdir(dir)).not.toContain(LOCK_FILE);
    await loadCorpus(dir);
  });

  it('takes over a lock left by an earlier process with this same pid (a restarted container)', async () => {
    const dir = await temp.corpus();
    await writeFile(path.join(dir, LOCK_FILE), lockRecord(process.pid));
    const store = await openFolder(dir);
    expect((await store.remove('alibaba-russia-vi', 'cli').catch((e: unknown) => e)) instanceof CorpusBusyError).toBe(
      false,
    );
  });

  it('never takes over a lock from another machine: it cannot tell whether that process lives', async () => {
    const dir = await temp.corpus();
    await writeFile(path.join(dir, LOCK_FILE), lockRecord(await deadPid(), 'cli', 'some-other-host'));
    const err = await failure((await openFolder(dir)).reload('cli'));
    expect(instance(err, CorpusBusyError).holder).toMatchObject({ host: 'some-other-host' });
  });

  it('lets one of many processes take over the same stale lock, never two', async () => {
    const dir = await temp.corpus();
    await writeFile(path.join(dir, LOCK_FILE), lockRecord(await deadPid()));
    // Each store stands for a process: in one process they hold separate locks, as processes would.
    const takers = await Promise.allSettled(Array.from({ length: 6 }, (_, i) => FileLock.acquire(dir, `taker-${i}`)));
    const got = takers.filter((t): t is PromiseFulfilledResult<FileLock> => t.status === 'fulfilled');
    expect(got).toHaveLength(1);
    for (const t of takers) if (t.status === 'rejected') expect(t.reason).toBeInstanceOf(CorpusBusyError);
    await got[0]!.value.release();
    expect(await readdir(dir)).not.toContain(LOCK_FILE);
  });

  it('removes the temporary files that killed writes left behind, in the folder and in the trash', async () => {
    const dir = await temp.corpus();
    await mkdir(path.join(dir, TRASH_DIR));
    const leftovers = [
      path.join(dir, '.alibaba-russia-vi.md.0123456789ab.tmp'),
      path.join(dir, TRASH_DIR, '.alibaba-russia-vi.2025-01-01T00-00-00-000Z.md.abcdef012345.tmp'),
    ];
    for (const file of leftovers) await writeFile(file, 'half a write');
    // Not ours: kept.
    await writeFile(path.join(dir, 'notes.tmp'), 'x');
    const store = await openFolder(dir);
    await store.reload('cli');
    expect(await readdir(dir)).not.toContain(path.basename(leftovers[0]!));
    expect(await readdir(path.join(dir, TRASH_DIR))).toEqual([]);
    expect(await readdir(dir)).toContain('notes.tmp');
  });
});

describe('two stores on one folder (as two processes)', () => {
  it('never both remove when each remove alone is fine but both together are not', async () => {
    const dir = await temp.corpus();
    await writeFile(
      path.join(dir, 'entities.yaml'),
      `${await readFile(path.join(dir, 'entities.yaml'), 'utf8')}\n- id: purple-balloon\n  kind: product\n  names: [Khinh khí cầu tím]\n`,
    );
    for (const tag of ['balloon-a', 'balloon-b']) await writeFile(path.join(dir, `${tag}.md`), article(tag));
    const [a, b] = await Promise.all([openFolder(dir), openFolder(dir)]);
    const results = await Promise.allSettled([a.remove('balloon-a', 'a'), b.remove('balloon-b', 'b')]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((r) => r.status === 'rejected')!;
    expect(refused.reason).toBeInstanceOf(CorpusBusyError);
    expect((refused.reason as CorpusBusyError).holder?.pid).toBe(process.pid);
    await loadCorpus(dir);
  });

  it('refuses the second of two replaces while the first runs, so no version is lost', async () => {
    const dir = await temp.corpus();
    const [a, b] = await Promise.all([openFolder(dir), openFolder(dir)]);
    const original = await readFile(path.join(dir, 'alibaba-russia-vi.md'));
    const withLine = (line: string) => encoder.encode(`${original.toString('utf8').trimEnd()}\n\n${line}\n`);
    const results = await Promise.allSettled([
      a.add({ name: 'alibaba-russia-vi.md', bytes: withLine('Phiên bản A.') }, { replace: true, by: 'a' }),
      b.add({ name: 'alibaba-russia-vi.md', bytes: withLine('Phiên bản B.') }, { replace: true, by: 'b' }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const winner = results[0].status === 'fulfilled' ? 'A' : 'B';
    expect(await readFile(path.join(dir, 'alibaba-russia-vi.md'), 'utf8')).toContain(`Phiên bản ${winner}.`);
    const trash = await readdir(path.join(dir, TRASH_DIR));
    expect(trash).toHaveLength(1);
    expect(await readFile(path.join(dir, TRASH_DIR, trash[0]!))).toEqual(original);
  });
});
