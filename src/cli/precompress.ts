/**
 * Run after `astro build`: writes a brotli (`.br`) and a gzip (`.gz`) copy beside every hashed
 * asset in `dist/client/_astro` worth compressing, at the highest levels (done once, served
 * many times by `src/server/response-filter.ts`). Prints one summary line.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const dir = path.resolve(import.meta.dirname, '../../dist/client/_astro');
const WORTH = /\.(js|css|svg|json|map|txt)$/;
let files = 0;
let raw = 0;
let brotli = 0;
for (const name of fs.existsSync(dir) ? fs.readdirSync(dir) : []) {
  if (!WORTH.test(name)) continue;
  const body = fs.readFileSync(path.join(dir, name));
  if (body.length < 1024) continue;
  const br = zlib.brotliCompressSync(body, {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length,
    },
  });
  fs.writeFileSync(path.join(dir, `${name}.br`), br);
  fs.writeFileSync(path.join(dir, `${name}.gz`), zlib.gzipSync(body, { level: 9 }));
  files += 1;
  raw += body.length;
  brotli += br.length;
}
console.log(`precompress: ${files} assets, ${raw} bytes → ${brotli} bytes with brotli`);
