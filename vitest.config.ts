import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/setup/postgres.global.ts'],
    setupFiles: ['tests/setup/fast-check.ts'],
    // Generous: they only catch hangs. A busy machine must never fail a test whose behaviour is right.
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
