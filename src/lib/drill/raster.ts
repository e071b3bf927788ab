/**
 * A grid over a template (the scorer's cells are 0.75 × the target spacing), for coverage: which cells belong to the
 * treatment area (scanline-filled once per template and cached), and how far each cell
 * lies from the hairline edge.
 */
import { distanceToAreaBoundary, distanceToSegment, inArea, type Area, type Ring } from './geometry.ts';

/** The template raster: area mask and distances per cell, built once per template and spacing. */
export interface AreaRaster {
  /** Cell size in millimetres. */
  cell: number;
  cols: number;
  rows: number;
  /** 1 where the cell centre lies in the area (region minus holes). */
  mask: Uint8Array;
  /** Number of cells in the area. */
  areaCells: number;
  /** Distance of each cell centre to the nearest area boundary (outer edge or hole), inside or out. */
  boundaryDistance: Float32Array;
  /** Distance of each cell centre to the hairline edge (Infinity without one). */
  edgeDistance: Float32Array;
  /** Index of the hairline segment nearest each cell centre (-1 without a hairline). */
  edgeSegment: Int32Array;
  area: Area;
  /** Scratch buffers of the raster's size, reused by each (synchronous) measurement. */
  scratch: { dist2: Float32Array; uncovered: Uint8Array; seen: Uint8Array };
}

/**
 * Whether (x, y) lies in the area: the cell's mask decides when the cell lies wholly on one
 * side of the boundary, an exact polygon test otherwise.
 */
export function rasterInArea(r: AreaRaster, x: number, y: number): boolean {
  return cellInArea(r, x, y, cellOnGrid(r, x, y));
}

/** `rasterInArea` for (x, y) in cell `i` (as `cellOnGrid` gives it: −1 off the grid). */
export function cellInArea(r: AreaRaster, x: number, y: number, i: number): boolean {
  if (i < 0) return inArea(x, y, r.area);
  return r.boundaryDistance[i]! > r.cell * 0.75 ? r.mask[i] === 1 : inArea(x, y, r.area);
}

/** Cell index of (x, y), or −1 when it lies off the grid (where `cellIndex` clamps it to the border). */
export function cellOnGrid(r: AreaRaster, x: number, y: number): number {
  const c = Math.floor(x / r.cell);
  const row = Math.floor(y / r.cell);
  if (c < 0 || row < 0 || c >= r.cols || row >= r.rows) return -1;
  return row * r.cols + c;
}

/** Cell index of (x, y), clamped to the grid. */
export function cellIndex(r: AreaRaster, x: number, y: number): number {
  const c = Math.min(r.cols - 1, Math.max(0, Math.floor(x / r.cell)));
  const row = Math.min(r.rows - 1, Math.max(0, Math.floor(y / r.cell)));
  return row * r.cols + c;
}

/** Fills `mask` with the cells whose centres are inside `ring` (xor, so holes cut out). */
function scanFill(mask: Uint8Array, ring: Ring, cell: number, cols: number, rows: number): void {
  const xs: number[] = [];
  for (let r = 0; r < rows; r++) {
    const y = (r + 0.5) * cell;
    xs.length = 0;
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const pi = ring[i]!;
      const pj = ring[j]!;
      if (pi[1] > y !== pj[1] > y) xs.push(((pj[0] - pi[0]) * (y - pi[1])) / (pj[1] - pi[1]) + pi[0]);
    }
    xs.sort((a, b) => a - b);
    for (let k = 0; k + 1 < xs.length; k += 2) {
      const c0 = Math.max(0, Math.ceil(xs[k]! / cell - 0.5));
      const c1 = Math.min(cols - 1, Math.floor(xs[k + 1]! / cell - 0.5));
      for (let c = c0; c <= c1; c++) mask[r * cols + c] = mask[r * cols + c]! ^ 1;
    }
  }
}

/** Builds the raster of an area: mask, boundary and hairline distances per cell. */
export function rasterizeArea(area: Area, width: number, height: number, cell: number, hairline?: Ring): AreaRaster {
  const cols = Math.max(1, Math.ceil(width / cell));
  const rows = Math.max(1, Math.ceil(height / cell));
  const mask = new Uint8Array(cols * rows);
  scanFill(mask, area.region, cell, cols, rows);
  for (const hole of area.holes) scanFill(mask, hole, cell, cols, rows);
  let areaCells = 0;
  const edgeDistance = new Float32Array(cols * rows).fill(Infinity);
  const boundaryDistance = new Float32Array(cols * rows);
  const edgeSegment = new Int32Array(cols * rows).fill(-1);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const i = r * cols + c;
      const x = (c + 0.5) * cell;
      const y = (r + 0.5) * cell;
      boundaryDistance[i] = distanceToAreaBoundary(x, y, area);
      if (!mask[i]) continue;
      areaCells++;
      if (hairline) {
        let best = Infinity;
        for (let k = 1; k < hairline.length; k++) {
          const d = distanceToSegment(x, y, hairline[k - 1]!, hairline[k]!);
          if (d < best) ((best = d), (edgeSegment[i] = k - 1));
        }
        edgeDistance[i] = best;
      }
    }
  }
  const scratch = {
    dist2: new Float32Array(cols * rows),
    uncovered: new Uint8Array(cols * rows),
    seen: new Uint8Array(cols * rows),
  };
  return { cell, cols, rows, mask, areaCells, boundaryDistance, edgeDistance, edgeSegment, area, scratch };
}

const cache = new Map<string, AreaRaster>();

/** Puts a raster built elsewhere (precomputed at build: `raster-file.ts`) in the cache under `key`. */
export function preloadRaster(key: string, raster: AreaRaster): void {
  cache.set(key, raster);
}

/** `rasterizeArea`, memoised by a key naming the template and its version. */
export function cachedRaster(key: string, build: () => AreaRaster): AreaRaster {
  let r = cache.get(key);
  if (!r) {
    r = build();
    if (cache.size > 64) cache.clear();
    cache.set(key, r);
  }
  return r;
}
