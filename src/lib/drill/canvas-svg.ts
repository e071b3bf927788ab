/**
 * A static SVG picture of a practice canvas: the treatment area, its holes and the impressions, in the template's
 * millimetres. For pages that show a canvas without the interactive viewer (public evidence).
 */
import type { StoredDot } from './dots.ts';
import type { Template } from './template.ts';

const num = (v: number) => String(Math.round(v * 100) / 100);
const ringPath = (ring: Array<[number, number]>) => `M${ring.map(([x, y]) => `${num(x)} ${num(y)}`).join('L')}Z`;

/** The canvas as an SVG document string; `label` becomes its accessible name. */
export function canvasSvg(
  template: Pick<Template, 'width' | 'height' | 'region' | 'holes'>,
  dots: StoredDot[],
  label: string,
): string {
  const esc = label.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
  const area = [template.region, ...template.holes].map(ringPath).join('');
  const impressions = dots
    .map(([x, y, , d]) => {
      const r = num((d || 0.8) / 2);
      return `M${num(x - Number(r))} ${num(y)}a${r} ${r} 0 1 0 ${num(2 * Number(r))} 0a${r} ${r} 0 1 0 ${num(-2 * Number(r))} 0`;
    })
    .join('');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${num(template.width)} ${num(template.height)}" role="img" aria-label="${esc}">` +
    `<rect width="100%" height="100%" fill="#fbf7f2"/>` +
    `<path d="${area}" fill="#efe4d6" fill-rule="evenodd" stroke="#b89b7a" stroke-width="0.3"/>` +
    `<path d="${impressions}" fill="#1d1b19"/>` +
    `</svg>`
  );
}
