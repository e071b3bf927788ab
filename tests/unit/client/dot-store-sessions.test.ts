import { describe, expect, it } from 'vitest';
import { DotStore } from '../../../src/client/dot-store.ts';
import type { StoredDot } from '../../../src/lib/drill/dots.ts';

const bounds = { width: 100, height: 80 };
const clock = () => {
  let t = 0;
  return () => (t += 100);
};

/** A store with impressions at x = 10, 20, 30 in session 1, then session 2 started. */
function healedStore() {
  const store = new DotStore([], { now: clock(), bounds });
  for (const x of [10, 20, 30]) store.place(x, 10, 0.3);
  expect(store.startNextSession()).toBe(2);
  return store;
}

describe('DotStore: sessions', () => {
  it('starts in session 1 and records the session of every placed impression', () => {
    const store = new DotStore([], { now: clock(), bounds });
    expect(store.session).toBe(1);
    expect(store.healedCount).toBe(0);
    store.place(10, 10, 0.3);
    store.startNextSession();
    store.place(12, 10, 0.3);
    store.place(14, 10, 0.3);
    expect(store.sessions()).toEqual([1, 2, 2]);
    expect(store.sessionOf(0)).toBe(1);
    expect(store.sessionOf(2)).toBe(2);
    expect(store.sessionOf(3)).toBe(0);
    expect(Array.from(store.columns().sessions)).toEqual([1, 2, 2]);
    expect(Array.from(store.columns(2).sessions)).toEqual([1, 2]);
    expect(store.healedCount).toBe(1);
  });

  it('heals earlier sessions: starting a session forgets the history, so undo cannot reach them', () => {
    const store = healedStore();
    expect(store.canUndo()).toBe(false);
    expect(store.undo()).toBe(false);
    expect(store.count).toBe(3);
    store.place(15, 10, 0.3);
    expect(store.undo()).toBe(true);
    expect(store.undo()).toBe(false);
    expect(store.count).toBe(3);
  });

  it('erases only within the current session, even when a healed impression is nearer', () => {
    const store = healedStore();
    store.place(21, 10, 0.3);
    // (20, 10) is healed; the current session's (21, 10) is the one erased.
    expect(store.eraseNear(20, 10, 2)).toBe(true);
    expect(store.dots().map((d) => d[0])).toEqual([10, 20, 30]);
    // Nothing of the current session is near (10, 10): nothing is erased.
    expect(store.eraseNear(10, 10, 2)).toBe(false);
    expect(store.nearest(10, 10, 2)).toBe(-1);
    expect(store.nearest(10, 10, 2, true)).toBe(0);
    expect(() => store.eraseAt(1)).toThrow(/earlier, healed session/);
  });

  it('clears only the current session, and undo and redo of the clear keep the healed ones', () => {
    const store = healedStore();
    store.place(15, 10, 0.3);
    store.place(25, 10, 0.3);
    expect(store.clear()).toBe(true);
    expect(store.dots().map((d) => d[0])).toEqual([10, 20, 30]);
    expect(store.clear()).toBe(false);
    store.undo();
    expect(store.dots().map((d) => d[0])).toEqual([10, 20, 30, 15, 25]);
    expect(store.sessions()).toEqual([1, 1, 1, 2, 2]);
    store.redo();
    expect(store.dots().map((d) => d[0])).toEqual([10, 20, 30]);
  });

  it('keeps the session of an erased impression when undo puts it back', () => {
    const store = healedStore();
    store.place(15, 10, 0.3);
    store.place(25, 10, 0.3);
    store.eraseNear(15, 10, 1);
    store.undo();
    expect(store.sessions()).toEqual([1, 1, 1, 2, 2]);
    expect(store.dots().map((d) => d[0])).toEqual([10, 20, 30, 15, 25]);
  });

  it('loads stored sessions: earlier ones healed, the current one editable', () => {
    const dots: StoredDot[] = [
      [10, 10, 0, 0.3],
      [20, 10, 100, 0.3],
      [15, 10, 200, 0.3],
    ];
    const store = new DotStore(dots, { bounds, sessions: { dotSessions: [1, 1, 2], session: 3 } });
    expect(store.session).toBe(3);
    expect(store.healedCount).toBe(3);
    expect(store.eraseNear(15, 10, 1)).toBe(false);
    const same = new DotStore(dots, { bounds, sessions: { dotSessions: [1, 1, 2], session: 2 } });
    expect(same.healedCount).toBe(2);
    expect(same.eraseNear(15, 10, 1)).toBe(true);
    // Without a current session the latest one is current; without sessions, all in session 1.
    expect(new DotStore(dots, { sessions: { dotSessions: [1, 2, 2] } }).session).toBe(2);
    const plain = new DotStore(dots);
    expect(plain.session).toBe(1);
    expect(plain.sessions()).toEqual([1, 1, 1]);
    expect(plain.healedCount).toBe(0);
    // All in one (later) session: nothing healed.
    const legacy = new DotStore(dots, { sessions: { dotSessions: null, session: 3 } });
    expect(legacy.sessions()).toEqual([3, 3, 3]);
    expect(legacy.healedCount).toBe(0);
    expect(() => new DotStore(dots, { sessions: { dotSessions: [1] } })).toThrow(RangeError);
  });

  it('keeps sessions through growth past the initial capacity', () => {
    const store = new DotStore([], { now: clock(), bounds });
    for (let i = 0; i < 1500; i++) store.place((i % 90) + 1, Math.floor(i / 90) + 1, 0.3);
    store.startNextSession();
    for (let i = 0; i < 1000; i++) store.place((i % 90) + 1.5, Math.floor(i / 90) + 1.5, 0.3);
    const s = store.sessions();
    expect(s.filter((k) => k === 1)).toHaveLength(1500);
    expect(s.filter((k) => k === 2)).toHaveLength(1000);
    expect(store.healedCount).toBe(1500);
  });
});
