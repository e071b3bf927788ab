/**
 * The photo part of `npm run bench`: detection of a 12-megapixel phone photo of a worked
 * practice sheet (made from the real sheet PDF, which needs pdftoppm from poppler-utils),
 * beside decoding the same JPEG alone as the baseline, with the stages and the accuracy.
 */
import { execFileSync } from 'node:child_process';
import sharp from 'sharp';
import { naturalWithSoftEdge } from '../lib/drill/patterns.ts';
import { detectSheet } from '../server/photo/detect.ts';
import { loadTemplate } from '../server/templates.ts';
import {
  compareDots,
  drawImpressions,
  photograph,
  randomCamera,
  renderSheet,
  seededRng,
  trueDots,
} from '../../tests/support/photo-synth.ts';

/** Prints the photo detection figures (or why they were skipped). */
export async function runPhotoBench(): Promise<void> {
  try {
    execFileSync('pdftoppm', ['-v'], { stdio: 'ignore' });
  } catch {
    console.log('\nPhoto detection: skipped (pdftoppm from poppler-utils is not installed).');
    return;
  }
  const t = loadTemplate('frontal-hairline')!;
  const rng = seededRng(2024);
  const pat = naturalWithSoftEdge(t, rng);
  const dots = trueDots(pat.xs, pat.ys, t, rng);
  const sheet = await drawImpressions(await renderSheet(t, 'a4'), dots, rng);
  const { jpeg } = await photograph(sheet, randomCamera(rng, { rotation: 100 }), rng);
  const runs = 5;
  const decode: number[] = [];
  const detect: number[] = [];
  let last;
  await detectSheet(jpeg, t); // warm up
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await sharp(jpeg).greyscale().raw().toBuffer();
    decode.push(performance.now() - t0);
    const t1 = performance.now();
    last = await detectSheet(jpeg, t);
    detect.push(performance.now() - t1);
  }
  const med = (x: number[]) => x.sort((a, b) => a - b)[x.length >> 1]!;
  if (!last?.ok) throw new Error(`detection failed: ${last?.error.message}`);
  const m = compareDots(dots, last.value.dots);
  console.log(
    `\nPhoto detection, 12 MP JPEG (4000×3000, ${(jpeg.length / 1e6).toFixed(1)} MB, ${dots.length} impressions), median of ${runs} wall:` +
      ` detectSheet ${med(detect).toFixed(0)} ms | decoding alone (sharp, greyscale) ${med(decode).toFixed(0)} ms → ×${(med(detect) / med(decode)).toFixed(1)};` +
      ` budget 2,000 ms → ${med(detect) <= 2000 ? 'met' : 'NOT met'}`,
  );
  console.log(
    `  stages of the last run (ms): ${Object.entries(last.value.stages)
      .map(([k, v]) => `${k} ${v}`)
      .join(
        ', ',
      )}; precision ${m.precision.toFixed(3)}, recall ${m.recall.toFixed(3)}, median error ${m.medianErrorMm.toFixed(3)} mm`,
  );
}
