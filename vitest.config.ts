import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.spec.ts', 'test/**/*.spec.ts'],
    // End-to-end tests spawn real servers and CLIs; on the shared 2-core machine under load that alone can pass 30 s.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Store and end-to-end suites start real servers and databases; keep the 2-core machines calm.
    maxWorkers: 2,
  },
});
