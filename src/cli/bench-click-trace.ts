/**
 * Where one click's main-thread time goes on the drill page (5,000 impressions, score in the
 * worker or `main`): a Chromium performance trace over `clicks` clicks of the click bench,
 * then, per click, the renderer main thread's tasks from the press to the frame after the
 * release (input, JS, animation frame, paint, layout…) and the score answer's task, in CPU
 * (thread) time, which the machine's load changes less than wall time.
 * `node src/cli/bench-click-trace.ts [worker|main] [clicks]`; needs `npm run build`.
 */
import fs from 'node:fs';
import { clickFrames, openClickBench } from './bench-click.ts';

interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  /** Thread (CPU) time of the event, µs. */
  tdur?: number;
  pid: number;
  tid: number;
  args?: { name?: string; data?: { type?: string; functionName?: string; url?: string } };
}

const mode = (process.argv[2] ?? 'worker') as 'worker' | 'main';
const clicks = Number(process.argv[3] ?? 20);
const bench = await openClickBench();
if (!bench) throw new Error('needs `npm run build` and Chromium');
try {
  const { page } = bench;
  await bench.openDraft(mode);
  await clickFrames(page, 5);
  const cdp = await page.context().newCDPSession(page);
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (e) => events.push(...(e.value as unknown as TraceEvent[])));
  const done = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
  await cdp.send('Tracing.start', {
    traceConfig: {
      includedCategories: [
        'toplevel',
        'devtools.timeline',
        'disabled-by-default-devtools.timeline',
        'disabled-by-default-devtools.timeline.frame',
        'v8.execute',
        'blink.user_timing',
        'v8',
      ],
    },
  });
  const frames = await clickFrames(page, clicks);
  await cdp.send('Tracing.end');
  await done;
  if (process.env.TRACE_OUT) fs.writeFileSync(process.env.TRACE_OUT, JSON.stringify({ traceEvents: events }));

  // The renderer main thread is the one that dispatched the pointerup events.
  const ups = events.filter((e) => e.name === 'EventDispatch' && e.args?.data?.type === 'pointerup');
  const main = { pid: ups[0]!.pid, tid: ups[0]!.tid };
  const onMain = events
    .filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.dur !== undefined)
    .sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
  const tasks = onMain.filter((e) => e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask');
  const downs = onMain.filter((e) => e.name === 'EventDispatch' && e.args?.data?.type === 'pointerdown');
  const upsMain = onMain.filter((e) => e.name === 'EventDispatch' && e.args?.data?.type === 'pointerup');
  const children = (t: TraceEvent) => onMain.filter((e) => e !== t && e.ts >= t.ts && e.ts + e.dur! <= t.ts + t.dur!);
  const kinds = [
    'EventDispatch',
    'FireAnimationFrame',
    'FunctionCall',
    'TimerFire',
    'HandlePostMessage',
    'UpdateLayoutTree',
    'Layout',
    'PrePaint',
    'Paint',
    'PaintImage',
    'Layerize',
    'Commit',
    'UpdateLayer',
    'MinorGC',
    'MajorGC',
    'V8.GC_SCAVENGER',
    'ProfileCall',
  ];
  const perClick: Array<Record<string, number>> = [];
  for (let k = 0; k < upsMain.length; k++) {
    const up = upsMain[k]!;
    const down = [...downs].reverse().find((d) => d.ts <= up.ts) ?? up;
    const next = downs.find((d) => d.ts > up.ts)?.ts ?? Infinity;
    // Every task from the press until the next press: the click's own work and the score's answer.
    const mine = tasks.filter((t) => t.ts >= down.ts - 1 && t.ts < next);
    const row: Record<string, number> = { tasks: 0, 'total wall': 0, 'total CPU': 0 };
    const cpu = (e: TraceEvent) => (e.tdur ?? e.dur!) / 1000;
    for (const t of mine) {
      row.tasks!++;
      row['total wall']! += t.dur! / 1000;
      row['total CPU']! += cpu(t);
      const inner = children(t);
      // Top-level named children only (no double counting of nested events).
      const tops = inner.filter(
        (e) =>
          kinds.includes(e.name) &&
          !inner.some(
            (o) =>
              o !== e && kinds.includes(o.name) && o.ts <= e.ts && o.ts + o.dur! >= e.ts + e.dur! && o.dur! > e.dur!,
          ),
      );
      let named = 0;
      for (const e of tops) {
        const key = e.name === 'EventDispatch' ? `Event:${e.args?.data?.type}` : e.name;
        row[key] = (row[key] ?? 0) + cpu(e);
        named += cpu(e);
      }
      row.other = (row.other ?? 0) + cpu(t) - named;
    }
    perClick.push(row);
    if (process.env.TRACE_VERBOSE && k < 3) {
      console.log(`click ${k}:`);
      for (const t of mine)
        console.log(
          `  +${((t.ts - down.ts) / 1000).toFixed(1)} ms task ${(t.dur! / 1000).toFixed(2)} ms: ` +
            children(t)
              .filter((e) => e.dur! > 100)
              .map(
                (e) =>
                  `${e.name}${e.args?.data?.type ? `(${e.args.data.type})` : ''}${e.args?.data?.functionName ? `[${e.args.data.functionName}]` : ''} ${(e.dur! / 1000).toFixed(2)}`,
              )
              .join(', '),
        );
    }
  }
  const keys = [...new Set(perClick.flatMap((r) => Object.keys(r)))];
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
  console.log(
    `\nMain-thread time per click (${mode}, ${perClick.length} clicks), median of each part, ms of main-thread CPU (thread time) unless marked wall:`,
  );
  for (const key of keys.sort()) console.log(`  ${key.padEnd(28)} ${med(perClick.map((r) => r[key] ?? 0)).toFixed(2)}`);
  const sorted = [...frames].sort((a, b) => a - b);
  console.log(`click → painted frame during the trace: median ${sorted[sorted.length >> 1]!.toFixed(1)} ms`);
} finally {
  await bench.close();
}
