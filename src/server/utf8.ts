/**
 * UTF-8 encoding of a rendered page, the same bytes as `TextEncoder.encode`, for the built
 * server's page renders (astro.config.mjs routes Astro's whole-page encoding here).
 *
 * A page is mostly ASCII, but one dash or curly quote anywhere (a lesson has dozens) makes V8
 * keep the whole concatenated page as a two-byte string, and V8 encodes a two-byte string to
 * UTF-8 character by character: on a lesson page that was a fifth of the request's CPU. Here the
 * ASCII stretches are copied a byte per character (written as Latin-1: a narrowing copy) and only
 * the non-ASCII runs go through the UTF-8 encoder.
 */

// Anything above U+007F (the control characters below it are ASCII too).
// eslint-disable-next-line no-control-regex
const NON_ASCII = /[^\x00-\x7f]+/g;

/** `text` in UTF-8: the bytes `new TextEncoder().encode(text)` gives (lone surrogates become U+FFFD). */
export function encodeUtf8(text: string): Uint8Array {
  const runs: Array<number | string> = [];
  let extra = 0;
  NON_ASCII.lastIndex = 0;
  for (let m = NON_ASCII.exec(text); m; m = NON_ASCII.exec(text)) {
    runs.push(m.index, m[0]);
    extra += Buffer.byteLength(m[0]) - m[0].length;
  }
  const out = Buffer.allocUnsafeSlow(text.length + extra);
  let at = 0;
  let from = 0;
  for (let i = 0; i < runs.length; i += 2) {
    const index = runs[i] as number;
    const run = runs[i + 1] as string;
    if (index > from) at += out.write(text.slice(from, index), at, 'latin1');
    at += out.write(run, at, 'utf8');
    from = index + run.length;
  }
  if (from < text.length) out.write(text.slice(from), at, 'latin1');
  return new Uint8Array(out.buffer, out.byteOffset, out.length);
}
