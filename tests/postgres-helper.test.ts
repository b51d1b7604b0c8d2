import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { freshDatabase } from './helpers/postgres.ts';

describe('the test PostgreSQL cluster', () => {
  it('serves a fresh, empty database of its own to each test file, on 127.0.0.1', async () => {
    const url = await freshDatabase(inject('postgresUrl'), 'helper');
    expect(new URL(url).hostname).toBe('127.0.0.1');
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query<{ tables: string }>(
        "SELECT count(*) AS tables FROM information_schema.tables WHERE table_schema = 'public'",
      );
      expect(Number(rows[0]!.tables)).toBe(0);
      const version = await client.query<{ server_version_num: string }>('SHOW server_version_num');
      expect(Number(version.rows[0]!.server_version_num)).toBeGreaterThanOrEqual(150000);
    } finally {
      await client.end();
    }
  });
});
