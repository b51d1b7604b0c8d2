import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, describe, expect, inject, it } from 'vitest';
import { runCommand } from '../src/app/dispatch.ts';
import { type App, startApp } from '../src/app/runtime.ts';
import { CorpusError, readCorpusDir } from '../src/corpus/load.ts';
import { CorpusBusyError, CorpusChangeError, CorpusUnavailableError } from '../src/store/changes.ts';
import { CorpusStore, type SyncEvent } from '../src/store/corpus-store.ts';
import { ADVISORY, readMigrations } from '../src/store/migrate.ts';
import { describeDatabase, PostgresRepository, type PostgresOptions } from '../src/store/postgres.ts';
import { CorpusTransferError, exportFolder, importFolder } from '../src/store/transfer.ts';
import { failure, instance, ROOT, runCli, snapshot, TempDirs } from './fixtures.ts';
import { freshDatabase, type PostgresServer, startPostgres } from './helpers/postgres.ts';

/**
 * The corpus in PostgreSQL (DATABASE_URL), against a real server: the shared test cluster for most tests, a
 * private one for the tests that stop and restart it. Waits are generous and only catch hangs.
 */

const temp = new TempDirs('corpus-postgres-');
const encoder = new TextEncoder();
const CORPUS = path.join(ROOT, 'corpus');
/** How many corpus files the repository's folder holds (articles, entities, glossary…). */
const FILES = (await readCorpusDir(CORPUS)).length;

/** Short timings, so that a test of "re-read every 30 s" or "reconnect" does not wait for the defaults. */
const FAST: PostgresOptions = { pollMs: 30_000, maxRetryMs: 200, connectMs: 3_000 };

const opened: Array<{ close(): Promise<void> }> = [];
function track<T extends { close(): Promise<void> }>(x: T): T {
  opened.push(x);
  return x;
}
afterEach(async () => {
  await Promise.all(opened.splice(0).map((x) => x.close().catch(() => undefined)));
  await temp.cleanup();
});

const article = (tag: string, line = 'Khinh khí cầu tím bay qua Moskva.') =>
  encoder.encode(`---\ntitle: ${tag}\nlang: vi\nurl: https://example.com/${tag}\n---\n${line} (${tag})\n`);

/** A new database holding the repository's corpus, imported. */
async function corpusDatabase(label: string, server = inject('postgresUrl')): Promise<string> {
  const url = await freshDatabase(server, label);
  const repository = await PostgresRepository.open(url, FAST);
  try {
    await importFolder(repository, CORPUS, 'test');
  } finally {
    await repository.close();
  }
  return url;
}

async function openStore(url: string, o: { follow?: boolean; options?: PostgresOptions } = {}) {
  const repository = await PostgresRepository.open(url, o.options ?? FAST);
  return track(await CorpusStore.open(repository, { follow: o.follow ?? false }));
}

/** What the database holds: version, files and trash, to compare before and after a refused change. */
async function rows(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const version = await client.query('SELECT version, changed_by FROM corpus_version');
    const files = await client.query(
      "SELECT name, encode(bytes, 'base64') AS bytes, version FROM corpus_file ORDER BY name",
    );
    const trash = await client.query('SELECT name, version, trashed_by FROM corpus_trash ORDER BY id');
    return { version: version.rows, files: files.rows, trash: trash.rows };
  } finally {
    await client.end();
  }
}

async function sql(url: string, text: string, params: unknown[] = []) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(text, params);
  } finally {
    await client.end();
  }
}

/** Poll `check` until it holds or `ms` have passed: a bound that only catches a hang. */
async function until(check: () => boolean | Promise<boolean>, ms = 10_000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return true;
}

const sourcesOf = (store: CorpusStore, query: string) => store.engine.search(query).map((h) => h.passage.source);

describe('migrations', () => {
  it('are numbered SQL files applied once, at start, by whoever opens the database first', async () => {
    const migrations = await readMigrations();
    expect(migrations.map((m) => m.name)[0]).toBe('001_corpus.sql');
    const url = await freshDatabase(inject('postgresUrl'), 'migrations');
    // Several replicas starting at once: one applies, the others find the schema ready.
    const repositories = await Promise.all([1, 2, 3].map(() => PostgresRepository.open(url, FAST).then(track)));
    expect(repositories).toHaveLength(3);
    const applied = await sql(url, 'SELECT version, name FROM schema_migrations ORDER BY version');
    expect(applied.rows).toEqual(migrations.map((m) => ({ version: m.version, name: m.name })));
    expect((await rows(url)).version).toEqual([{ version: '0', changed_by: 'migration' }]);
  });

  it('refuse a database migrated by a newer version of the bot', async () => {
    const url = await freshDatabase(inject('postgresUrl'), 'migrations_newer');
    await track(await PostgresRepository.open(url, FAST)).close();
    await sql(url, "INSERT INTO schema_migrations (version, name) VALUES (999, '999_future.sql')");
    const err = await failure(PostgresRepository.open(url, FAST));
    expect(err.message).toMatch(/has migration 999, newer than this version of the bot knows \(\d+\): update the bot/);
  });
});

describe('corpus import and export', () => {
  it('load a folder into an empty database and write it back, every file byte for byte', async () => {
    const url = await freshDatabase(inject('postgresUrl'), 'transfer');
    const repository = track(await PostgresRepository.open(url, FAST));
    expect(await importFolder(repository, CORPUS, 'cli')).toEqual({ files: FILES, version: 1 });
    const out = path.join(await temp.dir(), 'exported');
    expect(await exportFolder(repository, out)).toEqual({ files: FILES, version: 1 });
    expect(await snapshot(out)).toEqual(await snapshot(CORPUS));
  });

  it('refuse to import into a database that holds a corpus, or to export into a folder that is not empty', async () => {
    const url = await corpusDatabase('transfer_refused');
    const repository = track(await PostgresRepository.open(url, FAST));
    const before = await rows(url);
    const err = await failure(importFolder(repository, CORPUS, 'cli'));
    expect(err).toBeInstanceOf(CorpusTransferError);
    expect(err.message).toBe(
      `${describeDatabase(url)} already holds a corpus (${FILES} files, version 1); import loads only an empty one`,
    );
    expect(await rows(url)).toEqual(before);
    const full = await temp.corpus();
    const was = await snapshot(full);
    expect((await failure(exportFolder(repository, full))).message).toMatch(/not empty/);
    expect(await snapshot(full)).toEqual(was);
  });

  it('refuse a folder that does not load, naming its files, and write nothing', async () => {
    const url = await freshDatabase(inject('postgresUrl'), 'transfer_broken');
    const dir = await temp.corpus();
    await writeFile(path.join(dir, 'bad.md'), 'no front matter');
    const repository = track(await PostgresRepository.open(url, FAST));
    const err = await failure(importFolder(repository, dir, 'cli'));
    expect(instance(err, CorpusError).problems[0]).toMatch(new RegExp(`^${dir}/bad\\.md: front matter is missing`));
    expect((await rows(url)).files).toEqual([]);
  });

  it('are needed first: a replica on an empty database says how to load one', async () => {
    const url = await freshDatabase(inject('postgresUrl'), 'empty');
    const err = await failure(openStore(url));
    expect(instance(err, CorpusError).problems).toEqual([
      `${describeDatabase(url)}: holds no corpus yet; load a folder into it with: npm run -s cli -- corpus import dir:<folder>`,
    ]);
  });
});

describe('the corpus in PostgreSQL', () => {
  it('answers from the database and numbers its version', async () => {
    const url = await corpusDatabase('answers');
    const store = await openStore(url);
    expect(store.status()).toMatchObject({ store: 'postgres', version: 1, dir: describeDatabase(url) });
    expect(store.status().articles.map((a) => a.id)).toEqual(['alibaba-russia-vi', 'alibaba-russia-zh']);
    expect(sourcesOf(store, 'Mail.ru có bao nhiêu người dùng?')[0]).toBe('alibaba-russia-vi');
  });

  it('adds, replaces and removes in one transaction each, bumping the version and keeping what it replaced', async () => {
    const url = await corpusDatabase('changes');
    const store = await openStore(url);
    const added = await store.add({ name: 'Note.md', bytes: article('note') }, { by: '123456789012345678' });
    expect(added).toMatchObject({ file: 'note.md', added: ['note'], replaced: false });
    expect(added.status).toMatchObject({ version: 2, loadedBy: '123456789012345678' });
    expect(sourcesOf(store, 'Khinh khí cầu tím')[0]).toBe('note');
    const replaced = await store.add(
      { name: 'note.md', bytes: article('note', 'Khinh khí cầu xanh bay qua Kazan.') },
      { replace: true, by: 'cli' },
    );
    expect(replaced).toMatchObject({ replaced: true, changed: ['note'], status: { version: 3 } });
    expect((await store.remove('note', 'cli')).status.version).toBe(4);
    const db = await rows(url);
    expect(db.version).toEqual([{ version: '4', changed_by: 'cli' }]);
    expect(db.files.map((f: { name: string }) => f.name)).not.toContain('note.md');
    expect(db.trash).toEqual([
      { name: 'note.md', version: '3', trashed_by: 'cli' },
      { name: 'note.md', version: '4', trashed_by: 'cli' },
    ]);
    // The replaced and the removed versions, byte for byte.
    const trashed = await sql(url, 'SELECT bytes FROM corpus_trash ORDER BY id');
    expect(trashed.rows.map((r: { bytes: Buffer }) => r.bytes.toString('utf8'))).toEqual([
      new TextDecoder().decode(article('note')),
      new TextDecoder().decode(article('note', 'Khinh khí cầu xanh bay qua Kazan.')),
    ]);
  });

  it('writes nothing for a refused change, and keeps answering from the index it has', async () => {
    const url = await corpusDatabase('refused');
    const store = await openStore(url);
    const engine = store.engine;
    const before = await rows(url);
    const broken = await failure(store.add({ name: 'bad.md', bytes: encoder.encode('no front matter') }, { by: 'x' }));
    expect(instance(broken, CorpusError).problems[0]).toMatch(
      new RegExp(`^${describeDatabase(url)}/bad\\.md: front matter is missing`),
    );
    const exists = await failure(store.add({ name: 'alibaba-russia-vi.md', bytes: article('x') }, { by: 'x' }));
    expect(instance(exists, CorpusChangeError).reason).toBe('exists');
    const depended = await failure(store.remove('alibaba-russia-zh', 'x'));
    expect(depended).toBeInstanceOf(CorpusError);
    expect(await rows(url)).toEqual(before);
    expect(store.engine).toBe(engine);
    expect(store.version).toBe(1);
    // A reload finds nothing new.
    expect(await store.reload('x')).toMatchObject({ unchanged: true, status: { version: 1, loadedBy: 'startup' } });
  });

  it('refuses a change while another session holds the lock, naming it, and writes nothing', async () => {
    const url = await corpusDatabase('busy');
    const store = await openStore(url);
    const holder = new pg.Client({ connectionString: url });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query("SELECT set_config('application_name', 'deal-qa 4242 replica-b 123456789012345678', true)");
      await holder.query('SELECT pg_advisory_xact_lock($1, $2)', [ADVISORY.space, ADVISORY.change]);
      const before = await rows(url);
      for (const attempt of [
        () => store.add({ name: 'note.md', bytes: article('note') }, { by: 'cli' }),
        () => store.remove('alibaba-russia-vi', 'cli'),
        () => store.reload('cli'),
      ]) {
        const err = instance(await failure(attempt()), CorpusBusyError);
        expect(err.holder).toMatchObject({ pid: 4242, host: 'replica-b', by: '123456789012345678' });
        expect(err.holder?.since).toBeInstanceOf(Date);
        expect(err.message).toMatch(
          /^another corpus change is in progress \(by 123456789012345678, process 4242 on replica-b, since /,
        );
      }
      expect(await rows(url)).toEqual(before);
      await holder.query('ROLLBACK');
      expect((await store.add({ name: 'note.md', bytes: article('note') }, { by: 'cli' })).status.version).toBe(2);
    } finally {
      await holder.end();
    }
  });

  it('lets replicas that change at once go one at a time: no lost version, a corpus that loads', async () => {
    const url = await corpusDatabase('race');
    const replicas = await Promise.all([1, 2, 3].map(() => openStore(url)));
    const results = await Promise.allSettled(
      replicas.map((r, i) => r.add({ name: `note-${i}.md`, bytes: article(`note-${i}`) }, { by: `r${i}` })),
    );
    const done = results.filter((r) => r.status === 'fulfilled');
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(CorpusBusyError);
    expect(done.length).toBeGreaterThanOrEqual(1);
    const db = await rows(url);
    expect(db.version[0]).toMatchObject({ version: String(1 + done.length) });
    expect(db.files.filter((f: { name: string }) => f.name.startsWith('note-'))).toHaveLength(done.length);
    // …and a fresh replica loads what they left.
    expect((await openStore(url)).status().articles).toHaveLength(2 + done.length);
  });
});

describe('replicas following the database', () => {
  it('swap in a change made by another replica, whole, and tell their listeners', async () => {
    const url = await corpusDatabase('follow');
    const [a, b] = await Promise.all([openStore(url, { follow: true }), openStore(url, { follow: true })]);
    const heard: Array<{ version: number; by: string; added: string[] }> = [];
    b.onChange((c) => heard.push({ version: c.status.version, by: c.status.loadedBy, added: c.added }));
    const old = b.engine;
    await a.add({ name: 'note.md', bytes: article('note') }, { by: '123456789012345678' });
    expect(await until(() => b.version === 2)).toBe(true);
    expect(b.engine).not.toBe(old);
    expect(sourcesOf(b, 'Khinh khí cầu tím')[0]).toBe('note');
    expect(heard).toEqual([{ version: 2, by: '123456789012345678', added: ['note'] }]);
    // Its own change is not loaded twice by the replica that made it.
    expect(a.version).toBe(2);
  });

  it('re-read the version periodically, so a change whose NOTIFY was lost still arrives', async () => {
    const url = await corpusDatabase('poll');
    const b = await openStore(url, { follow: true, options: { ...FAST, pollMs: 200 } });
    // Written behind the replicas' backs: no NOTIFY.
    await sql(url, 'INSERT INTO corpus_file (name, bytes, version) VALUES ($1, $2, 2)', [
      'note.md',
      Buffer.from(article('note')),
    ]);
    await sql(url, "UPDATE corpus_version SET version = 2, changed_by = 'psql'");
    expect(await until(() => b.version === 2)).toBe(true);
    expect(b.status().loadedBy).toBe('psql');
    expect(sourcesOf(b, 'Khinh khí cầu tím')[0]).toBe('note');
  });

  it('keep the index they hold when a new version does not load, and say so', async () => {
    const url = await corpusDatabase('bad_version');
    const b = await openStore(url, { follow: true });
    const events: SyncEvent[] = [];
    b.onSync((e) => events.push(e));
    const engine = b.engine;
    await sql(url, "UPDATE corpus_file SET bytes = convert_to('broken', 'UTF8') WHERE name = 'alibaba-russia-vi.md'");
    await sql(url, "UPDATE corpus_version SET version = 2, changed_by = 'psql'");
    await sql(url, "SELECT pg_notify('deal_qa_corpus', '2')");
    expect(await until(() => events.some((e) => e.type === 'failed'))).toBe(true);
    expect(events.find((e) => e.type === 'failed')).toMatchObject({ err: expect.any(CorpusError) });
    expect(b.engine).toBe(engine);
    expect(b.version).toBe(1);
  });

  it('catch up after losing their connection (a NOTIFY sent meanwhile is lost)', async () => {
    const url = await corpusDatabase('reconnect');
    const [a, b] = await Promise.all([openStore(url), openStore(url, { follow: true })]);
    const events: string[] = [];
    b.onSync((e) => events.push(e.type));
    // Cut the replica's listening connection, and change the corpus right away.
    const listening = () =>
      sql(
        url,
        "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name LIKE 'deal-qa-listen %'",
      );
    expect(await until(async () => (await listening()).rows.length > 0)).toBe(true);
    await sql(
      url,
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND application_name LIKE 'deal-qa-listen %'",
    );
    await a.add({ name: 'note.md', bytes: article('note') }, { by: 'cli' });
    expect(await until(() => b.version === 2)).toBe(true);
    expect(await until(() => events.includes('reconnected'))).toBe(true);
    expect(events.slice(0, 2)).toEqual(['disconnected', 'reconnected']);
  });
});

describe('the database stopped and started again', () => {
  let server: PostgresServer | undefined;
  afterAll(async () => {
    await server?.stop();
  });

  it('keeps answering, refuses changes clearly, and catches up once the database is back', async () => {
    server = await startPostgres();
    const url = await corpusDatabase('outage', server.url);
    const options = { postgres: FAST };
    const config = { corpusDir: '/nonexistent', databaseUrl: url, defaultLang: 'vi' as const };
    const [a, b] = await Promise.all([startApp(config, undefined, options), startApp(config, undefined, options)]);
    track(a);
    track(b);
    const events: string[] = [];
    b.store.onSync((e) => events.push(e.type));
    const ask = (app: App) =>
      runCommand(app, {
        command: 'ask',
        options: { question: 'Mail.ru có bao nhiêu người dùng?' },
        canModerate: false,
      });
    const corpusAdd = (app: App, name: string) =>
      runCommand(app, {
        command: 'corpus',
        subcommand: 'add',
        options: { file: name },
        files: { file: { name, read: () => Promise.resolve(article(name.slice(0, -3))) } },
        canModerate: true,
        locale: 'en-US',
        user: '123456789012345678',
      });

    await server.pause();
    // Questions are answered from the index held…
    for (const app of [a, b]) expect((await ask(app)).citations[0]?.source).toBe('alibaba-russia-vi');
    // …a change is refused, privately, saying why, and nothing changes.
    const refused = await corpusAdd(a, 'note.md');
    expect(refused.error).toBe(true);
    expect(refused.payload.flags).toBe(64);
    expect(refused.payload.content).toContain('The corpus database cannot be reached, so nothing was changed');
    expect(instance(await failure(a.store.reload('cli')), CorpusUnavailableError).message).toMatch(
      new RegExp(`^${describeDatabase(url).replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: cannot be reached \\(`),
    );
    expect(a.store.version).toBe(1);
    expect(await until(() => events.includes('disconnected'))).toBe(true);

    await server.resume();
    // Changes work again (the pool reconnects by itself) and the other replica catches up.
    expect(await until(async () => !(await corpusAdd(a, 'note.md')).error, 30_000)).toBe(true);
    expect(a.store.version).toBe(2);
    expect(await until(() => b.store.version === 2, 30_000)).toBe(true);
    expect(
      (await runCommand(b, { command: 'ask', options: { question: 'Khinh khí cầu tím' }, canModerate: false }))
        .citations[0]?.source,
    ).toBe('note');
    expect(events).toContain('reconnected');
  }, 120_000);
});

describe('the CLI with DATABASE_URL', () => {
  const cli = (env: Record<string, string>, ...args: string[]) => runCli(args, env);

  it('imports a folder, changes the corpus in the database, and exports it back byte for byte', async () => {
    const url = await freshDatabase(inject('postgresUrl'), 'cli');
    const env = { DATABASE_URL: url, CORPUS_DIR: '/nonexistent' };
    const imported = await cli(env, 'corpus', 'import', `dir:${CORPUS}`);
    expect(imported).toMatchObject({ code: 0, stderr: '' });
    expect(imported.stdout).toBe(
      `Imported ${FILES} files from ${CORPUS} into ${describeDatabase(url)}: corpus version 1.\n`,
    );
    const status = await cli(env, 'corpus', 'status');
    expect(status.stdout).toContain(`Version\n    1\n  Database\n    ${describeDatabase(url)}`);
    const note = path.join(await temp.dir(), 'note.md');
    await writeFile(note, article('note'));
    expect(await cli(env, 'corpus', 'add', `file:${note}`)).toMatchObject({ code: 0 });
    const out = path.join(await temp.dir(), 'out');
    expect(await cli(env, 'corpus', 'export', `dir:${out}`, '--json')).toMatchObject({
      code: 0,
      stdout: `{"exported":${FILES + 1},"version":2}\n`,
    });
    const expected = { ...(await snapshot(CORPUS)), 'note.md': Buffer.from(article('note')).toString('base64') };
    expect(await snapshot(out)).toEqual(expected);
  }, 120_000);

  it('says what is missing: DATABASE_URL, or the folder', async () => {
    expect(await cli({}, 'corpus', 'import', `dir:${CORPUS}`)).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('DATABASE_URL: missing (required for this command)'),
    });
    expect(await cli({ DATABASE_URL: 'postgres://u@127.0.0.1:1/x' }, 'corpus', 'export')).toMatchObject({
      code: 2,
      stderr: 'cli: usage: cli corpus export dir:<folder>\n',
    });
  }, 60_000);

  it('are shell commands only: /corpus on Discord has no import or export', async () => {
    const { commands } = await import('../commands/index.ts');
    const names = (commands.get('corpus')?.data.options ?? []).map((o) => o.name);
    expect(names).toEqual(['status', 'reload', 'add', 'insights', 'remove']);
  });
});
