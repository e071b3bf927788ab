/**
 * A small standalone SVG drawing of an attempt's impressions on its template, for lists of
 * attempts (the review page's earlier attempts). Down-sampled: at thumbnail size impressions
 * closer than their drawn size cover each other, so one impression per cell of 2 × 2 pixels is drawn,
 * with coordinates to a tenth of a millimetre. Its size is bounded by the thumbnail's pixels,
 * not by the number of impressions.
 */
import type { StoredDot } from './dots.ts';
import type { Template } from './template.ts';

/** Width in CSS pixels the thumbnail is drawn for (the down-sampling grid). */
export const THUMBNAIL_WIDTH = 240;

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
const num = (v: number) => String(Math.round(v * 10) / 10);

/** The thumbnail's height in CSS pixels for a template (keeps its aspect ratio). */
export function thumbnailHeight(t: Pick<Template, 'width' | 'height'>): number {
  return Math.round((THUMBNAIL_WIDTH * t.height) / t.width);
}

/** The SVG document (with its `xmlns`, usable as an image) of `dots` on template `t`, labelled for assistive technology. */
export function thumbnailSvg(
  t: Pick<Template, 'width' | 'height' | 'region' | 'holes'>,
  dots: readonly StoredDot[],
  label: string,
): string {
  // Two thumbnail pixels a cell: about the drawn impression's diameter.
  const cell = (2 * t.width) / THUMBNAIL_WIDTH;
  const columns = Math.ceil(t.width / cell) + 2;
  const seen = new Set<number>();
  const r = Math.max(t.width, t.height) / 220;
  let path = '';
  for (const [x, y] of dots) {
    const key = (Math.floor(y / cell) + 1) * columns + Math.floor(x / cell) + 1;
    if (seen.has(key)) continue;
    seen.add(key);
    path += `M${num(x - r)} ${num(y)}a${num(r)} ${num(r)} 0 1 0 ${num(2 * r)} 0a${num(r)} ${num(r)} 0 1 0 ${num(-2 * r)} 0`;
  }
  const ring = (ring: readonly (readonly [number, number])[]) =>
    `M${ring.map(([x, y]) => `${num(x)} ${num(y)}`).join(' L')} Z`;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${t.width} ${t.height}" width="${THUMBNAIL_WIDTH}" height="${thumbnailHeight(t)}" role="img" aria-label="${esc(label)}">` +
    `<title>${esc(label)}</title>` +
    `<rect width="${t.width}" height="${t.height}" fill="#fbf8f4"/>` +
    `<path d="${[t.region, ...t.holes].map(ring).join(' ')}" fill="#f1d7c1" fill-rule="evenodd"/>` +
    `<path d="${path}" fill="#2b2622"/></svg>`
  );
}
