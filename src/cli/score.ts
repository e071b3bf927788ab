/**
 * `npm run -s score -- <templateId> <dots.json>`: scores a canvas from the command line.
 * dots.json is `{"dots": [{"x": mm, "y": mm, "d"?: mm, "session"?: k}, …], "session"?: k}`
 * (DESIGN.md, Contracts): `d` is the impression diameter (the template's default when
 * absent), `session` the session that placed the dot; a top-level `session` judges the
 * canvas as the end of that session of the template's plan, otherwise as finished work.
 * Prints one JSON line; on bad input exits 1 with a one-line message on stderr.
 */
import { describeDotsError, dotsFileSchema, firstOffCanvas } from '../lib/drill/dots.ts';
import { scoreDrill } from '../lib/drill/scoring.ts';
import { sessionPlan } from '../lib/drill/sessions.ts';
import { failWith, templateAndFile } from './template-args.ts';

function fail(message: string): never {
  return failWith('score', message);
}
const { template, file, bytes } = templateAndFile('score', 'npm run -s score -- <templateId> <dots.json>');
const text = bytes.toString('utf8');
let data: unknown;
try {
  data = JSON.parse(text);
} catch {
  fail(`${file} is not valid JSON`);
}
const parsed = dotsFileSchema.safeParse(data);
if (!parsed.success) fail(`${file}: ${describeDotsError(parsed.error)}`);
const { dots, session } = parsed.data;

const plan = sessionPlan(template);
if (session !== undefined && session > plan.length)
  fail(`${file}: session ${session} is beyond the ${plan.length} sessions of ${template.id}'s plan`);
const late = dots.findIndex((d) => d.session !== undefined && d.session > plan.length);
if (late >= 0) fail(`${file}: dots[${late}].session is beyond the ${plan.length} sessions of ${template.id}'s plan`);

const xs = Float64Array.from(dots, (d) => d.x);
const ys = Float64Array.from(dots, (d) => d.y);
const off = firstOffCanvas(template, xs, ys);
if (off >= 0) fail(`${file}: dots[${off}] lies off the ${template.width}×${template.height} mm canvas`);
const diameters = Float64Array.from(dots, (d) => d.d ?? template.impressionDiameterMm);
const sessions = dots.some((d) => d.session !== undefined) ? Float64Array.from(dots, (d) => d.session ?? 1) : undefined;

const t0 = performance.now();
const score = scoreDrill(template, { xs, ys, diameters, sessions }, { session });
const ms = performance.now() - t0;

const { total, spacing, randomness, coverage, edge, pass, scoreVersion, counts, findings, metrics } = score;
process.stdout.write(
  `${JSON.stringify({ template: template.id, total, spacing, randomness, coverage, edge, pass, scoreVersion, ms: Math.round(ms * 1000) / 1000, session: score.session, counts, findings, metrics })}\n`,
);
