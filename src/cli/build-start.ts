/**
 * Part of `npm run build`: compiles the production start (`src/cli/serve.ts`: settings,
 * database preparation, the cluster, the HTTP server around the Astro bundle) to plain
 * JavaScript in `dist/cli/serve.mjs`, which `npm run serve` runs. So a serving process loads no
 * TypeScript sources, and drizzle-orm is bundled as in the Astro build (from node_modules, each
 * of its modules made Node re-read its 179 KB package.json: ~150 MB of RSS). The demo seed is
 * a separate chunk, loaded only to seed an empty database.
 */
import fs from 'node:fs';
import { build } from 'esbuild';

const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const external = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies })
  .filter((name) => name !== 'drizzle-orm')
  .flatMap((name) => [name, `${name}/*`]);

fs.rmSync('dist/cli', { recursive: true, force: true });
await build({
  entryPoints: ['src/cli/serve.ts'],
  bundle: true,
  splitting: true,
  platform: 'node',
  format: 'esm',
  target: 'node24',
  outdir: 'dist/cli',
  outExtension: { '.js': '.mjs' },
  external,
  logLevel: 'warning',
});
console.log('build-start: dist/cli/serve.mjs');
