/**
 * Runs only the browser part of `npm run bench` (click → painted frame), `runs` times:
 * `node src/cli/bench-click-run.ts [runs]`. Needs `npm run build`.
 */
import { runClickBench } from './bench-click.ts';

const runs = Number(process.argv[2] ?? 1) || 1;
for (let i = 0; i < runs; i++) await runClickBench();
