import { describe, expect, it } from 'vitest';
import { utcText } from '../../../src/lib/utc-time.ts';

describe('utcText', () => {
  it('writes a moment in UTC as the server-rendered <time> shows it', () => {
    const at = new Date(Date.UTC(2026, 10, 27, 15, 42, 9));
    expect(utcText(at, 'datetime')).toBe('27 Nov 2026, 15:42 UTC');
    expect(utcText(at, 'time')).toBe('15:42 UTC');
  });

  it('matches toLocaleString with the same options, whatever the moment', () => {
    for (let t = Date.UTC(2024, 0, 1); t < Date.UTC(2027, 0, 1); t += 7_654_321_987) {
      const at = new Date(t);
      expect(utcText(at, 'datetime')).toBe(
        `${at.toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' })} UTC`,
      );
      expect(utcText(at, 'time')).toBe(
        at.toLocaleString('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: 'UTC', timeZoneName: 'short' }),
      );
    }
  });
});
