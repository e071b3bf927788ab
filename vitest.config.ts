import { defineConfig } from 'vitest/config';

// Three suites: pure domain rules, database and HTTP integration, and Chromium journeys.
// Integration and browser suites start the built server (`npm test` builds first).
// Every suite removes the temporary folders (databases, files) a test file made once the file is done.
const setupFiles = ['tests/support/cleanup.ts'];
// What the browser and the servers do asynchronously (a worker's score, an animation frame, an autosave, a log
// line) can take seconds on a loaded 2-core CI machine: `expect.poll` waits up to 15 s for it, not vitest's 1 s.
const expectSlow = { poll: { timeout: 15_000 } };

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
          expect: expectSlow,
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
          expect: expectSlow,
          testTimeout: 90_000,
          hookTimeout: 90_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
