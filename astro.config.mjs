// @ts-check
import { defineConfig } from 'astro/config';
import node from '@astrojs/node';
import mdx from '@astrojs/mdx';

// Server-rendered academy: every page is rendered on demand so it can check the session.
export default defineConfig({
  output: 'server',
  adapter: node({ mode: 'standalone', bodySizeLimit: 4 * 1024 * 1024 }),
  integrations: [mdx()],
  server: { host: '127.0.0.1', port: 4321 },
  // Our own origin check (src/lib/auth/origin.ts) runs in middleware for every unsafe method,
  // including JSON endpoints; Astro's built-in one only covers form content types.
  security: { checkOrigin: false },
  devToolbar: { enabled: false },
  // Sign-in sessions are our own (src/server/sessions.ts); Astro's session storage is unused.
  session: false,
  vite: {
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
