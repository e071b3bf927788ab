/** Setup file of every suite: removes the file's temporary folders once its tests and hooks are done. */
import { afterAll } from 'vitest';
import { removeTempDirs } from './temp.ts';

// Registered before the test file's own hooks, so it runs after them (vitest runs `afterAll` hooks as a stack).
afterAll(removeTempDirs);
