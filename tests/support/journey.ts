/** Shared set-up of the browser journeys: a fresh server and one Chromium per test file. */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchBrowser } from './browser.ts';
import { startServer, type RunningServer } from './server.ts';

export interface Journey {
  server: RunningServer;
  browser: Browser;
}

/** Starts the server and the browser before the file's tests and stops both after; `arrange` runs once both are up. */
export function useJourney(arrange?: (j: Journey) => void | Promise<void>): Journey {
  const j = {} as Journey;
  beforeAll(async () => {
    [j.server, j.browser] = await Promise.all([startServer(), launchBrowser()]);
    await arrange?.(j);
  });
  afterAll(async () => {
    await j.browser?.close();
    await j.server?.stop();
  });
  return j;
}
