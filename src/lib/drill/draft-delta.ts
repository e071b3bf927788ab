/**
 * The autosave delta: what changed on a drill canvas since the last save the server
 * acknowledged, instead of the whole canvas. A delta names the acknowledged revision, the
 * impressions removed (their positions in the acknowledged canvas) and the impressions added
 * (each with its position in the new canvas and the session that placed it); applying it to
 * the acknowledged canvas gives exactly the new one. Free of the database and the browser:
 * the drill page makes deltas with `makeDelta`, the server applies them with `applyDelta`
 * (after `parseDelta` of `draft-delta-schema.ts` has validated the body; kept apart so the drill
 * page does not load zod).
 */
import type { StoredDot } from './dots.ts';
import { fail, ok, type Result } from '../errors.ts';

/** A canvas as saved: the impressions and the session of each (null: none recorded). */
export interface SavedCanvas {
  dots: StoredDot[];
  sessions: number[] | null;
}

/** One added impression: `[position in the new canvas, x, y, t, d, session]` (session 0: none recorded). */
export type AddedDot = [number, number, number, number, number, number];

/** What an autosave sends when the server already holds revision `revision` of the draft. */
export interface DraftDelta {
  revision: number;
  /** Positions in the acknowledged canvas, ascending. */
  removed: number[];
  /** Positions in the new canvas, ascending. */
  added: AddedDot[];
  /** The session being worked, as in a full save. */
  session?: number;
}

const ascending = (xs: readonly number[]) => xs.every((x, i) => i === 0 || x > xs[i - 1]!);

/**
 * The canvas `delta` makes of `base`, or an `invalid` error when it does not fit it (positions
 * out of range or not ascending, sessions given for a canvas without them or the reverse).
 */
export function applyDelta(base: SavedCanvas, delta: DraftDelta): Result<SavedCanvas> {
  const n = base.dots.length;
  if (!ascending(delta.removed) || (delta.removed.length > 0 && delta.removed.at(-1)! >= n))
    return fail(
      'invalid',
      `The changes do not fit the saved canvas: removed positions must be ascending and below ${n}.`,
    );
  const addedAt = delta.added.map((a) => a[0]);
  const kept = n - delta.removed.length;
  const total = kept + delta.added.length;
  if (!ascending(addedAt) || (addedAt.length > 0 && addedAt.at(-1)! >= total))
    return fail(
      'invalid',
      `The changes do not fit the saved canvas: added positions must be ascending and below ${total}.`,
    );
  const withSessions = base.sessions !== null;
  if (delta.added.some((a) => a[5] > 0 !== withSessions))
    return fail(
      'invalid',
      withSessions
        ? 'The changes do not fit the saved canvas: every added impression needs its session.'
        : 'The changes do not fit the saved canvas: it records no sessions.',
    );
  const dots: StoredDot[] = new Array<StoredDot>(total);
  const sessions: number[] | null = withSessions ? new Array<number>(total) : null;
  let r = 0; // next removed position
  let a = 0; // next added impression
  let from = 0; // next position of the base canvas
  for (let to = 0; to < total; to++) {
    const add = delta.added[a];
    if (add && add[0] === to) {
      dots[to] = [add[1], add[2], add[3], add[4]];
      if (sessions) sessions[to] = add[5];
      a++;
      continue;
    }
    while (r < delta.removed.length && delta.removed[r] === from) {
      r++;
      from++;
    }
    dots[to] = base.dots[from]!;
    if (sessions) sessions[to] = base.sessions![from]!;
    from++;
  }
  return ok({ dots, sessions });
}

/** How far ahead `makeDelta` looks for the next impression kept after an insertion or removal. */
const LOOKAHEAD = 32;

/**
 * The delta from the acknowledged canvas `saved` (at `revision`) to `current`, or null when
 * the change is not a few removals and insertions that keep the order of the impressions
 * kept (then the whole canvas is sent). Applying the result to `saved` gives `current`
 * exactly (checked before it is returned). Linear in the canvas size: the common start and
 * end are skipped, and in between each step looks at most LOOKAHEAD impressions ahead.
 */
export function makeDelta(
  saved: SavedCanvas,
  current: SavedCanvas,
  revision: number,
  session?: number,
): DraftDelta | null {
  if ((saved.sessions === null) !== (current.sessions === null)) return null;
  const a = saved.dots;
  const b = current.dots;
  const same = (i: number, j: number): boolean => {
    const p = a[i]!;
    const q = b[j]!;
    return (
      p[0] === q[0] &&
      p[1] === q[1] &&
      p[2] === q[2] &&
      p[3] === q[3] &&
      (saved.sessions === null || saved.sessions[i] === current.sessions![j])
    );
  };
  let endA = a.length;
  let endB = b.length;
  while (endA > 0 && endB > 0 && same(endA - 1, endB - 1)) {
    endA--;
    endB--;
  }
  const removed: number[] = [];
  const added: AddedDot[] = [];
  const add = (j: number) => {
    const d = b[j]!;
    added.push([j, d[0], d[1], d[2], d[3], current.sessions?.[j] ?? 0]);
  };
  let i = 0;
  let j = 0;
  while (i < endA && j < endB) {
    if (same(i, j)) {
      i++;
      j++;
      continue;
    }
    let step = 0;
    let inserted = false;
    for (let k = 1; k <= LOOKAHEAD && !step; k++) {
      if (j + k < endB && same(i, j + k)) {
        step = k;
        inserted = true;
      } else if (i + k < endA && same(i + k, j)) step = k;
    }
    if (!step) {
      // Nothing near matches: this impression was replaced.
      removed.push(i++);
      add(j++);
    } else if (inserted) for (let k = 0; k < step; k++) add(j++);
    else for (let k = 0; k < step; k++) removed.push(i++);
  }
  while (i < endA) removed.push(i++);
  while (j < endB) add(j++);
  if (removed.length + added.length > Math.max(64, (a.length + b.length) / 4)) return null;
  const delta: DraftDelta = { revision, removed, added, ...(session !== undefined ? { session } : {}) };
  const check = applyDelta(saved, delta);
  if (!check.ok || !sameCanvas(check.value, current)) return null;
  return delta;
}

/** Whether two canvases hold the same impressions with the same sessions, in the same order. */
export function sameCanvas(a: SavedCanvas, b: SavedCanvas): boolean {
  if (a.dots.length !== b.dots.length || (a.sessions === null) !== (b.sessions === null)) return false;
  for (let i = 0; i < a.dots.length; i++) {
    const p = a.dots[i]!;
    const q = b.dots[i]!;
    if (p[0] !== q[0] || p[1] !== q[1] || p[2] !== q[2] || p[3] !== q[3]) return false;
    if (a.sessions && a.sessions[i] !== b.sessions![i]) return false;
  }
  return true;
}
