import { describe, expect, it } from 'vitest';
import { encodeUtf8 } from '../../../src/server/utf8.ts';

const reference = (s: string) => new TextEncoder().encode(s);

/** A string of `n` code units drawn from ASCII, Latin-1, the BMP, astral pairs and lone surrogates. */
function randomText(n: number, seed: number): string {
  let x = seed;
  const next = () => ((x = (x * 1103515245 + 12345) & 0x7fffffff), x);
  const parts: string[] = [];
  while (parts.join('').length < n) {
    const kind = next() % 10;
    if (kind < 6) parts.push(String.fromCharCode(32 + (next() % 95)));
    else if (kind === 6) parts.push(String.fromCharCode(0x80 + (next() % 0x80)));
    else if (kind === 7) parts.push(String.fromCharCode(0x2000 + (next() % 0x300)));
    else if (kind === 8) parts.push(String.fromCodePoint(0x1f300 + (next() % 0x200)));
    else parts.push(String.fromCharCode(0xd800 + (next() % 0x800)));
  }
  return parts.join('');
}

describe('encodeUtf8', () => {
  it('gives the bytes TextEncoder gives', () => {
    for (const s of [
      '',
      'plain ascii <p>page</p>',
      'Stipple — depth, “quotes” and ’ · Zoë ← →',
      '—leading and trailing—',
      'é',
      'a\u{1F600}b',
      'lone \ud800 high and \udc00 low surrogates, and a split pair \ud83d',
      'x'.repeat(20_000) + '—' + 'y'.repeat(5),
    ])
      expect(Buffer.from(encodeUtf8(s)).equals(Buffer.from(reference(s)))).toBe(true);
    for (let seed = 1; seed <= 200; seed++) {
      const s = randomText(1 + (seed % 50) * 7, seed);
      expect(Buffer.from(encodeUtf8(s)).equals(Buffer.from(reference(s)))).toBe(true);
    }
  });

  it('returns a Uint8Array of exactly the encoded length', () => {
    const bytes = encodeUtf8('ab—c');
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect(bytes.byteLength).toBe(6);
    expect(Array.from(bytes)).toEqual([0x61, 0x62, 0xe2, 0x80, 0x94, 0x63]);
  });
});
