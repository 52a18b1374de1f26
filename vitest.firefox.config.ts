import { defineConfig } from 'vitest/config';

// The Firefox end-to-end lane: one file, one browser, flows one after another (CI has two cores).
export default defineConfig({
  test: {
    include: ['tests/e2e/firefox/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 45_000,
    hookTimeout: 60_000,
  },
});
