/**
 * `npm run -s detect -- <templateId> <photo>`: detects the impressions on a photo of a worked
 * practice sheet (DESIGN.md, Contracts). Prints one JSON line `{"dots": [{"x", "y", "d",
 * "confidence"}…], "ms", …}` in the template's millimetres; an unusable photo exits 1 with one
 * line on stderr saying why.
 */
import fs from 'node:fs';
import { detectSheet } from '../server/photo/detect.ts';
import { loadTemplate } from '../server/templates.ts';

function fail(message: string): never {
  process.stderr.write(`detect: ${message}\n`);
  process.exit(1);
}

const [templateId, file] = process.argv.slice(2);
if (!templateId || !file) fail('usage: npm run -s detect -- <templateId> <photo>');
let template;
try {
  template = loadTemplate(templateId);
} catch (e) {
  fail(`template "${templateId}" is invalid: ${(e as Error).message.split('\n')[0]}`);
}
if (!template) fail(`unknown template "${templateId}"`);
let photo: Buffer;
try {
  photo = fs.readFileSync(file);
} catch {
  fail(`cannot read ${file}`);
}
const result = await detectSheet(photo, template);
if (!result.ok) fail(result.error.message);
const r = result.value;
const round = (v: number, k = 1000) => Math.round(v * k) / k;
process.stdout.write(
  `${JSON.stringify({
    template: template.id,
    version: r.sheet.version,
    sheet: r.sheet.sheet,
    dots: r.dots.map((d) => ({ x: round(d.x), y: round(d.y), d: round(d.d), confidence: d.confidence })),
    count: r.dots.length,
    marks: r.marks,
    pxPerMm: round(r.pxPerMm, 100),
    fitErrorMm: round(r.fitErrorMm),
    ms: round(r.ms, 10),
  })}\n`,
);
