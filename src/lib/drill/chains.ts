/**
 * Chains of impressions along a line: straight, evenly spaced rows (turn under 9°) and
 * tracks that follow a curve (turn under ~22° at each impression). At every impression b,
 * each pair of short bonds b→a and b→c that continue each other (turn and pitch within
 * limits) links a→b to b→c; the straightest continuation wins. O(edges).
 */
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
  bx: Float64Array;
  by: Float64Array;
  bl2: Float64Array;
  rev: Int32Array;
  successor: Int32Array[];
  best: [Float64Array];
  hasPred: Uint8Array;
  short: Int32Array;
}
let buffers: ChainBuffers | null = null;

/** Buffers for n impressions, up to `halfEdges` bond slots and `rules` rules, grown as needed and reused. */
function grow(n: number, halfEdges: number, rules: number): ChainBuffers {
  const b = buffers;
  if (b && b.deg.length >= n && b.adj.length >= halfEdges && b.successor.length >= rules) return b;
  const N = Math.max(n, 2 * (b?.deg.length ?? 0));
  const M = Math.max(halfEdges, 2 * (b?.adj.length ?? 0));
  const K = Math.max(rules, b?.successor.length ?? 0);
  buffers = {
    deg: new Int32Array(N),
    start: new Int32Array(N + 1),
    fill: new Int32Array(N),
    adj: new Int32Array(M),
    bx: new Float64Array(M),
    by: new Float64Array(M),
    bl2: new Float64Array(M),
    rev: new Int32Array(M),
    successor: Array.from({ length: K }, () => new Int32Array(M)),
    best: [new Float64Array(M)],
    hasPred: new Uint8Array(M),
    short: new Int32Array(M),
  };
  return buffers;
}

/**
 * The owned half-edges no longer than the bond limit of the latest chain search, in increasing
 * order (a view of a buffer the next search overwrites): what bondOrder can visit instead of
 * every half-edge.
 */
export function lastShortBonds(): { list: Int32Array; count: number } {
  return { list: buffers ? buffers.short : new Int32Array(0), count: lastBonds };
}
let lastBonds = 0;

/**
 * Chains for several rules at once (one bond graph, one pass over bond pairs), one list per
 * rule. The rules must share the pitch ratio. O(edges).
 */
export function chainsByRule(
  n: number,
  tri: Triangulation,
  maxBond: number,
  rules: readonly ChainRule[],
): number[][][] {
  const { triangles, halfedges, dx: edx, dy: edy, l2: el2 } = tri;
  const maxBond2 = maxBond * maxBond;
  const E = triangles.length;
  const R = rules.length;
  // Short bonds as directed slots grouped by their start (CSR); rev[slot] is the opposite direction.
  // All buffers are reused between (synchronous) calls.
  const b = grow(n, E + n, R + 1); // hull edges give two slots from one half-edge
  const deg = b.deg.fill(0, 0, n);
  const short = b.short;
  let bonds = 0;
  for (let e = 0; e < E; e++) {
    const twin = halfedges[e]!;
    if ((twin !== -1 && twin < e) || el2[e]! > maxBond2) continue;
    short[bonds++] = e;
    deg[triangles[e]!]!++;
    deg[triangles[e % 3 === 2 ? e - 2 : e + 1]!]!++;
  }
  lastBonds = bonds;
  const start = b.start;
  start[0] = 0;
  for (let i = 0; i < n; i++) start[i + 1] = start[i]! + deg[i]!;
  const m = start[n]!;
  const { adj, bx, by, bl2, rev } = b;
  const fill = b.fill;
  fill.set(start.subarray(0, n));
  for (let q = 0; q < bonds; q++) {
    const e = short[q]!;
    const a = triangles[e]!;
    const c = triangles[e % 3 === 2 ? e - 2 : e + 1]!;
    const sab = fill[a]!++;
    const sba = fill[c]!++;
    adj[sab] = c;
    bx[sab] = edx[e]!;
    by[sab] = edy[e]!;
    bl2[sab] = el2[e]!;
    adj[sba] = a;
    bx[sba] = -edx[e]!;
    by[sba] = -edy[e]!;
    bl2[sba] = el2[e]!;
    rev[sab] = sba;
    rev[sba] = sab;
  }
  // The straightest continuation is the same for every rule that accepts it, so one pass keeps
  // the best continuation above the loosest rule's limit, and each rule keeps it when it passes its own.
  const loosest = Math.min(...rules.map((r) => Math.cos(r.maxTurnRad) ** 2));
  const succAll = b.successor[R]!.fill(-1, 0, m);
  const best = b.best[0]!.fill(loosest, 0, m);
  const ratio2 = rules[0]!.lengthRatio ** 2;
  for (let v = 0; v < n; v++) {
    const s0 = start[v]!;
    const s1 = start[v + 1]!;
    for (let i = s0; i < s1; i++) {
      const li = bl2[i]!;
      if (li === 0) continue;
      const xi = bx[i]!;
      const yi = by[i]!;
      for (let j = i + 1; j < s1; j++) {
        const lj = bl2[j]!;
        if (lj === 0 || lj > li * ratio2 || lj * ratio2 < li) continue;
        const dot = xi * bx[j]! + yi * by[j]!;
        if (dot >= 0) continue; // a and c must lie on opposite sides of v
        const score = (dot * dot) / (li * lj);
        if (score <= loosest) continue;
        const into = rev[i]!; // a→v continues as v→c (slot j)
        const back = rev[j]!; // c→v continues as v→a (slot i)
        if (score > best[into]!) ((best[into] = score), (succAll[into] = j));
        if (score > best[back]!) ((best[back] = score), (succAll[back] = i));
      }
    }
  }
  const successor = rules.map((rule, r) => {
    const limit = Math.cos(rule.maxTurnRad) ** 2;
    if (limit <= loosest) return succAll;
    const succ = b.successor[r]!;
    for (let sl = 0; sl < m; sl++) succ[sl] = best[sl]! > limit ? succAll[sl]! : -1;
    return succ;
  });
  const hasPred = b.hasPred;
  return rules.map((rule, r) => {
    const succ = successor[r]!;
    hasPred.fill(0, 0, m);
    for (let sl = 0; sl < m; sl++) if (succ[sl]! >= 0) hasPred[succ[sl]!] = 1;
    const out: number[][] = [];
    // Slots are grouped by their start in increasing order, so this visits starts as a loop over them would.
    for (let sa = 0; sa < m; sa++) {
      if (hasPred[sa] || succ[sa]! < 0) continue;
      const a = adj[rev[sa]!]!;
      // Walk first without allocating: most chains are short.
      let len = 2;
      let slot = succ[sa]!;
      let last = adj[sa]!;
      let guard = 0;
      while (slot >= 0 && guard++ < n) ((last = adj[slot]!), len++, (slot = succ[slot]!));
      // Each line is found once from each end; keep the one starting at the lower index.
      if (len < rule.minDots || a >= last) continue;
      const run = [a, adj[sa]!];
      slot = succ[sa]!;
      guard = 0;
      while (slot >= 0 && guard++ < n) (run.push(adj[slot]!), (slot = succ[slot]!));
      out.push(run);
    }
    return out;
  });
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
