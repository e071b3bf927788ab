/**
 * The layer rules of DESIGN.md as a checker over source text: which files may import what.
 * Pure (no file system) so its own tests can feed it in-memory samples; the architecture
 * test feeds it the real tree.
 *
 * - pages, components, layouts: no `drizzle-orm`, `better-sqlite3` or anything in `db/`
 *   (they reach data through `src/server` services);
 * - `src/lib`: no `src/server`, `src/client`, `db/`, `astro`/`astro:*`, database drivers,
 *   Node built-ins, and no I/O calls (`fetch`, `XMLHttpRequest`, `WebSocket`, `process.env`, `require`);
 * - `src/client`: no `src/server`, `db/`, database drivers or Node built-ins.
 */
import path from 'node:path';

/** A source file: repository-relative path (forward slashes) and its text. */
export interface SourceFile {
  path: string;
  text: string;
}

/** One broken rule: the file, what it reached for, and why that is not allowed. */
export interface Violation {
  file: string;
  target: string;
  rule: string;
}

/** The layers the rules speak about (`other`: db/, src/server, src/cli, … — not checked here). */
export type Layer = 'ui' | 'lib' | 'client' | 'other';

/** Which layer a repository-relative path belongs to. */
export function layerOf(file: string): Layer {
  if (/^src\/(pages|components|layouts)\//.test(file)) return 'ui';
  if (file.startsWith('src/lib/')) return 'lib';
  if (file.startsWith('src/client/')) return 'client';
  return 'other';
}

const IMPORT_PATTERNS = [
  /\bimport\s+(?:type\s+)?[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g, // import x from 'y'
  /\bexport\s+(?:type\s+)?[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g, // export { x } from 'y'
  /\bimport\s*['"]([^'"]+)['"]/g, // import 'y'
  /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g, // import('y')
];

/** Text without comments (roughly: enough that a comment mentioning `fetch(` is not a call). */
export function stripComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

/** Every module specifier a file imports or re-exports, statically or dynamically. */
export function importsOf(text: string): string[] {
  const code = stripComments(text);
  const out = new Set<string>();
  for (const re of IMPORT_PATTERNS) for (const m of code.matchAll(re)) out.add(m[1]!);
  return [...out];
}

/** A specifier as the thing it names: a repository-relative path for relative imports, else the package. */
export function resolveSpecifier(file: string, specifier: string): string {
  if (!specifier.startsWith('.')) return specifier;
  return path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier));
}

const NODE_BUILTINS = new Set([
  'fs',
  'fs/promises',
  'net',
  'http',
  'https',
  'http2',
  'child_process',
  'dgram',
  'dns',
  'tls',
  'os',
  'path',
  'worker_threads',
  'cluster',
  'readline',
  'process',
  'crypto',
  'stream',
]);
const isNodeBuiltin = (t: string) => t.startsWith('node:') || NODE_BUILTINS.has(t);
const isDatabaseDriver = (t: string) => /^(drizzle-orm|better-sqlite3)(\/|$)/.test(t);
const inDir = (t: string, dir: string) => t === dir || t.startsWith(`${dir}/`);
const isAstro = (t: string) => t === 'astro' || t.startsWith('astro:') || t.startsWith('astro/');

type ImportRule = { rule: string; forbids: (target: string) => boolean };

const IMPORT_RULES: Record<Exclude<Layer, 'other'>, ImportRule[]> = {
  ui: [
    { rule: 'pages, components and layouts reach the database only through src/server', forbids: isDatabaseDriver },
    { rule: 'pages, components and layouts do not import db/ (schema or client)', forbids: (t) => inDir(t, 'db') },
  ],
  lib: [
    { rule: 'src/lib does not import src/server', forbids: (t) => inDir(t, 'src/server') },
    { rule: 'src/lib does not import src/client', forbids: (t) => inDir(t, 'src/client') },
    { rule: 'src/lib does not import db/', forbids: (t) => inDir(t, 'db') },
    { rule: 'src/lib does not import astro or astro:*', forbids: isAstro },
    { rule: 'src/lib does no I/O: no database driver', forbids: isDatabaseDriver },
    { rule: 'src/lib does no I/O: no Node built-in modules', forbids: isNodeBuiltin },
  ],
  client: [
    { rule: 'src/client does not import src/server', forbids: (t) => inDir(t, 'src/server') },
    { rule: 'src/client does not import db/', forbids: (t) => inDir(t, 'db') },
    { rule: 'src/client does not import a database driver', forbids: isDatabaseDriver },
    { rule: 'src/client does not import Node built-in modules', forbids: isNodeBuiltin },
  ],
};

/** Calls that mean I/O in otherwise plain code. */
const LIB_IO_CALLS: Array<{ name: string; pattern: RegExp }> = [
  { name: 'fetch()', pattern: /(?<![\w.$])fetch\s*\(/ },
  { name: 'XMLHttpRequest', pattern: /\bXMLHttpRequest\b/ },
  { name: 'WebSocket', pattern: /\bnew\s+WebSocket\b/ },
  { name: 'process.env', pattern: /\bprocess\.env\b/ },
  { name: 'require()', pattern: /(?<![\w.$])require\s*\(/ },
];

/** Every rule a set of source files breaks (none means the layers hold). */
export function layerViolations(files: SourceFile[]): Violation[] {
  const out: Violation[] = [];
  for (const f of files) {
    const layer = layerOf(f.path);
    if (layer === 'other') continue;
    for (const spec of importsOf(f.text)) {
      const target = resolveSpecifier(f.path, spec);
      for (const r of IMPORT_RULES[layer]) if (r.forbids(target)) out.push({ file: f.path, target, rule: r.rule });
    }
    if (layer === 'lib') {
      const code = stripComments(f.text);
      for (const io of LIB_IO_CALLS)
        if (io.pattern.test(code)) out.push({ file: f.path, target: io.name, rule: 'src/lib does no I/O' });
    }
  }
  return out;
}
