/**
 * `npm run -s detect -- <templateId> <photo>`: detects the impressions on a photo of a worked
 * practice sheet (DESIGN.md, Contracts). Prints one JSON line `{"dots": [{"x", "y", "d",
 * "confidence"}…], "ms", …}` in the template's millimetres; an unusable photo exits 1 with one
 * line on stderr saying why.
 */
import { detectSheet } from '../server/photo/detect.ts';
import { failWith, templateAndFile } from './template-args.ts';

const { template, bytes: photo } = templateAndFile('detect', 'npm run -s detect -- <templateId> <photo>');
const result = await detectSheet(photo, template);
if (!result.ok) failWith('detect', result.error.message);
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
