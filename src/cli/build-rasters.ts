/**
 * Part of `npm run build`: every drill template's coverage raster, computed once and written to
 * `dist/rasters/<templateId>.bin` (`src/lib/drill/raster-file.ts`); the server loads them at
 * start (`src/server/scorer-warmup.ts`) instead of rasterising on its first submission.
 */
import fs from 'node:fs';
import path from 'node:path';
import { templateRaster, templateRasterKey } from '../lib/drill/metrics.ts';
import { encodeRaster } from '../lib/drill/raster-file.ts';
import { loadTemplate, templatesDir } from '../server/templates.ts';

const out = 'dist/rasters';
fs.rmSync(out, { recursive: true, force: true });
fs.mkdirSync(out, { recursive: true });
let bytes = 0;
const ids = fs
  .readdirSync(templatesDir())
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.slice(0, -5));
const t0 = performance.now();
for (const id of ids) {
  const template = loadTemplate(id)!;
  const data = encodeRaster(templateRasterKey(template), templateRaster(template));
  fs.writeFileSync(path.join(out, `${id}.bin`), data);
  bytes += data.length;
}
console.log(
  `build-rasters: ${ids.length} template rasters, ${Math.round(bytes / 1024)} KB, computed in ${Math.round(performance.now() - t0)} ms`,
);
