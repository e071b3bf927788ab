/**
 * The impressions of one canvas, in columns of typed arrays (x, y in mm; placement time in
 * ms since the attempt started; diameter in mm), with an undo/redo history of whole edits
 * and the placement clock. Plain TypeScript: no DOM, no Konva, so it is unit-tested in Node.
 *
 * Sessions: each impression carries the session that placed it (1-based). Only the current
 * session is editable: earlier sessions have healed, so erase, clear and undo never touch
 * them, and `startNextSession` forgets the history. Impressions stay in placement order, so
 * the current session's impressions are always the last ones (from `healedCount` on).
 *
 * Costs: placing is amortised O(1) (the columns double when full); erasing finds the
 * nearest impression with a kdbush index, built lazily after a change (O(n log n)) and
 * reused until the next change, then shifts the columns (O(n)); undo and redo cost the same
 * as the edit they invert.
 */
import KDBush from 'kdbush';
import type { StoredDot } from '../lib/drill/dots.ts';

/** One undoable edit. `erase` keeps where the impression was so undo puts it back in place. */
export type DotEdit =
  | { kind: 'add'; dot: StoredDot }
  | { kind: 'erase'; index: number; dot: StoredDot }
  | { kind: 'clear'; dots: StoredDot[] };

/** Options of a `DotStore`. */
export interface DotStoreOptions {
  /**
   * A monotonic clock in ms (default `performance.now`), read when an impression is placed:
   * its time is the clock's progress since the store was loaded, after the last loaded time.
   */
  now?: () => number;
  /** The canvas in mm: `place` ignores points outside [0, width] × [0, height]. */
  bounds?: { width: number; height: number };
  /** The session of each loaded impression and the current session; see `DotSessionsInput`. */
  sessions?: DotSessionsInput;
}

/**
 * Sessions of loaded impressions: `dotSessions` parallel to the dots (default: all in the
 * current session) and the current `session` (default: the latest of `dotSessions`, else 1).
 */
export interface DotSessionsInput {
  dotSessions?: readonly number[] | null;
  session?: number | null;
}

/** Coordinates are stored to a micrometre, as the server keeps them. */
const COORD_PRECISION = 1000;
const INITIAL_CAPACITY = 1024;

/** The impressions of one canvas with their edit history; see the module comment. */
export class DotStore {
  private cols = {
    x: new Float64Array(INITIAL_CAPACITY),
    y: new Float64Array(INITIAL_CAPACITY),
    t: new Float64Array(INITIAL_CAPACITY),
    d: new Float64Array(INITIAL_CAPACITY),
    s: new Float64Array(INITIAL_CAPACITY),
  };
  private n = 0;
  private current = 1;
  private healed = 0;
  private undoStack: DotEdit[] = [];
  private redoStack: DotEdit[] = [];
  private index: KDBush | null = null;
  private readonly clock: () => number;
  private readonly bounds: { width: number; height: number } | null;
  private startedAt = 0;
  private timeOffset = 0;
  private rev = 0;

  /**
   * Changes whenever an edit does more than append impressions (erase, undo, clear, a new
   * session, a reload): a drawing of the first k impressions stays valid while it is unchanged.
   */
  get revision(): number {
    return this.rev;
  }

  /** A store holding `dots` (in placement order), with an empty history. */
  constructor(dots: readonly StoredDot[] = [], options: DotStoreOptions = {}) {
    this.clock = options.now ?? (() => performance.now());
    this.bounds = options.bounds ?? null;
    this.load(dots, options.sessions);
  }

  /**
   * Replaces every impression with `dots` (with their sessions) and forgets the history. The
   * placement clock restarts after the last loaded time, so times never run backwards across
   * a reload. Throws a RangeError when `sessions.dotSessions` does not fit the dots.
   */
  load(dots: readonly StoredDot[], sessions: DotSessionsInput = {}): void {
    const per = sessions.dotSessions ?? null;
    if (per && per.length !== dots.length)
      throw new RangeError(`${per.length} sessions for ${dots.length} impressions.`);
    const latest = per && per.length ? Math.max(...per) : 1;
    this.current = Math.max(1, Math.round(sessions.session ?? latest), latest);
    this.rev++;
    this.n = 0;
    this.healed = 0;
    dots.forEach((d, i) => {
      this.push(d, per ? per[i]! : this.current);
      if (per && per[i]! < this.current) this.healed = i + 1;
    });
    this.undoStack = [];
    this.redoStack = [];
    this.timeOffset = dots.length ? dots[dots.length - 1]![2] : 0;
    this.startedAt = this.clock();
    this.index = null;
  }

  /** Number of impressions. */
  get count(): number {
    return this.n;
  }

  /** The session being worked (1-based): new impressions belong to it. */
  get session(): number {
    return this.current;
  }

  /** Impressions of earlier sessions (healed, not editable): the first `healedCount` ones. */
  get healedCount(): number {
    return this.healed;
  }

  /** The session that placed impression `i`; 0 when there is none. */
  sessionOf(i: number): number {
    return i >= 0 && i < this.n ? this.cols.s[i]! : 0;
  }

  /** The session of every impression, in placement order (parallel to `dots()`). */
  sessions(): number[] {
    return Array.from(this.cols.s.subarray(0, this.n));
  }

  /**
   * Starts the next session: everything placed so far heals (no longer erasable, cleared or
   * undone) and the history is forgotten. Returns the new session's number.
   */
  startNextSession(): number {
    this.current++;
    this.rev++;
    this.healed = this.n;
    this.undoStack = [];
    this.redoStack = [];
    return this.current;
  }

  /**
   * The columns as they are stored: only the first `count` entries are impressions. Views,
   * not copies, for drawing; a later edit may replace the arrays, so do not keep them.
   */
  get xs(): Float64Array {
    return this.cols.x;
  }
  /** See `xs`. */
  get ys(): Float64Array {
    return this.cols.y;
  }
  /** Placement times (ms since the attempt started); see `xs`. */
  get times(): Float64Array {
    return this.cols.t;
  }
  /** Impression diameters (mm); see `xs`. */
  get diameters(): Float64Array {
    return this.cols.d;
  }

  /**
   * The first `n` impressions (all by default) as columns for the scorer, with the session
   * of each: views, not copies.
   */
  columns(n = this.n): { xs: Float64Array; ys: Float64Array; diameters: Float64Array; sessions: Float64Array } {
    const k = Math.max(0, Math.min(this.n, n));
    const c = this.cols;
    return {
      xs: c.x.subarray(0, k),
      ys: c.y.subarray(0, k),
      diameters: c.d.subarray(0, k),
      sessions: c.s.subarray(0, k),
    };
  }

  /** Impression `i` as stored: `[x, y, t, d]`. */
  dotAt(i: number): StoredDot {
    const c = this.cols;
    return [c.x[i]!, c.y[i]!, c.t[i]!, c.d[i]!];
  }

  /** Every impression in placement order, as the server stores them (`[x, y, t, d]`). */
  dots(): StoredDot[] {
    return Array.from({ length: this.n }, (_, i) => this.dotAt(i));
  }

  /** Placement time of impression `i` (ms since the attempt started); 0 when there is none. */
  timeOf(i: number): number {
    return i >= 0 && i < this.n ? this.cols.t[i]! : 0;
  }

  /** The time a placement now gets: the clock's progress since loading, never before the latest impression. */
  placementTime(): number {
    const last = this.n ? this.cols.t[this.n - 1]! : 0;
    return Math.max(last, Math.round(this.timeOffset + this.clock() - this.startedAt));
  }

  /**
   * Places an impression of `diameter` mm at (x, y), rounded to a micrometre and stamped
   * with `placementTime()`. False (and nothing recorded) when the point is off the canvas.
   */
  place(x: number, y: number, diameter: number): boolean {
    if (this.bounds && (x < 0 || y < 0 || x > this.bounds.width || y > this.bounds.height)) return false;
    if (!Number.isFinite(x) || !Number.isFinite(y)) return false;
    this.add([round(x), round(y), this.placementTime(), diameter]);
    return true;
  }

  /** Appends `dot` as it is (undoable). */
  add(dot: StoredDot): void {
    this.push(dot);
    this.record({ kind: 'add', dot });
  }

  /**
   * Index of the impression nearest (x, y) within `radius` mm (the later one on a tie); -1
   * when none. Only impressions of the current session count unless `healedToo`.
   */
  nearest(x: number, y: number, radius: number, healedToo = false): number {
    if (!this.n) return -1;
    if (!this.index) {
      this.index = new KDBush(this.n);
      for (let i = 0; i < this.n; i++) this.index.add(this.cols.x[i]!, this.cols.y[i]!);
      this.index.finish();
    }
    let best = -1;
    let bestD = radius;
    for (const i of this.index.within(x, y, radius)) {
      if (i < this.healed && !healedToo) continue;
      const d = Math.hypot(this.cols.x[i]! - x, this.cols.y[i]! - y);
      if (d < bestD || (d === bestD && i > best)) {
        bestD = d;
        best = i;
      }
    }
    return best;
  }

  /** Erases the current session's impression nearest (x, y) within `radius` mm; true when one was erased. */
  eraseNear(x: number, y: number, radius: number): boolean {
    const i = this.nearest(x, y, radius);
    if (i < 0) return false;
    this.eraseAt(i);
    return true;
  }

  /** Erases impression `i` of the current session (undoable) and returns it; a RangeError for a healed one. */
  eraseAt(i: number): StoredDot {
    if (!Number.isInteger(i) || i < 0 || i >= this.n) throw new RangeError(`No impression ${i} (of ${this.n}).`);
    if (i < this.healed) throw new RangeError(`Impression ${i} belongs to an earlier, healed session.`);
    const dot = this.removeAt(i);
    this.record({ kind: 'erase', index: i, dot });
    return dot;
  }

  /** Removes every impression of the current session as one undoable edit; false when there was none. */
  clear(): boolean {
    if (this.n <= this.healed) return false;
    const dots = this.dots().slice(this.healed);
    this.n = this.healed;
    this.rev++;
    this.record({ kind: 'clear', dots });
    return true;
  }

  /** Undoes the latest edit; false when there is none. */
  undo(): boolean {
    const op = this.undoStack.pop();
    if (!op) return false;
    if (op.kind === 'add') {
      this.n--;
      this.rev++;
    } else if (op.kind === 'erase') this.insertAt(op.index, op.dot);
    else for (const d of op.dots) this.push(d);
    this.redoStack.push(op);
    this.index = null;
    return true;
  }

  /** Redoes the latest undone edit; false when there is none. A new edit forgets what could be redone. */
  redo(): boolean {
    const op = this.redoStack.pop();
    if (!op) return false;
    if (op.kind === 'add') this.push(op.dot);
    else if (op.kind === 'erase') this.removeAt(op.index);
    else {
      this.n -= op.dots.length;
      this.rev++;
    }
    this.undoStack.push(op);
    this.index = null;
    return true;
  }

  /** Whether `undo` would change anything. */
  canUndo(): boolean {
    return this.undoStack.length > 0;
  }

  /** Whether `redo` would change anything. */
  canRedo(): boolean {
    return this.redoStack.length > 0;
  }

  private record(op: DotEdit): void {
    this.undoStack.push(op);
    this.redoStack.length = 0;
    this.index = null;
  }

  private push(d: StoredDot, session = this.current): void {
    if (this.n === this.cols.x.length) {
      const grow = (a: Float64Array) => {
        const b = new Float64Array(a.length * 2);
        b.set(a);
        return b;
      };
      const c = this.cols;
      this.cols = { x: grow(c.x), y: grow(c.y), t: grow(c.t), d: grow(c.d), s: grow(c.s) };
    }
    this.write(this.n, d);
    this.cols.s[this.n] = session;
    this.n++;
    this.index = null;
  }

  private removeAt(i: number): StoredDot {
    const dot = this.dotAt(i);
    for (const a of this.columnsList()) a.copyWithin(i, i + 1, this.n);
    this.n--;
    this.rev++;
    this.index = null;
    return dot;
  }

  private insertAt(i: number, d: StoredDot): void {
    this.push(d);
    for (const a of this.columnsList()) a.copyWithin(i + 1, i, this.n - 1);
    this.write(i, d);
    this.cols.s[i] = this.current;
    this.rev++;
  }

  private write(i: number, d: StoredDot): void {
    this.cols.x[i] = d[0];
    this.cols.y[i] = d[1];
    this.cols.t[i] = d[2];
    this.cols.d[i] = d[3];
  }

  private columnsList(): Float64Array[] {
    return [this.cols.x, this.cols.y, this.cols.t, this.cols.d, this.cols.s];
  }
}

function round(v: number): number {
  return Math.round(v * COORD_PRECISION) / COORD_PRECISION;
}
