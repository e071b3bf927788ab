/**
 * Score identity check (a script, not a test): scores a fixed set of sheets — every template,
 * every natural variant and failure class of patterns.ts / variants.ts, degenerate input,
 * sessions and diameters, several seeds, plus the bench's scaled workloads at 2,000, 5,000
 * and 20,000 impressions — and writes the complete results (score, findings, overlay,
 * metrics) to a file, or compares them with a file written earlier, sheet by sheet.
 * A speed change to the scorer must leave every sheet identical.
 *
 * Run: `npx node tests/unit/drill/identity.ts write /tmp/before.json` on the old code, then
 * `npx node tests/unit/drill/identity.ts check /tmp/before.json` on the new one.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import * as P from '../../../src/lib/drill/patterns.ts';
import { scoreDrill } from '../../../src/lib/drill/scoring.ts';
import type { Template } from '../../../src/lib/drill/template.ts';
import * as V from '../../../src/lib/drill/variants.ts';
import { allTemplates } from '../../support/templates.ts';
import { NATURAL_VARIANTS, type Make } from './natural-variants.ts';

const [mode, file, seedArg] = process.argv.slice(2);
if ((mode !== 'write' && mode !== 'check') || !file) {
  console.error('usage: identity.ts write|check <file> [seeds]');
  process.exit(2);
}
const SEEDS = Number(seedArg ?? 4);

type Case = [string, Make, number?];
const failing: Case[] = [
  ['natural', (t, r) => P.naturalPattern(t, r)],
  ['square grid', (t, r) => P.squareGrid(t, r)],
  ['square grid jitter', (t, r) => P.squareGrid(t, r, 0.2)],
  ['hex grid', (t, r) => P.hexGrid(t, r)],
  ['uniform random', (t, r) => P.uniformRandom(t, 400, r)],
  ['clustered', (t, r) => P.clustered(t, 400, 12, 2, r)],
  ['rows', (t, r) => P.rows(t, r)],
  ['half covered', (t, r) => P.halfCovered(t, r)],
  ['sparse', (t, r) => P.sparse(t, 2, r)],
  ['even front row', V.evenFrontRow],
  ['smooth wavy front', V.smoothWavyFront],
  ['straight front', V.straightFront],
  ['heavy band', V.heavyBandBehindFront],
  ['bare patch', (t, r) => V.barePatch(t, r)],
  ['overworked 1.5', (t, r) => V.overworked(t, 1.5, r)],
  ['overworked 2', (t, r) => V.overworked(t, 2, r)],
  ['in holes', (t, r) => V.inHoles(t, r)],
  ['spill', (t, r) => V.spill(t, r)],
  ['hex ±20%', (t, r) => V.jitteredLattice(t, r, true, 0.2)],
  ['hex ±30%', (t, r) => V.jitteredLattice(t, r, true, 0.3)],
  ['square ±25%', (t, r) => V.jitteredLattice(t, r, false, 0.25)],
  ['grid patches', (t, r) => V.gridPatches(t, r)],
  ['lloyd', (t, r) => V.lloydRelaxed(t, r)],
  ['curved tracks', V.curvedTracks],
  ['long row', (t, r) => V.longRow(t, r)],
  ['gradient', (t, r) => V.gradient(t, r)],
  ['double taps', (t, r) => V.doubleTaps(t, r)],
  ['big needle', (t, r) => V.bigNeedle(t, r)],
  ['multi-session as 2', (t, r) => V.multiSession(t, r, 2), 2],
  ['session 1 as final', V.sessionOne],
  ['session 1 as 2', V.sessionOne, 2],
];
const degenerate: Case[] = [
  ['identical', (t) => V.identical(t)],
  ['clump 19000', (t, r) => V.clumpInOneMm(t, r)],
  ['on edges', (t) => V.onEdges(t)],
  ['empty', () => ({ xs: [], ys: [] })],
  ['one', (t) => ({ xs: [t.width / 2], ys: [t.height / 2] })],
  [
    'line',
    (t) => ({ xs: Array.from({ length: 40 }, (_, i) => 5 + i), ys: Array.from({ length: 40 }, () => t.height / 2) }),
  ],
];

/** Canonical text of a score: JSON keeps every double exactly (shortest round-trip form). */
const text = (s: unknown) =>
  JSON.stringify(s, (_k, v: unknown) => (typeof v === 'number' && Object.is(v, -0) ? '-0' : v));

const results: Record<string, string> = {};
const add = (key: string, t: Template, work: V.Work, session?: number) => {
  results[key] = text(scoreDrill(t, work, session ? { session } : undefined));
};

for (const t of allTemplates()) {
  for (const [name, make, session] of [...NATURAL_VARIANTS, ...failing])
    for (let seed = 1; seed <= SEEDS; seed++) add(`${t.id}|${name}|${seed}`, t, make(t, P.seededRng(seed)), session);
  for (const [name, make] of degenerate) add(`${t.id}|${name}`, t, make(t, P.seededRng(1)));
  // The same sheet scored as every session of the plan, and with mixed diameters.
  const work = V.multiSession(t, P.seededRng(7));
  for (let k = 1; k <= 4; k++) add(`${t.id}|multi-session as ${k}`, t, work, k);
  const d = P.naturalPattern(t, P.seededRng(9));
  add(`${t.id}|mixed diameters`, t, { ...d, diameters: d.xs.map((_, i) => 0.3 + (i % 7) * 0.15) });
}
// The bench's workloads: a template scaled so natural work has about n impressions.
for (const t of allTemplates())
  for (const n of [2_000, 5_000, 20_000]) {
    const spacing = t.targetSpacingMm * Math.sqrt(800 / n) * 0.97;
    const scaled: Template = { ...t, id: `${t.id}-bench-${n}`, targetSpacingMm: spacing };
    add(`${t.id}|bench ${n}`, scaled, P.naturalPattern(scaled, P.seededRng(n)));
  }

const keys = Object.keys(results);
if (mode === 'write') {
  fs.writeFileSync(file, JSON.stringify(results));
  const digest = createHash('sha256')
    .update(keys.map((k) => `${k}\n${results[k]}`).join('\n'))
    .digest('hex');
  console.log(`wrote ${keys.length} sheets to ${file} (sha256 ${digest.slice(0, 16)})`);
} else {
  const before = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, string>;
  const missing = Object.keys(before).filter((k) => !(k in results));
  const differ = keys.filter((k) => k in before && before[k] !== results[k]);
  const extra = keys.filter((k) => !(k in before));
  for (const k of differ.slice(0, 20)) {
    const a = before[k]!;
    const b = results[k]!;
    let i = 0;
    while (i < a.length && a[i] === b[i]) i++;
    console.log(
      `DIFFERS ${k}\n  before …${a.slice(Math.max(0, i - 80), i + 80)}\n  after  …${b.slice(Math.max(0, i - 80), i + 80)}`,
    );
  }
  console.log(
    `${keys.length - extra.length - differ.length} of ${Object.keys(before).length} sheets identical; ${differ.length} differ, ${missing.length} missing, ${extra.length} new`,
  );
  if (differ.length || missing.length) process.exitCode = 1;
}
