/**
 * `npm run -s score -- <templateId> <dots.json>`: scores a canvas from the command line.
 * dots.json is `{"dots": [{"x": mm, "y": mm}, …]}`. Prints one JSON line; on bad input
 * exits 1 with a one-line message on stderr.
 */
import fs from 'node:fs';
import { describeDotsError, dotsFileSchema, firstOffCanvas } from '../lib/drill/dots.ts';
import { scoreDrill } from '../lib/drill/scoring.ts';
import { loadTemplate } from '../server/templates.ts';

function fail(message: string): never {
  process.stderr.write(`score: ${message}\n`);
  process.exit(1);
}

const [templateId, file] = process.argv.slice(2);
if (!templateId || !file) fail('usage: npm run -s score -- <templateId> <dots.json>');

let template;
try {
  template = loadTemplate(templateId);
} catch (e) {
  fail(`template "${templateId}" is invalid: ${(e as Error).message.split('\n')[0]}`);
}
if (!template) fail(`unknown template "${templateId}"`);

let text: string;
try {
  text = fs.readFileSync(file, 'utf8');
} catch {
  fail(`cannot read ${file}`);
}
let data: unknown;
try {
  data = JSON.parse(text);
} catch {
  fail(`${file} is not valid JSON`);
}
const parsed = dotsFileSchema.safeParse(data);
if (!parsed.success) fail(`${file}: ${describeDotsError(parsed.error)}`);

const xs = Float64Array.from(parsed.data.dots, (d) => d.x);
const ys = Float64Array.from(parsed.data.dots, (d) => d.y);
const off = firstOffCanvas(template, xs, ys);
if (off >= 0) fail(`${file}: dots[${off}] lies off the ${template.width}×${template.height} mm canvas`);

const t0 = performance.now();
const score = scoreDrill(template, { xs, ys });
const ms = performance.now() - t0;

const { total, spacing, randomness, coverage, edge, pass, scoreVersion, counts, findings, metrics } = score;
process.stdout.write(
  `${JSON.stringify({ template: template.id, total, spacing, randomness, coverage, edge, pass, scoreVersion, ms: Math.round(ms * 1000) / 1000, counts, findings, metrics })}\n`,
);
