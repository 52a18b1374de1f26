import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';
import preact from '@preact/preset-vite';

export default defineConfig({
  plugins: [WxtVitest(), preact()],
  test: {
    include: ['tests/unit/**/*.test.{ts,tsx}'],
    environment: 'node',
    pool: 'threads',
    // Property-based and IndexedDB tests do real work; a 2-core CI machine under load needs headroom.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
