import { defineConfig } from 'vitest/config';

// Three suites: pure domain rules, database and HTTP integration, and Chromium journeys.
// Integration and browser suites start the built server (`npm test` builds first).
// Every suite removes the temporary folders (databases, files) a test file made once the file is done.
const setupFiles = ['tests/support/cleanup.ts'];

export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], environment: 'node', setupFiles } },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          environment: 'node',
          setupFiles,
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          setupFiles,
          testTimeout: 90_000,
          hookTimeout: 90_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
