/**
 * The autosave part of `npm run bench`: bytes a drill page sends per autosave on a canvas of
 * 5,000 impressions, the whole canvas (as every autosave sent before deltas, and still the
 * first save of a page and the answer to a conflict) beside a delta (`src/lib/drill/draft-delta.ts`),
 * and what making the delta costs the page.
 */
import { makeDelta, type SavedCanvas } from '../lib/drill/draft-delta.ts';
import type { StoredDot } from '../lib/drill/dots.ts';
import { naturalPattern, seededRng } from '../lib/drill/patterns.ts';
import { loadTemplate } from '../server/templates.ts';

/** Prints bytes per autosave (full and delta) at 5,000 impressions. */
export function runAutosaveBench(n = 5_000): void {
  const base = loadTemplate('crown-whorl')!;
  const template = { ...base, targetSpacingMm: base.targetSpacingMm * Math.sqrt(800 / n) * 0.97 };
  const p = naturalPattern(template, seededRng(3));
  const dots: StoredDot[] = p.xs
    .slice(0, n)
    .map((x, i) => [Math.round(x * 1000) / 1000, Math.round(p.ys[i]! * 1000) / 1000, i * 700, 0.3]);
  const saved: SavedCanvas = { dots, sessions: dots.map(() => 1) };
  const full = (c: SavedCanvas) => JSON.stringify({ dots: c.dots, sessions: c.sessions, session: 1 }).length;
  const cases: Array<[string, SavedCanvas]> = [
    ['one impression placed', { dots: [...dots, [30.125, 20.5, n * 700, 0.3]], sessions: [...saved.sessions!, 1] }],
    [
      'one erased mid-canvas, three placed',
      {
        dots: [
          ...dots.slice(0, 2500),
          ...dots.slice(2501),
          [30, 20, 1e7, 0.3],
          [31, 20, 1e7 + 400, 0.3],
          [32, 20, 1e7 + 800, 0.3],
        ],
        sessions: Array.from({ length: n + 2 }, () => 1),
      },
    ],
  ];
  console.log(`\nAutosave — bytes sent per save on a canvas of ${n.toLocaleString('en')} impressions\n`);
  for (const [label, current] of cases) {
    const t0 = performance.now();
    let delta = makeDelta(saved, current, 7, 1);
    const runs = 20;
    for (let i = 1; i < runs; i++) delta = makeDelta(saved, current, 7, 1);
    const ms = (performance.now() - t0) / runs;
    const deltaBytes = JSON.stringify(delta).length;
    const fullBytes = full(current);
    console.log(
      `  ${label.padEnd(36)} delta ${String(deltaBytes).padStart(5)} bytes vs whole canvas ${fullBytes.toLocaleString('en')} bytes (before: every autosave)` +
        `  = ${((100 * deltaBytes) / fullBytes).toFixed(3)} %; making the delta ${ms.toFixed(2)} ms in the page`,
    );
  }
}
