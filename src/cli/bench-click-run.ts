/**
 * Runs only the browser part of `npm run bench` (click → painted frame) `runs` times:
 * `node src/cli/bench-click-run.ts [runs]`; needs `npm run build`. Each run prints the bench's
 * own line, then a floor measured in the same browser on the same machine: the same clicks
 * with the move tool, which change nothing (what a click costs this machine now, whatever the
 * page does).
 */
import { clickFrames, openClickBench, runClickBench } from './bench-click.ts';

const runs = Number(process.argv[2] ?? 1) || 1;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
for (let i = 0; i < runs; i++) {
  await runClickBench();
  const bench = await openClickBench();
  if (!bench) break;
  try {
    await bench.openDraft('worker');
    await bench.page.click('button[data-tool="move"]');
    await clickFrames(bench.page, 5);
    const floor = await clickFrames(bench.page, 20);
    console.log(`floor (move tool, nothing changes): median ${median(floor).toFixed(1)} ms`);
  } finally {
    await bench.close();
  }
}
