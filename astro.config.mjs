// @ts-check
import { defineConfig } from 'astro/config';
import node from '@astrojs/node';
import mdx from '@astrojs/mdx';
import { fileURLToPath } from 'node:url';

/**
 * Astro's page map (`virtual:astro:pages`) loads a route's module with `() => import(…)` on every
 * request; a repeated dynamic import still goes through Node's module loader (resolve, module-job
 * lookup), a few % of a page's CPU. In the build, each import is made once and its promise kept.
 */
function pageImportsOnce() {
  return {
    name: 'stipple:page-imports-once',
    apply: /** @type {const} */ ('build'),
    transform: {
      filter: { id: /^\0virtual:astro:pages$/ },
      /** @param {string} code */
      handler(code) {
        if (!code.includes('= () => import(')) return null;
        const once =
          'const __importOnce = (load) => { let kept; return () => (kept ??= load().catch((e) => { kept = undefined; throw e; })); };\n';
        return {
          code:
            once +
            code
              .replaceAll('= () => import(', '= __importOnce(() => import(')
              .replace(/import\(("[^"]*")\);/g, 'import($1));'),
          map: null,
        };
      },
    },
  };
}

/**
 * Astro encodes a rendered page with `TextEncoder`, which V8 runs character by character on a
 * two-byte string — and one dash or curly quote makes the whole page one (a fifth of a lesson
 * request's CPU). In the build, that one call (the whole-page body in `renderPage`) goes to
 * `src/server/utf8.ts`, which gives the same bytes. Should Astro's code change shape, the build
 * warns and keeps Astro's own encoding.
 */
function fastPageEncoding() {
  const target = 'body = encoder.encode(body);';
  const helper = JSON.stringify(fileURLToPath(new URL('./src/server/utf8.ts', import.meta.url)));
  return {
    name: 'stipple:fast-page-encoding',
    apply: /** @type {const} */ ('build'),
    transform: {
      filter: { id: /astro\/dist\/runtime\/server\/render\/page\.js$/ },
      /**
       * @this {{ warn(message: string): void }}
       * @param {string} code
       */
      handler(code) {
        if (!code.includes(target)) {
          this.warn(`stipple:fast-page-encoding: "${target}" not found; pages keep Astro's own encoding.`);
          return null;
        }
        return {
          code:
            `import { encodeUtf8 as __stippleEncodeUtf8 } from ${helper};\n` +
            code.replace(target, 'body = __stippleEncodeUtf8(body);'),
          map: null,
        };
      },
    },
  };
}

// Server-rendered academy: every page is rendered on demand so it can check the session.
export default defineConfig({
  output: 'server',
  // `middleware`: src/cli/serve.ts serves the handler from its own server (graceful stop) and the
  // static files itself (src/server/static-files.ts), so page routes skip the adapter's file lookup.
  // No streaming: the production filter collects each page whole (CSP hashes, compression, length).
  adapter: node({ mode: 'middleware', bodySizeLimit: 4 * 1024 * 1024, experimentalDisableStreaming: true }),
  integrations: [mdx()],
  server: { host: '127.0.0.1', port: 4321 },
  // Our own origin check (src/lib/auth/origin.ts) runs in middleware for every unsafe method,
  // including JSON endpoints; Astro's built-in one only covers form content types.
  security: { checkOrigin: false },
  devToolbar: { enabled: false },
  // Sign-in sessions are our own (src/server/sessions.ts); Astro's session storage is unused.
  session: false,
  vite: {
    plugins: [pageImportsOnce(), fastPageEncoding()],
    // drizzle-orm is bundled: imported from node_modules, each of its ~150 modules made Node re-read
    // its 179 KB package.json (exports map), ~150 MB of garbage that stayed in the server's RSS.
    ssr: { noExternal: ['drizzle-orm'] },
    build: {
      rolldownOptions: {
        // Every MDX module starts with Astro's own "use astro:head-inject" directive, which the
        // bundler reports as not preserved; Astro handles head injection itself. Other warnings pass.
        onwarn(warning, warn) {
          if (warning.code === 'MODULE_LEVEL_DIRECTIVE' && warning.message.includes('"use astro:head-inject"')) return;
          warn(warning);
        },
      },
    },
  },
});
