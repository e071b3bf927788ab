/**
 * Chains of impressions along a line: straight, evenly spaced rows (turn under 9°) and
 * tracks that follow a curve (turn under ~22° at each impression). At every impression b,
 * each pair of short bonds b→a and b→c that continue each other (turn and pitch within
 * limits) links a→b to b→c; the straightest continuation wins. O(edges).
 */
import { orderSums, type OrderSink } from './order.ts';
import type { Triangulation } from './triangulation.ts';

/** What counts as a chain. */
export interface ChainRule {
  /** Largest turn between consecutive bonds, radians. */
  maxTurnRad: number;
  /** Largest ratio between consecutive bond lengths (pitch). */
  lengthRatio: number;
  /** Fewest impressions in a reported chain. */
  minDots: number;
}

/** Straight, evenly spaced rows. */
export const ROW_RULE: ChainRule = { maxTurnRad: (9 * Math.PI) / 180, lengthRatio: 1.2, minDots: 5 };
/** Curved tracks: rows that bend gently. */
export const TRACK_RULE: ChainRule = { maxTurnRad: (22 * Math.PI) / 180, lengthRatio: 1.2, minDots: 8 };

/** Chains (as index lists, along the chain) over bonds no longer than `maxBond`. */
export function chains(n: number, tri: Triangulation, maxBond: number, rule: ChainRule): number[][] {
  return chainsByRule(n, tri, maxBond, [rule])[0]!;
}

interface ChainBuffers {
  deg: Int32Array;
  start: Int32Array;
  fill: Int32Array;
  adj: Int32Array;
  rev: Int32Array;
  successor: Int32Array;
  best: Float64Array;
  hasPred: Uint8Array;
  short: Int32Array;
  /** One impression's bonds (grown to the largest degree). */
  vx: Float64Array;
  vy: Float64Array;
  vl: Float64Array;
}
let buffers: ChainBuffers | null = null;

/** Buffers for n impressions and up to `slots` bond slots, grown as needed and reused. */
function grow(n: number, slots: number): ChainBuffers {
  const b = buffers;
  if (b && b.deg.length >= n && b.adj.length >= slots) return b;
  const N = Math.max(n, 2 * (b?.deg.length ?? 0));
  const M = Math.max(slots, 2 * (b?.adj.length ?? 0));
  buffers = {
    deg: new Int32Array(N),
    start: new Int32Array(N + 1),
    fill: new Int32Array(N),
    adj: new Int32Array(M),
    rev: new Int32Array(M),
    successor: new Int32Array(M),
    best: new Float64Array(M),
    hasPred: new Uint8Array(M),
    short: new Int32Array(M),
    vx: new Float64Array(16),
    vy: new Float64Array(16),
    vl: new Float64Array(16),
  };
  return buffers;
}

/**
 * Chains for several rules at once (one bond graph, one pass over bond pairs), one list per
 * rule. The rules must share the pitch ratio. With `order`, the bond-orientational sums of
 * the bonds within its limit (which must not exceed `maxBond`) are gathered on the way. O(edges).
 */
export function chainsByRule(
  n: number,
  tri: Triangulation,
  maxBond: number,
  rules: readonly ChainRule[],
  order?: OrderSink,
): number[][][] {
  const { ends, len2, edgeCount } = tri;
  const maxBond2 = maxBond * maxBond;
  const R = rules.length;
  if (R > 8) throw new Error('at most 8 rules at once');
  // Short bonds as directed slots grouped by their start (CSR); rev[slot] is the opposite direction.
  // All buffers are reused between (synchronous) calls.
  const b = grow(n, 2 * edgeCount);
  const deg = b.deg.fill(0, 0, n);
  const short = b.short;
  let bonds = 0;
  for (let k = 0; k < edgeCount; k++) {
    // Without a data-dependent branch: the slot is written and kept only when the bond is short.
    const keep = +(len2[k]! <= maxBond2);
    short[bonds] = k;
    bonds += keep;
    deg[ends[2 * k]!]! += keep;
    deg[ends[2 * k + 1]!]! += keep;
  }
  const start = b.start;
  start[0] = 0;
  for (let i = 0; i < n; i++) start[i + 1] = start[i]! + deg[i]!;
  const m = start[n]!;
  const { adj, rev } = b;
  const fill = b.fill;
  fill.set(start.subarray(0, n));
  for (let q = 0; q < bonds; q++) {
    const k = short[q]!;
    const a = ends[2 * k]!;
    const c = ends[2 * k + 1]!;
    const sab = fill[a]!++;
    const sba = fill[c]!++;
    adj[sab] = c;
    adj[sba] = a;
    rev[sab] = sba;
    rev[sba] = sab;
  }
  if (order) orderSums(order, short, bonds, tri);
  // The straightest continuation is the same for every rule that accepts it, so one pass keeps
  // the best continuation above the loosest rule's limit; a rule keeps it when it passes its own.
  const limits = rules.map((r) => Math.cos(r.maxTurnRad) ** 2);
  const loosest = Math.min(...limits);
  const succ = b.successor.fill(-1, 0, m);
  const best = b.best.fill(loosest, 0, m);
  const ratio2 = rules[0]!.lengthRatio ** 2;
  // Bit r of hasPred[slot]: some slot continues into it under rule r (its best continuation
  // passes the rule's limit); pairUp marks it as each slot's continuation becomes final.
  const hasPred = b.hasPred.fill(0, 0, m);
  const lim = new Float64Array(limits);
  const allBits = (1 << R) - 1;
  pairUp(n, start, tri.px, tri.py, adj, rev, succ, best, loosest, ratio2, b, lim, hasPred);
  const out: number[][][] = rules.map(() => []);
  // One pass over the slots for every rule: slots are grouped by their start in increasing
  // order, so each rule's chains come in the order a loop over the starts would give.
  for (let sa = 0; sa < m; sa++) {
    const first = succ[sa]!;
    if (first < 0) continue; // no continuation under any rule
    const score = best[sa]!;
    const pred = hasPred[sa]!;
    if ((pred & allBits) === allBits) continue;
    for (let r = 0; r < R; r++) {
      const limit = lim[r]!;
      if (pred & (1 << r) || !(score > limit)) continue;
      const a = adj[rev[sa]!]!;
      // Walk first without allocating: most chains are short.
      let len = 2;
      let slot = first;
      let last = adj[sa]!;
      let guard = 0;
      while (slot >= 0 && guard++ < n) {
        last = adj[slot]!;
        len++;
        slot = best[slot]! > limit ? succ[slot]! : -1;
      }
      // Each line is found once from each end; keep the one starting at the lower index.
      if (len < rules[r]!.minDots || a >= last) continue;
      const run = [a, adj[sa]!];
      slot = first;
      guard = 0;
      while (slot >= 0 && guard++ < n) {
        run.push(adj[slot]!);
        slot = best[slot]! > limit ? succ[slot]! : -1;
      }
      out[r]!.push(run);
    }
  }
  return out;
}

/**
 * The pass over bond pairs at each impression v (slots of v in CSR order, i < j): keeps, for
 * each slot into v, the straightest continuation out of v scoring above `loosest` (the first
 * of equal scores), then sets bit r of `hasPred` on that continuation when its score passes
 * `lim[r]`. Its own function, so the optimiser sees only this loop.
 */
function pairUp(
  n: number,
  start: Int32Array,
  px: Float64Array,
  py: Float64Array,
  adj: Int32Array,
  rev: Int32Array,
  succ: Int32Array,
  best: Float64Array,
  loosest: number,
  ratio2: number,
  b: ChainBuffers,
  lim: Float64Array,
  hasPred: Uint8Array,
): void {
  const R = lim.length;
  const loosestBelow = loosest * (1 - 1e-9);
  // The bonds of v, computed from the coordinates: px[c] − px[v] is exactly the listed edge
  // vector or its negation, so lengths and dot products are the ones the edge list gives.
  let bx = b.vx;
  let by = b.vy;
  let bl = b.vl;
  for (let v = 0; v < n; v++) {
    const s0 = start[v]!;
    const s1 = start[v + 1]!;
    if (s1 - s0 > bx.length)
      ((bx = b.vx = new Float64Array(s1 - s0)),
        (by = b.vy = new Float64Array(s1 - s0)),
        (bl = b.vl = new Float64Array(s1 - s0)));
    const x = px[v]!;
    const y = py[v]!;
    for (let i = s0; i < s1; i++) {
      const c = adj[i]!;
      const dx = px[c]! - x;
      const dy = py[c]! - y;
      bx[i - s0] = dx;
      by[i - s0] = dy;
      bl[i - s0] = dx * dx + dy * dy;
    }
    for (let i = s0; i < s1; i++) {
      const li = bl[i - s0]!;
      if (li === 0) continue;
      const xi = bx[i - s0]!;
      const yi = by[i - s0]!;
      for (let j = i + 1; j < s1; j++) {
        const lj = bl[j - s0]!;
        const dot = xi * bx[j - s0]! + yi * by[j - s0]!;
        const dd = dot * dot;
        const pp = li * lj;
        // A pair continues when a and c lie on opposite sides of v, the pitch holds, and it
        // turns little enough (tested without a division; the margin keeps every pair whose
        // exact score could pass). Most pairs fail: the tests are combined without
        // short-circuiting, so the loop takes one well-predicted branch per pair instead of
        // several data-dependent ones. A zero-length bond gives dd = pp = 0 and fails.
        const keep = +(dot < 0) & +(lj <= li * ratio2) & +(lj * ratio2 >= li) & +(dd > loosestBelow * pp);
        if (keep === 0) continue;
        const score = dd / pp;
        if (score <= loosest) continue;
        const into = rev[i]!; // a→v continues as v→c (slot j)
        const back = rev[j]!; // c→v continues as v→a (slot i)
        if (score > best[into]!) ((best[into] = score), (succ[into] = j));
        if (score > best[back]!) ((best[back] = score), (succ[back] = i));
      }
    }
    // The slots into v (the opposites of v's own) are final now: mark their continuations.
    for (let i = s0; i < s1; i++) {
      const into = rev[i]!;
      const t = succ[into]!;
      if (t < 0) continue;
      const score = best[into]!;
      let bits = 0;
      for (let r = 0; r < R; r++) if (score > lim[r]!) bits |= 1 << r;
      hasPred[t]! |= bits;
    }
  }
}

/** How much a chain bends: 1 − (end-to-end distance ÷ path length); 0 for a straight row. */
export function chainBend(chain: readonly number[], px: ArrayLike<number>, py: ArrayLike<number>): number {
  let path = 0;
  for (let k = 1; k < chain.length; k++)
    path += Math.hypot(px[chain[k]!]! - px[chain[k - 1]!]!, py[chain[k]!]! - py[chain[k - 1]!]!);
  const a = chain[0]!;
  const b = chain[chain.length - 1]!;
  return path > 0 ? 1 - Math.hypot(px[b]! - px[a]!, py[b]! - py[a]!) / path : 0;
}
