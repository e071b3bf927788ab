/** A certificate's badge as PNG, rendered from its SVG with sharp (librsvg), cached per certificate in memory. */
import sharp from 'sharp';
import { badgeSvg, type BadgeFacts } from '../lib/certification/badge.ts';

const cache = new Map<string, Buffer>();
const CACHE_LIMIT = 200;

/** The PNG badge for these facts (`key` identifies them, e.g. the certificate code). */
export async function badgePng(key: string, facts: BadgeFacts): Promise<Buffer> {
  const hit = cache.get(key);
  if (hit) return hit;
  const png = await sharp(Buffer.from(badgeSvg(facts)))
    .png()
    .toBuffer();
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  cache.set(key, png);
  return png;
}
