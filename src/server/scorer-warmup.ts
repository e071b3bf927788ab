/**
 * The server's scorer made ready before the first submission: the template rasters computed
 * at build (`dist/rasters/`, `src/cli/build-rasters.ts`) put in the raster cache, then each
 * template scored a few times on a natural canvas so that the JIT has compiled the scorer.
 * Loaded by the middleware, so it lives in the built bundle beside the routes that score; the
 * production start (`src/cli/serve.ts`) runs it through `runScorerWarmup` once listening.
 */
import fs from 'node:fs';
import path from 'node:path';
import { templateRasterKey } from '../lib/drill/metrics.ts';
import { naturalPattern, seededRng } from '../lib/drill/patterns.ts';
import { decodeRaster } from '../lib/drill/raster-file.ts';
import { preloadRaster } from '../lib/drill/raster.ts';
import { scoreDrill } from '../lib/drill/scoring.ts';
import type { Template } from '../lib/drill/template.ts';
import { getTemplates } from './content.ts';
import { registerWarmup, type WarmupReport } from './warmup-hook.ts';

/** Puts the precomputed rasters of `templates` found in `dir` in the raster cache; returns how many. */
export function loadTemplateRasters(templates: Template[], dir = path.resolve('dist/rasters')): number {
  let loaded = 0;
  for (const t of templates) {
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(path.join(dir, `${t.id}.bin`));
    } catch {
      continue; // not built: the raster is computed on first use, as before
    }
    const file = decodeRaster(bytes, { region: t.region, holes: t.holes });
    // A raster of another version or cell size (a stale build) is left alone.
    if (file && file.key === templateRasterKey(t)) {
      preloadRaster(file.key, file.raster);
      loaded++;
    }
  }
  return loaded;
}

/**
 * Loads the rasters and scores every template `rounds` times on a natural canvas, yielding to
 * the event loop between calls so that requests arriving meanwhile are served.
 */
export async function warmScorer(rounds = 12): Promise<WarmupReport> {
  const t0 = performance.now();
  const templates = await getTemplates();
  const rastersLoaded = loadTemplateRasters(templates);
  for (const t of templates) {
    const dots = naturalPattern(t, seededRng(1));
    for (let i = 0; i < rounds; i++) {
      scoreDrill(t, { xs: dots.xs, ys: dots.ys });
      await new Promise((r) => setImmediate(r));
    }
  }
  return { rastersLoaded, templates: templates.length, ms: performance.now() - t0 };
}

registerWarmup(warmScorer);
