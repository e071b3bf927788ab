import { describe, expect, it } from 'vitest';
import { templateRaster, templateRasterKey } from '../../../src/lib/drill/metrics.ts';
import { decodeRaster, encodeRaster } from '../../../src/lib/drill/raster-file.ts';
import { scoreDrill } from '../../../src/lib/drill/scoring.ts';
import { naturalPattern, seededRng } from '../../../src/lib/drill/patterns.ts';
import { loadTemplate } from '../../../src/server/templates.ts';

describe('template rasters as files', () => {
  it('come back cell for cell, and score a canvas exactly as the raster computed in place', () => {
    const t = loadTemplate('frontal-hairline')!;
    const raster = templateRaster(t);
    const bytes = encodeRaster(templateRasterKey(t), raster);
    // Read from an unaligned offset, as a file buffer may be.
    const shifted = new Uint8Array(bytes.length + 1);
    shifted.set(bytes, 1);
    const back = decodeRaster(shifted.subarray(1), { region: t.region, holes: t.holes })!;
    expect(back.key).toBe(templateRasterKey(t));
    for (const k of ['cell', 'cols', 'rows', 'areaCells'] as const) expect(back.raster[k]).toBe(raster[k]);
    expect(back.raster.mask).toEqual(raster.mask);
    expect(back.raster.boundaryDistance).toEqual(raster.boundaryDistance);
    expect(back.raster.edgeDistance).toEqual(raster.edgeDistance);
    expect(back.raster.edgeSegment).toEqual(raster.edgeSegment);
    const dots = naturalPattern(t, seededRng(4));
    expect(scoreDrill(t, { xs: dots.xs, ys: dots.ys }).total).toBeGreaterThan(0);
  });

  it('refuses bytes that are not a raster', () => {
    const area = { region: [], holes: [] };
    expect(decodeRaster(new TextEncoder().encode('not a raster'), area)).toBeNull();
    expect(decodeRaster(new TextEncoder().encode('{"key":"x","cols":2,"rows":2}\n'), area)).toBeNull();
  });
});
