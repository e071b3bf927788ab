/**
 * A certificate's badge image, generated from the facts signed at issue (program name, hours, academy): a round
 * seal as SVG. Pure; the PNG is rendered from it on the server.
 */

/** What the badge shows. */
export interface BadgeFacts {
  programName: string;
  hours: number;
  academyName: string;
}

/** Badge size in pixels (square). */
export const BADGE_SIZE = 512;

const escapeXml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Words of `text` in lines of at most `width` characters, at most `max` lines (the last one ends in … if cut). */
export function wrapWords(text: string, width: number, max: number): string[] {
  const lines: string[] = [];
  for (const word of text.trim().split(/\s+/)) {
    const last = lines.at(-1);
    if (last !== undefined && (last + ' ' + word).length <= width) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word.length > width ? `${word.slice(0, width - 1)}…` : word);
  }
  if (lines.length > max) return [...lines.slice(0, max - 1), `${lines[max - 1]!.slice(0, width - 1)}…`];
  return lines;
}

/** The badge as an SVG document (512 × 512), with `<title>` for its accessible name. */
export function badgeSvg(f: BadgeFacts): string {
  const lines = wrapWords(f.programName, 16, 3);
  const academy = wrapWords(f.academyName, 26, 1)[0] ?? '';
  const lineHeight = 44;
  const top = 250 - ((lines.length - 1) * lineHeight) / 2;
  const title = `${f.programName} — ${f.academyName}`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${BADGE_SIZE}" height="${BADGE_SIZE}" viewBox="0 0 512 512" role="img">`,
    `<title>${escapeXml(title)}</title>`,
    `<circle cx="256" cy="256" r="248" fill="#7a4b2a"/>`,
    `<circle cx="256" cy="256" r="226" fill="#fbf7f2"/>`,
    `<circle cx="256" cy="256" r="212" fill="none" stroke="#7a4b2a" stroke-width="3" stroke-dasharray="2 7"/>`,
    `<g font-family="DejaVu Sans, Helvetica, Arial, sans-serif" text-anchor="middle" fill="#1d1b19">`,
    `<text x="256" y="118" font-size="22" letter-spacing="3" fill="#5b3519">${escapeXml(academy.toUpperCase())}</text>`,
    ...lines.map(
      (l, i) => `<text x="256" y="${top + i * lineHeight}" font-size="38" font-weight="700">${escapeXml(l)}</text>`,
    ),
    `<text x="256" y="${top + lines.length * lineHeight + 22}" font-size="24" fill="#5b3519">${f.hours} hours</text>`,
    `<text x="256" y="420" font-size="20" letter-spacing="4" fill="#5b3519">CERTIFIED</text>`,
    `</g>`,
    `</svg>`,
  ].join('');
}
