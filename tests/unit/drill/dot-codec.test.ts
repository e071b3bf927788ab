import { describe, expect, it } from 'vitest';
import { decodeDots, encodeDots } from '../../../src/lib/drill/dot-codec.ts';
import type { StoredDot } from '../../../src/lib/drill/dots.ts';
import { seededRng } from '../../../src/lib/drill/patterns.ts';

describe('compact impression encoding', () => {
  it('gives back every impression exactly as the drill page sends it (1 µm, whole milliseconds), with sessions', () => {
    const random = seededRng(3);
    const dots: StoredDot[] = [];
    let t = 0;
    for (let i = 0; i < 5_000; i++) {
      t += Math.floor(random() * 2_000);
      dots.push([
        Math.round(random() * 100_000) / 1000,
        Math.round(random() * 100_000) / 1000,
        t,
        0.25 + (i % 4) * 0.05,
      ]);
    }
    const sessions = dots.map((_, i) => 1 + Math.floor((i * 3) / dots.length));
    const bytes = encodeDots(dots, sessions);
    expect(decodeDots(bytes)).toEqual({ dots, sessions });
    // About 15 bytes an impression against ~28 characters of JSON.
    expect(bytes.length).toBeLessThanOrEqual(15 * dots.length);
    expect(bytes.length).toBeLessThan(JSON.stringify(dots).length * 0.6);
  });

  it('keeps odd input: no dots, negative coordinates, times going back, fractional and huge times', () => {
    expect(decodeDots(encodeDots([], null))).toEqual({ dots: [], sessions: null });
    const odd: StoredDot[] = [
      [-0.4, 100.5, 5_000, 0.3],
      [12.3456, 0, 1_000, 3],
      [99.9999, 0.0001, 1e12, 0.05],
    ];
    expect(decodeDots(encodeDots(odd, null))).toEqual({ dots: odd, sessions: null });
    const fractional: StoredDot[] = [[1, 2, 0.5, 0.3]];
    expect(decodeDots(encodeDots(fractional, [2]))).toEqual({ dots: fractional, sessions: [2] });
    // Sessions that do not match the impressions one for one are not stored.
    expect(decodeDots(encodeDots(odd, [1])).sessions).toBeNull();
  });

  it('reads the JSON rows an older database moved into the side table', () => {
    expect(decodeDots('{"dots":[[1,2,0,0.3]],"sessions":null}')).toEqual({ dots: [[1, 2, 0, 0.3]], sessions: null });
    expect(decodeDots('{"dots":[[1,2,0,0.3]],"sessions":[1]}')).toEqual({ dots: [[1, 2, 0, 0.3]], sessions: [1] });
  });
});
