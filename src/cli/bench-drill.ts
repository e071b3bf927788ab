/**
 * The drill page's part of `npm run bench`: the JavaScript the drill page loads (its entry
 * script and every chunk it imports, from the last `npm run build`), raw, gzip and brotli.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

/** The drill page's JS target, compressed (issue 14). */
export const DRILL_JS_BUDGET_BYTES = 90 * 1024;

/** Bytes of a set of built files: raw, gzip (level 9) and brotli (quality 11). */
export interface Bytes {
  files: string[];
  raw: number;
  gzip: number;
  brotli: number;
}

/** The entry script of the drill page, the chunks it imports statically and its workers (transitively), from `dist/client/_astro`. */
export function drillPageScripts(root = 'dist'): string[] | null {
  const dir = path.join(root, 'client', '_astro');
  if (!fs.existsSync(dir)) return null;
  const entries = fs
    .readdirSync(dir)
    .filter((f) => /^_templateId_\.astro_astro_type_script_index_\d+_lang\..*\.js$/.test(f));
  const graph = (entry: string) => {
    const seen = new Set<string>();
    const queue = [entry];
    while (queue.length) {
      const f = queue.pop()!;
      if (seen.has(f)) continue;
      seen.add(f);
      const text = fs.readFileSync(path.join(dir, f), 'utf8');
      // Static imports and workers; not dynamic imports (the main-thread scorer is loaded only without workers).
      for (const m of text.matchAll(/(?:from\s*|import\s*)["'`]\.\/([^"'`]+\.js)["'`]/g)) queue.push(m[1]!);
      for (const m of text.matchAll(/new Worker\(\s*new URL\(\s*["'`](?:\/_astro\/|\.\/)([^"'`]+\.js)["'`]/g))
        queue.push(m[1]!);
    }
    return [...seen];
  };
  // The drill page's entry is the one whose graph starts the drill (several pages may be named [templateId]).
  for (const e of entries) {
    const files = graph(e);
    if (files.some((f) => fs.readFileSync(path.join(dir, f), 'utf8').includes('data-drill')))
      return files.map((f) => path.join(dir, f));
  }
  return null;
}

/** Raw, gzip and brotli sizes of the files, each compressed on its own (as a server sends them). */
export function bytesOf(files: string[]): Bytes {
  let raw = 0;
  let gzip = 0;
  let brotli = 0;
  for (const f of files) {
    const buf = fs.readFileSync(f);
    raw += buf.length;
    gzip += zlib.gzipSync(buf, { level: 9 }).length;
    brotli += zlib.brotliCompressSync(buf, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  }
  return { files, raw, gzip, brotli };
}

const kb = (b: number) => `${(b / 1024).toFixed(1)} KB`;

/** Prints the drill page's JS bytes beside the budget and, as the same run's baseline, the full Konva build alone (what the page shipped before the trim, besides its own code). */
export function runDrillBytesBench(): void {
  const files = drillPageScripts();
  if (!files) {
    console.log('\nDrill page JS: no build found (run `npm run build` first).');
    return;
  }
  const b = bytesOf(files);
  const full = path.join('node_modules', 'konva', 'konva.min.js');
  const konva = fs.existsSync(full) ? bytesOf([full]) : null;
  console.log(
    `\nDrill page JS (${files.length} files: entry, chunks, score worker): ${kb(b.raw)} raw, ${kb(b.gzip)} gzip, ${kb(b.brotli)} brotli` +
      ` → budget ${kb(DRILL_JS_BUDGET_BYTES)} compressed ${b.gzip <= DRILL_JS_BUDGET_BYTES ? 'met' : 'NOT met'} (gzip)` +
      (konva ? ` | baseline: the full Konva build alone is ${kb(konva.raw)} raw, ${kb(konva.gzip)} gzip` : ''),
  );
}
