import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['runners/**/*.test.ts', 'reports/**/*.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 300_000,
    // End-to-end files start adapter processes; two at a time matches the 2-core machines.
    maxWorkers: 2,
  },
});
