/**
 * Calibration sweep (a script, not a test): scores every natural variant and every row /
 * track / grid failure class on every template for seeds 1..N and prints the pass table and
 * the distribution of the row, track and grid-patch statistics per class.
 * Run: `npx node tests/unit/drill/sweep.ts [seeds] [template id part]` (e.g. `20 segment`: only the segments).
 */
import * as P from '../../../src/lib/drill/patterns.ts';
import { scoreDrill } from '../../../src/lib/drill/scoring.ts';
import * as V from '../../../src/lib/drill/variants.ts';
import { allTemplates } from '../../support/templates.ts';
import { NATURAL_VARIANTS, type Make } from './natural-variants.ts';

const N = Number(process.argv[2] ?? 20);
const only = process.argv[3] ?? '';
const natural = NATURAL_VARIANTS;
const failing: Array<[string, Make, number?]> = [
  ['rows', (t, r) => P.rows(t, r)],
  ['long row', (t, r) => V.longRow(t, r)],
  ['curved tracks', V.curvedTracks],
  ['grid patches', (t, r) => V.gridPatches(t, r)],
  ['hex ±20%', (t, r) => V.jitteredLattice(t, r, true, 0.2)],
  ['hex ±30%', (t, r) => V.jitteredLattice(t, r, true, 0.3)],
  ['square ±25%', (t, r) => V.jitteredLattice(t, r, false, 0.25)],
];
const keys = ['runShare', 'longestRun', 'trackShare', 'longestTrack', 'localGridShare', 'localOrderMax'] as const;
const q = (a: number[]) => {
  const s = [...a].sort((x, y) => x - y);
  const f = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(3));
  return `${f(s[0]!)}/${f(s[Math.floor(s.length / 2)]!)}/${f(s[s.length - 1]!)}`;
};
for (const [group, list] of [
  ['natural', natural],
  ['failing', failing],
] as const) {
  console.log(`\n== ${group} (min/median/max over ${N} seeds)`);
  for (const t of allTemplates().filter((x) => x.id.includes(only))) {
    for (const [name, make, session] of list) {
      const vals: Record<string, number[]> = {};
      const bad: string[] = [];
      let passes = 0;
      let minTotal = 100;
      for (let seed = 1; seed <= N; seed++) {
        const s = scoreDrill(t, make(t, P.seededRng(seed)), session ? { session } : undefined);
        if (s.pass) passes++;
        minTotal = Math.min(minTotal, s.total);
        const fails = s.findings.filter((f) => f.level === 'fail');
        if (group === 'natural' && (!s.pass || fails.length))
          bad.push(`s${seed}: ${fails.map((f) => f.message.slice(0, 50)).join(' | ')}`);
        for (const k of keys) (vals[k] ??= []).push(Number(s.metrics[k] ?? 0));
      }
      console.log(
        `${t.id.padEnd(14)} ${name.padEnd(15)} pass ${String(passes).padStart(2)}/${N} min total ${String(minTotal).padStart(3)}  ` +
          keys.map((k) => `${k} ${q(vals[k]!)}`).join('  '),
      );
      for (const b of bad) console.log(`    ${b}`);
    }
  }
}
