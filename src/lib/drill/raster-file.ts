/**
 * A template raster (`raster.ts`) as bytes, so that `npm run build` computes each template's
 * raster once (`src/cli/build-rasters.ts`, into `dist/rasters/`) and a server loads it at
 * start instead of rasterising on the first submission. Layout: a JSON header line (the
 * raster's key, cell, cols, rows, areaCells), then the mask (uint8), the boundary and edge
 * distances (float32) and the edge segments (int32), each column padded to 4 bytes.
 */
import type { Area } from './geometry.ts';
import type { AreaRaster } from './raster.ts';

interface Header {
  key: string;
  cell: number;
  cols: number;
  rows: number;
  areaCells: number;
}

const pad4 = (n: number) => (n + 3) & ~3;

/** The bytes of `raster`, named `key`. */
export function encodeRaster(key: string, raster: AreaRaster): Uint8Array {
  const head = new TextEncoder().encode(
    `${JSON.stringify({ key, cell: raster.cell, cols: raster.cols, rows: raster.rows, areaCells: raster.areaCells } satisfies Header)}\n`,
  );
  const n = raster.cols * raster.rows;
  const start = pad4(head.length);
  const out = new Uint8Array(start + pad4(n) + 12 * n);
  out.set(head);
  let at = start;
  out.set(raster.mask, at);
  at += pad4(n);
  for (const column of [raster.boundaryDistance, raster.edgeDistance, raster.edgeSegment]) {
    out.set(new Uint8Array(column.buffer, column.byteOffset, column.byteLength), at);
    at += 4 * n;
  }
  return out;
}

/** The raster in `bytes` (with `area`, the template's own) and its key, or null when the bytes are not one. */
export function decodeRaster(bytes: Uint8Array, area: Area): { key: string; raster: AreaRaster } | null {
  const nl = bytes.indexOf(10);
  if (nl < 0) return null;
  let head: Header;
  try {
    head = JSON.parse(new TextDecoder().decode(bytes.subarray(0, nl))) as Header;
  } catch {
    return null;
  }
  const n = head.cols * head.rows;
  let at = pad4(nl + 1);
  if (!(n > 0) || bytes.length !== at + pad4(n) + 12 * n) return null;
  // Copies, aligned: the file's buffer may start anywhere.
  const mask = bytes.slice(at, at + n);
  at += pad4(n);
  const column = <T>(make: (b: ArrayBuffer) => T): T => {
    const copy = bytes.slice(at, at + 4 * n);
    at += 4 * n;
    return make(copy.buffer);
  };
  const boundaryDistance = column((b) => new Float32Array(b));
  const edgeDistance = column((b) => new Float32Array(b));
  const edgeSegment = column((b) => new Int32Array(b));
  return {
    key: head.key,
    raster: {
      cell: head.cell,
      cols: head.cols,
      rows: head.rows,
      mask,
      areaCells: head.areaCells,
      boundaryDistance,
      edgeDistance,
      edgeSegment,
      area,
      scratch: { dist2: new Float32Array(n), uncovered: new Uint8Array(n), seen: new Uint8Array(n) },
    },
  };
}
