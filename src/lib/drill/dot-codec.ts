/**
 * The compact binary form of a canvas's impressions, as `attempt_dots` stores it: about 15
 * bytes an impression instead of ~28 characters of JSON. Layout (little-endian): version
 * byte (1), flags byte (1: sessions follow, 2: times as float64), impression count (uint32),
 * then x, y and diameter as float32 columns, the placement times as zigzag varint deltas
 * (whole milliseconds; float64 when a time is not a whole number), and one byte per
 * impression for the session that placed it. Coordinates and diameters come back rounded to
 * 0.1 µm (4 decimals of a millimetre): every value with at most 4 decimals, which is every
 * value the drill page sends (it rounds to 1 µm), comes back exactly as it went in.
 */
import type { StoredDot } from './dots.ts';

const VERSION = 1;
const HAS_SESSIONS = 1;
const FLOAT_TIMES = 2;
const SCALE = 1e4;

/** Impressions with, per impression, the session that placed it (null: none recorded). */
export interface DotColumns {
  dots: StoredDot[];
  sessions: number[] | null;
}

const zigzag = (n: number) => (n >= 0 ? n * 2 : -n * 2 - 1);
const unzigzag = (z: number) => (z % 2 === 0 ? z / 2 : -(z + 1) / 2);

/** Encodes impressions (and their sessions, 1–255, when given) in the compact binary form. */
export function encodeDots(dots: readonly StoredDot[], sessions: readonly number[] | null): Uint8Array {
  const n = dots.length;
  let wholeTimes = true;
  let prev = 0;
  for (const d of dots) {
    const delta = d[2] - prev;
    if (!Number.isInteger(d[2]) || !Number.isSafeInteger(zigzag(delta))) wholeTimes = false;
    prev = d[2];
  }
  const withSessions = sessions !== null && sessions.length === n;
  // Header, three float32 columns, times (at most 10 varint bytes, or 8 float bytes, each), sessions.
  const buf = new Uint8Array(6 + 12 * n + 10 * n + (withSessions ? n : 0));
  const view = new DataView(buf.buffer);
  buf[0] = VERSION;
  buf[1] = (withSessions ? HAS_SESSIONS : 0) | (wholeTimes ? 0 : FLOAT_TIMES);
  view.setUint32(2, n, true);
  let at = 6;
  for (let column = 0; column < 3; column++) {
    const index = column === 2 ? 3 : column;
    for (const d of dots) {
      view.setFloat32(at, d[index]!, true);
      at += 4;
    }
  }
  prev = 0;
  for (const d of dots) {
    if (!wholeTimes) {
      view.setFloat64(at, d[2], true);
      at += 8;
      continue;
    }
    let z = zigzag(d[2] - prev);
    prev = d[2];
    while (z >= 0x80) {
      buf[at++] = (z % 0x80) | 0x80;
      z = Math.floor(z / 0x80);
    }
    buf[at++] = z;
  }
  if (withSessions) for (const s of sessions) buf[at++] = s;
  return buf.slice(0, at);
}

const round = (v: number) => Math.round(v * SCALE) / SCALE;

/**
 * Decodes what `encodeDots` wrote. Also reads the JSON text rows moved from the older
 * `drill_attempts.dots` column by the migration (`{"dots": [...], "sessions": [...] | null}`).
 */
export function decodeDots(stored: Uint8Array | string): DotColumns {
  if (typeof stored === 'string') {
    const parsed = JSON.parse(stored) as { dots?: StoredDot[] | null; sessions?: number[] | null };
    return { dots: parsed.dots ?? [], sessions: parsed.sessions ?? null };
  }
  if (stored[0] !== VERSION) throw new Error(`Unknown impression encoding version ${stored[0]}.`);
  const view = new DataView(stored.buffer, stored.byteOffset, stored.byteLength);
  const flags = stored[1]!;
  const n = view.getUint32(2, true);
  const dots: StoredDot[] = new Array(n);
  let at = 6;
  for (let i = 0; i < n; i++) dots[i] = [round(view.getFloat32(at + 4 * i, true)), 0, 0, 0];
  at += 4 * n;
  for (let i = 0; i < n; i++) dots[i]![1] = round(view.getFloat32(at + 4 * i, true));
  at += 4 * n;
  for (let i = 0; i < n; i++) dots[i]![3] = round(view.getFloat32(at + 4 * i, true));
  at += 4 * n;
  let prev = 0;
  for (let i = 0; i < n; i++) {
    if (flags & FLOAT_TIMES) {
      dots[i]![2] = view.getFloat64(at, true);
      at += 8;
      continue;
    }
    let z = 0;
    let scale = 1;
    for (;;) {
      const b = stored[at++]!;
      z += (b & 0x7f) * scale;
      if (b < 0x80) break;
      scale *= 0x80;
    }
    prev += unzigzag(z);
    dots[i]![2] = prev;
  }
  const sessions = flags & HAS_SESSIONS ? Array.from(stored.subarray(at, at + n)) : null;
  return { dots, sessions };
}
