import { describe, expect, it } from 'vitest';
import { applyDelta, makeDelta, type SavedCanvas } from '../../../src/lib/drill/draft-delta.ts';
import { parseDelta } from '../../../src/lib/drill/draft-delta-schema.ts';
import type { StoredDot } from '../../../src/lib/drill/dots.ts';
import { seededRng } from '../../../src/lib/drill/patterns.ts';

const dot = (i: number): StoredDot => [i % 60, Math.floor(i / 60), i * 100, 0.3];

describe('draft deltas', () => {
  it('reproduces the new canvas exactly after random erases, undos and placements', () => {
    const rng = seededRng(5);
    for (let round = 0; round < 200; round++) {
      const n = Math.floor(rng() * 50);
      const saved: SavedCanvas = {
        dots: Array.from({ length: n }, (_, i) => dot(i)),
        sessions: Array.from({ length: n }, (_, i) => 1 + Math.floor(i / 20)),
      };
      const current: SavedCanvas = { dots: [...saved.dots], sessions: [...saved.sessions!] };
      for (let k = Math.floor(rng() * 6); k > 0; k--) {
        const at = Math.floor(rng() * (current.dots.length + 1));
        if (rng() < 0.5 && current.dots.length) {
          current.dots.splice(Math.min(at, current.dots.length - 1), 1);
          current.sessions!.splice(Math.min(at, current.sessions!.length - 1), 1);
        } else {
          current.dots.splice(at, 0, dot(1000 + round * 10 + k));
          current.sessions!.splice(at, 0, 3);
        }
      }
      const delta = makeDelta(saved, current, 4, 3)!;
      expect(delta).not.toBeNull();
      expect(delta.added.length + delta.removed.length).toBeLessThanOrEqual(5);
      const applied = applyDelta(saved, delta);
      expect(applied.ok && applied.value).toEqual(current);
    }
  });

  it('keeps duplicates apart and handles a reordering by removing and adding', () => {
    const saved: SavedCanvas = { dots: [dot(1), dot(1), dot(2)], sessions: null };
    const current: SavedCanvas = { dots: [dot(2), dot(1)], sessions: null };
    const delta = makeDelta(saved, current, 1)!;
    const applied = applyDelta(saved, delta);
    expect(applied.ok && applied.value).toEqual(current);
  });

  it('refuses positions that do not fit, and sessions for a canvas without them', () => {
    const saved: SavedCanvas = { dots: [dot(1), dot(2)], sessions: null };
    expect(applyDelta(saved, { revision: 1, removed: [1, 0], added: [] })).toMatchObject({ ok: false });
    expect(applyDelta(saved, { revision: 1, removed: [], added: [[3, 1, 1, 1, 0.3, 0]] })).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/below 3/) },
    });
    expect(applyDelta(saved, { revision: 1, removed: [], added: [[0, 1, 1, 1, 0.3, 2]] })).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/records no sessions/) },
    });
    expect(parseDelta({ revision: -1, removed: [], added: [] })).toMatchObject({ ok: false });
    expect(parseDelta({ revision: 2, removed: [0], added: [[1, 2, 3, 4, 0.3, 1]] })).toMatchObject({ ok: true });
  });
});
