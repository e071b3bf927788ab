/**
 * Chains of impressions along a line: straight, evenly spaced rows (turn under 9°) and
 * tracks that follow a curve (turn under ~22° at each impression). At every impression b,
 * each pair of short bonds b→a and b→c that continue each other (turn and pitch within
 * limits) links a→b to b→c; the straightest continuation wins. O(edges).
 */
import { nextHalfedge, ownsEdge, type Triangulation } from './triangulation.ts';

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
  // Short bonds as directed slots grouped by their start (CSR); rev[slot] is the opposite direction.
  const deg = new Int32Array(n);
  for (let e = 0; e < E; e++) {
    if (!ownsEdge(halfedges, e) || el2[e]! > maxBond2) continue;
    deg[triangles[e]!]!++;
    deg[triangles[nextHalfedge(e)]!]!++;
  }
  const start = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) start[i + 1] = start[i]! + deg[i]!;
  const m = start[n]!;
  const adj = new Int32Array(m);
  const bx = new Float64Array(m);
  const by = new Float64Array(m);
  const bl2 = new Float64Array(m);
  const rev = new Int32Array(m);
  const fill = start.slice(0, n);
  for (let e = 0; e < E; e++) {
    if (!ownsEdge(halfedges, e) || el2[e]! > maxBond2) continue;
    const a = triangles[e]!;
    const b = triangles[nextHalfedge(e)]!;
    const sab = fill[a]!++;
    const sba = fill[b]!++;
    adj[sab] = b;
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
  const R = rules.length;
  const successor = rules.map(() => new Int32Array(m).fill(-1));
  const bestScore = rules.map((r) => new Float64Array(m).fill(Math.cos(r.maxTurnRad) ** 2));
  const loosest = Math.min(...rules.map((r) => Math.cos(r.maxTurnRad) ** 2));
  const ratio2 = rules[0]!.lengthRatio ** 2;
  for (let b = 0; b < n; b++) {
    const s0 = start[b]!;
    const s1 = start[b + 1]!;
    for (let i = s0; i < s1; i++) {
      const li = bl2[i]!;
      if (li === 0) continue;
      const xi = bx[i]!;
      const yi = by[i]!;
      for (let j = i + 1; j < s1; j++) {
        const lj = bl2[j]!;
        if (lj === 0 || lj > li * ratio2 || lj * ratio2 < li) continue;
        const dot = xi * bx[j]! + yi * by[j]!;
        if (dot >= 0) continue; // a and c must lie on opposite sides of b
        const score = (dot * dot) / (li * lj);
        if (score <= loosest) continue;
        const into = rev[i]!; // a→b continues as b→c (slot j)
        const back = rev[j]!; // c→b continues as b→a (slot i)
        for (let r = 0; r < R; r++) {
          const best = bestScore[r]!;
          const succ = successor[r]!;
          if (score > best[into]!) ((best[into] = score), (succ[into] = j));
          if (score > best[back]!) ((best[back] = score), (succ[back] = i));
        }
      }
    }
  }
  const hasPred = new Uint8Array(m);
  return rules.map((rule, r) => {
    const succ = successor[r]!;
    hasPred.fill(0);
    for (let sl = 0; sl < m; sl++) if (succ[sl]! >= 0) hasPred[succ[sl]!] = 1;
    const out: number[][] = [];
    for (let a = 0; a < n; a++) {
      for (let sa = start[a]!; sa < start[a + 1]!; sa++) {
        if (hasPred[sa] || succ[sa]! < 0) continue;
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
