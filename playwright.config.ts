import { defineConfig } from '@playwright/test';

// One worker: each worker runs its own Chromium with the extension, and CI has two cores.
export default defineConfig({
  testDir: 'tests/e2e',
  // The Firefox lane's files (tests/e2e/firefox/*.test.ts) run under vitest, not here.
  testMatch: '**/*.spec.ts',
  timeout: 45_000,
  expect: { timeout: 10_000 },
  workers: 1,
  retries: 0,
  fullyParallel: false,
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e-chromium.json' }]],
  use: { trace: 'off', screenshot: 'off' },
});
