import type { TestProject } from 'vitest/node';
import { startPostgres } from '../helpers/postgres.ts';

/**
 * One throwaway PostgreSQL cluster for the whole test run, started before the first test file and stopped after
 * the last. Test files read its URL with `inject('postgresUrl')` and take a database of their own
 * (`freshDatabase`). A test that stops the server on purpose starts a cluster of its own with `startPostgres`.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startPostgres();
  project.provide('postgresUrl', server.url);
  return () => server.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string;
  }
}
