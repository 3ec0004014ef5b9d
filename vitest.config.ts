import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.spec.ts', 'test/**/*.spec.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Store and end-to-end suites start real servers and databases; keep the 2-core machines calm.
    maxWorkers: 2,
  },
});
