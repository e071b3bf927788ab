/**
 * Instruction-count harness (a script, not a test): runs the drill score or delaunator alone
 * on the bench's workload `warm + runs` times, so that counting instructions under valgrind
 * for two values of `runs` and subtracting gives the warm cost per call, whatever the load of
 * the machine. Run:
 * `valgrind --tool=cachegrind --cache-sim=no node_modules/node/bin/node tests/unit/drill/cost.ts score 5000 40`.
 */
import Delaunator from 'delaunator';
import { naturalPattern, seededRng } from '../../../src/lib/drill/patterns.ts';
import { scoreDrill } from '../../../src/lib/drill/scoring.ts';
import type { Template } from '../../../src/lib/drill/template.ts';
import { loadTemplate } from '../../../src/server/templates.ts';

const [what = 'score', nArg = '5000', runsArg = '0', warmArg = '60'] = process.argv.slice(2);
const n = Number(nArg);
const base = loadTemplate('frontal-hairline')!;
const spacing = base.targetSpacingMm * Math.sqrt(800 / n) * 0.97;
const template: Template = { ...base, id: `${base.id}-bench-${n}`, targetSpacingMm: spacing };
const dots = naturalPattern(template, seededRng(n));
const xs = Float64Array.from(dots.xs.slice(0, n));
const ys = Float64Array.from(dots.ys.slice(0, n));
const work = { xs, ys };
const delaunator = () => {
  const coords = new Float64Array(2 * xs.length);
  for (let i = 0; i < xs.length; i++) {
    coords[2 * i] = xs[i]!;
    coords[2 * i + 1] = ys[i]!;
  }
  return new Delaunator(coords).triangles.length;
};
const score = () => scoreDrill(template, work).total;
const fn = what === 'score' ? score : delaunator;
let sink = 0;
for (let i = 0; i < Number(warmArg) + Number(runsArg); i++) sink += fn();
if (sink === -1) console.log(sink);
