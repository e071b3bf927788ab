import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  importsOf,
  layerOf,
  layerViolations,
  resolveSpecifier,
  stripComments,
  type SourceFile,
} from '../support/architecture.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

function sourceFiles(dir: string): SourceFile[] {
  return fs
    .readdirSync(path.join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.(ts|astro|mjs|js|mdx)$/.test(e.name))
    .map((e) => {
      const abs = path.join(e.parentPath, e.name);
      return { path: path.relative(ROOT, abs).split(path.sep).join('/'), text: fs.readFileSync(abs, 'utf8') };
    });
}

describe('the layers of the real source tree', () => {
  const files = ['src/pages', 'src/components', 'src/layouts', 'src/lib', 'src/client'].flatMap(sourceFiles);

  it('reads every layer (the scan itself is not empty)', () => {
    for (const layer of ['ui', 'lib', 'client'] as const)
      expect(files.filter((f) => layerOf(f.path) === layer).length).toBeGreaterThan(3);
    expect(files.some((f) => f.path === 'src/pages/join.astro')).toBe(true);
  });

  it('holds: pages never touch the database directly, src/lib and src/client stay out of the server', () => {
    expect(layerViolations(files)).toEqual([]);
  });

  it('keeps zod out of the drill page: its static imports and its score worker never reach it (the JS budget, issue 14)', () => {
    // Value imports only: `import type` vanishes from the build; dynamic imports load on demand.
    const valueImports = (text: string) =>
      [
        ...stripComments(text).matchAll(
          /^\s*(?:import(?!\s+type\s)[^'"]*?from\s*|import\s*|export\s+(?!type\s)[^'"]*?from\s*)['"]([^'"]+)['"]/gm,
        ),
        ...stripComments(text).matchAll(/new Worker\(\s*new URL\(\s*['"]([^'"]+)['"]/g),
      ].map((m) => m[1]!);
    const reached = new Set<string>();
    const queue = ['src/client/drill-page.ts'];
    while (queue.length) {
      const file = queue.pop()!;
      if (reached.has(file)) continue;
      reached.add(file);
      if (!file.startsWith('src/')) continue;
      for (const spec of valueImports(fs.readFileSync(path.join(ROOT, file), 'utf8')))
        queue.push(resolveSpecifier(file, spec));
    }
    expect(reached).toContain('src/client/score-worker.ts');
    expect(reached).toContain('konva/lib/Stage');
    expect([...reached].filter((f) => f === 'zod' || f.startsWith('zod/'))).toEqual([]);
  });

  it('keeps db/ free of services (no cycle between db/ and src/server)', () => {
    const db = sourceFiles('db').filter((f) => f.path.endsWith('.ts'));
    expect(db.map((f) => f.path)).toEqual(expect.arrayContaining(['db/client.ts', 'db/schema.ts']));
    expect(db.map((f) => f.path)).not.toEqual(expect.arrayContaining(['db/seed.ts']));
    expect(db.map((f) => f.path)).not.toEqual(expect.arrayContaining(['db/demo-data.ts']));
    for (const f of db)
      for (const spec of importsOf(f.text)) expect(resolveSpecifier(f.path, spec)).not.toMatch(/^src\/server\//);
  });
});

describe('the layer checker', () => {
  const one = (file: string, text: string) => layerViolations([{ path: file, text }]);

  it('finds imports of every form', () => {
    expect(
      importsOf(`
        import a from 'a';
        import type { B } from "b";
        import {
          c,
          d,
        } from './c.ts';
        import './side-effect.css';
        export { e } from '../e.ts';
        const f = await import('f');
        // import g from 'commented-out';
      `).sort(),
    ).toEqual(['../e.ts', './c.ts', './side-effect.css', 'a', 'b', 'f']);
  });

  it('flags a page that imports drizzle-orm or the schema', () => {
    const page = `---\nimport { eq } from 'drizzle-orm';\nimport { users } from '../../../db/schema.ts';\n---\n<p>x</p>`;
    const v = one('src/pages/academy/x.astro', page);
    expect(v.map((x) => x.target)).toEqual(['drizzle-orm', 'db/schema.ts']);
  });

  it('flags components and layouts too, and drizzle sub-paths', () => {
    expect(one('src/components/X.astro', `---\nimport { sql } from 'drizzle-orm/sql';\n---`)).toHaveLength(1);
    expect(one('src/layouts/Base.astro', `---\nimport { openDatabase } from '../../db/client.ts';\n---`)).toHaveLength(
      1,
    );
  });

  it('lets pages import services and the domain', () => {
    expect(
      one(
        'src/pages/join.astro',
        `---\nimport { joinAcademy } from '../server/academies.ts';\nimport { z } from 'zod';\nimport { fail } from '../lib/errors.ts';\n---`,
      ),
    ).toEqual([]);
  });

  it('flags src/lib importing the server, db, astro or Node I/O', () => {
    const targets = (text: string) => one('src/lib/drill/x.ts', text).map((v) => v.target);
    expect(targets(`import { getDb } from '../../server/db.ts';`)).toEqual(['src/server/db.ts']);
    expect(targets(`import { users } from '../../../db/schema.ts';`)).toEqual(['db/schema.ts']);
    expect(targets(`import { getCollection } from 'astro:content';`)).toEqual(['astro:content']);
    expect(targets(`import fs from 'node:fs';`)).toEqual(['node:fs']);
    expect(targets(`import net from 'net';`)).toEqual(['net']);
    expect(targets(`import { spawn } from 'node:child_process';`)).toEqual(['node:child_process']);
    expect(targets(`import Database from 'better-sqlite3';`)).toEqual(['better-sqlite3']);
  });

  it('flags I/O calls in src/lib but not a comment that mentions one', () => {
    expect(one('src/lib/x.ts', `export const f = () => fetch('/api');`).map((v) => v.target)).toEqual(['fetch()']);
    expect(one('src/lib/x.ts', `export const p = process.env.HOME;`).map((v) => v.target)).toEqual(['process.env']);
    expect(one('src/lib/x.ts', `// we never fetch('/api') here\n/* process.env */\nexport const x = 1;`)).toEqual([]);
    expect(one('src/lib/x.ts', `export const y = cache.fetch(1);`)).toEqual([]);
  });

  it('flags src/client importing the server or db, and allows its own libraries', () => {
    expect(one('src/client/x.ts', `import { getAttempt } from '../server/drill-attempts.ts';`)).toHaveLength(1);
    expect(one('src/client/x.ts', `import { drillAttempts } from '../../db/schema.ts';`)).toHaveLength(1);
    expect(
      one('src/client/x.ts', `import Konva from 'konva';\nimport { scoreDrill } from '../lib/drill/scoring.ts';`),
    ).toEqual([]);
  });

  it('leaves other layers alone (services may use the database)', () => {
    expect(one('src/server/x.ts', `import { eq } from 'drizzle-orm';\nimport fs from 'node:fs';`)).toEqual([]);
  });
});
