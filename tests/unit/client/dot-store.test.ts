import { describe, expect, it } from 'vitest';
import { DotStore } from '../../../src/client/dot-store.ts';
import type { StoredDot } from '../../../src/lib/drill/dots.ts';
import { seededRng } from '../../../src/lib/drill/patterns.ts';

/** A clock the test moves by hand. */
function manualClock(start = 10_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

const bounds = { width: 100, height: 80 };

describe('DotStore: placing and serialising', () => {
  it('places impressions rounded to a micrometre, stamped with the time since loading', () => {
    const clock = manualClock();
    const store = new DotStore([], { now: clock.now, bounds });
    clock.advance(250.4);
    expect(store.place(10.12345, 20.98765, 0.8)).toBe(true);
    clock.advance(1000);
    expect(store.place(30, 40, 1.2)).toBe(true);
    expect(store.count).toBe(2);
    expect(store.dots()).toEqual([
      [10.123, 20.988, 250, 0.8],
      [30, 40, 1250, 1.2],
    ]);
    expect(store.timeOf(1)).toBe(1250);
    expect(store.timeOf(2)).toBe(0); // no such impression
  });

  it('refuses points off the canvas or not finite, and records nothing for them', () => {
    const store = new DotStore([], { now: () => 0, bounds });
    for (const [x, y] of [
      [-0.001, 5],
      [5, -1],
      [100.001, 5],
      [5, 80.5],
      [Number.NaN, 5],
    ] as const)
      expect(store.place(x, y, 1)).toBe(false);
    expect(store.place(100, 80, 1)).toBe(true); // the edge is on the canvas
    expect(store.count).toBe(1);
    expect(store.undo()).toBe(true);
    expect(store.canUndo()).toBe(false);
  });

  it('continues a loaded draft after its last time: times never run backwards across a reload', () => {
    const clock = manualClock(5_000_000);
    const draft: StoredDot[] = [
      [1, 1, 0, 1],
      [2, 2, 90_000, 1],
    ];
    const store = new DotStore(draft, { now: clock.now, bounds });
    expect(store.dots()).toEqual(draft);
    expect(store.canUndo()).toBe(false); // loading is not an edit
    clock.advance(500);
    store.place(3, 3, 1);
    expect(store.timeOf(2)).toBe(90_500);
    // A clock that stalls or jumps back never gives an earlier time than the latest impression.
    const stalled = new DotStore([[1, 1, 4_000, 1]], { now: () => 0, bounds });
    stalled.place(2, 2, 1);
    stalled.place(3, 3, 1);
    expect([stalled.timeOf(1), stalled.timeOf(2)]).toEqual([4_000, 4_000]);
  });

  it('grows past its first capacity and serialises every impression back', () => {
    const store = new DotStore([], { now: () => 0 });
    const dots: StoredDot[] = Array.from({ length: 5_000 }, (_, i) => [i % 97, i % 89, i, 0.5 + (i % 3) / 10]);
    for (const d of dots) store.add(d);
    expect(store.count).toBe(5_000);
    expect(store.dots()).toEqual(dots);
    expect(new DotStore(store.dots()).dots()).toEqual(dots);
    const cols = store.columns();
    expect(cols.xs.length).toBe(5_000);
    expect(cols.ys[4_999]).toBe(4_999 % 89);
    expect(cols.diameters[2]).toBeCloseTo(0.7);
    expect(store.columns(10).xs.length).toBe(10); // the first k, e.g. during a replay
    expect(store.columns(99_999).xs.length).toBe(5_000);
  });
});

describe('DotStore: erasing', () => {
  it('erases the nearest impression within the radius, and nothing outside it', () => {
    const store = new DotStore(
      [
        [10, 10, 0, 1],
        [12, 10, 1, 1],
        [30, 30, 2, 1],
      ],
      { now: () => 0 },
    );
    expect(store.eraseNear(20, 20, 3)).toBe(false);
    expect(store.nearest(11.2, 10, 5)).toBe(1);
    expect(store.eraseNear(11.2, 10, 5)).toBe(true);
    expect(store.dots().map((d) => d[0])).toEqual([10, 30]);
    expect(store.eraseNear(30, 33, 3)).toBe(true); // exactly at the radius counts
    expect(store.dots()).toEqual([[10, 10, 0, 1]]);
    expect(store.nearest(0, 0, 100)).toBe(0);
  });

  it('sees impressions placed after the last erase (the index is rebuilt after each change)', () => {
    const store = new DotStore([[5, 5, 0, 1]], { now: () => 0, bounds });
    expect(store.eraseNear(5, 5, 1)).toBe(true);
    store.place(50, 50, 1);
    expect(store.eraseNear(50, 50, 1)).toBe(true);
    expect(store.count).toBe(0);
    expect(store.undo()).toBe(true);
    expect(store.nearest(50, 50, 1)).toBe(0);
  });

  it('takes the later of two impressions at the same spot', () => {
    const store = new DotStore(
      [
        [5, 5, 0, 1],
        [5, 5, 10, 2],
      ],
      { now: () => 0 },
    );
    expect(store.nearest(5, 5, 1)).toBe(1);
    expect(() => store.eraseAt(2)).toThrow(RangeError);
  });
});

describe('DotStore: undo and redo', () => {
  it('undoes and redoes placements, erasures and clearing, each as one step', () => {
    const store = new DotStore([], { now: () => 0, bounds });
    store.place(1, 1, 1);
    store.place(2, 2, 1);
    store.place(3, 3, 1);
    store.eraseNear(2, 2, 0.5);
    expect(store.clear()).toBe(true);
    expect(store.count).toBe(0);
    expect(store.clear()).toBe(false); // nothing to clear: no step recorded
    expect(store.undo()).toBe(true); // the clear
    expect(store.dots().map((d) => d[0])).toEqual([1, 3]);
    expect(store.undo()).toBe(true); // the erase: back in its place
    expect(store.dots().map((d) => d[0])).toEqual([1, 2, 3]);
    expect(store.redo()).toBe(true);
    expect(store.dots().map((d) => d[0])).toEqual([1, 3]);
    expect(store.redo()).toBe(true);
    expect(store.count).toBe(0);
    expect(store.redo()).toBe(false);
    expect(store.canRedo()).toBe(false);
  });

  it('forgets what could be redone once a new edit is made', () => {
    const store = new DotStore([], { now: () => 0, bounds });
    store.place(1, 1, 1);
    store.place(2, 2, 1);
    store.undo();
    expect(store.canRedo()).toBe(true);
    store.place(5, 5, 1);
    expect(store.canRedo()).toBe(false);
    expect(store.redo()).toBe(false);
    expect(store.dots().map((d) => d[0])).toEqual([1, 5]);
    store.undo();
    store.undo();
    expect(store.undo()).toBe(false);
    expect(store.count).toBe(0);
  });

  it('matches a plain array model over 3,000 random edits, undos and redos', () => {
    const rng = seededRng(42);
    let t = 0;
    const store = new DotStore([], { now: () => t, bounds });
    // The model: the list of impressions after every edit, and a cursor into that history.
    let history: StoredDot[][] = [[]];
    let at = 0;
    const current = () => history[at]!;
    const commit = (next: StoredDot[]) => {
      history = history.slice(0, at + 1);
      history.push(next);
      at++;
    };
    for (let step = 0; step < 3_000; step++) {
      t += 1 + Math.floor(rng() * 400);
      const r = rng();
      if (r < 0.45) {
        const x = rng() * 110 - 5; // some off the canvas
        const y = rng() * 90 - 5;
        const placed = store.place(x, y, 1);
        const on = x >= 0 && y >= 0 && x <= 100 && y <= 80;
        expect(placed).toBe(on);
        if (on) commit([...current(), store.dotAt(store.count - 1)]);
      } else if (r < 0.65) {
        const x = rng() * 100;
        const y = rng() * 80;
        const radius = rng() * 6;
        let best = -1;
        let bestD = radius;
        current().forEach((d, i) => {
          const dist = Math.hypot(d[0] - x, d[1] - y);
          if (dist < bestD || (dist === bestD && i > best)) {
            bestD = dist;
            best = i;
          }
        });
        expect(store.eraseNear(x, y, radius)).toBe(best >= 0);
        if (best >= 0) commit(current().filter((_, i) => i !== best));
      } else if (r < 0.68) {
        if (store.clear()) commit([]);
      } else if (r < 0.85) {
        expect(store.undo()).toBe(at > 0);
        if (at > 0) at--;
      } else {
        expect(store.redo()).toBe(at < history.length - 1);
        if (at < history.length - 1) at++;
      }
      expect(store.dots()).toEqual(current());
      expect(store.canUndo()).toBe(at > 0);
      expect(store.canRedo()).toBe(at < history.length - 1);
      // Placement times never run backwards.
      for (let i = 1; i < store.count; i++) expect(store.timeOf(i)).toBeGreaterThanOrEqual(store.timeOf(i - 1));
    }
  });
});

describe('DotStore: revision (what a cached drawing of the first impressions may rely on)', () => {
  it('stays the same while impressions are only appended, and changes on every other edit', () => {
    const store = new DotStore([], { now: manualClock().now, bounds });
    const r0 = store.revision;
    store.place(10, 10, 0.8);
    store.place(20, 20, 0.8);
    store.place(30, 30, 0.8);
    expect(store.revision).toBe(r0);
    const changes: Array<[string, () => unknown]> = [
      ['erase', () => store.eraseNear(20, 20, 1)],
      ['undo of the erase (puts it back in the middle)', () => store.undo()],
      ['undo of a placement', () => store.undo()],
      ['clear', () => store.clear()],
      ['redo after clear is undone', () => (store.undo(), store.redo())],
      ['next session', () => (store.place(5, 5, 0.8), store.startNextSession())],
      ['reload', () => store.load([[1, 1, 0, 0.8]])],
    ];
    for (const [name, edit] of changes) {
      const before = store.revision;
      edit();
      expect(store.revision, name).not.toBe(before);
    }
    const before = store.revision;
    store.place(40, 40, 0.8);
    store.redo(); // nothing to redo
    expect(store.revision).toBe(before);
  });
});
