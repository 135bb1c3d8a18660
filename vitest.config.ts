import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Builds start Pagefind's helper process and browsers are heavy: keep parallelism modest on 2 cores.
    maxWorkers: 2,
  },
});
