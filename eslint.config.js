// @ts-check
// ESLint flat config: ESLint's and typescript-eslint's recommended rules for TypeScript, JavaScript
// and the frontmatter/scripts of Astro files, plus eslint-plugin-astro's recommended rules.
// Not type-aware: typescript-eslint's type-checked rules took ~30 s here, and `astro check`
// (`npm test`) already type-checks everything. Formatting is Prettier's job: `npm run lint` runs
// `prettier --check` after ESLint, `npm run format` rewrites.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import astro from 'eslint-plugin-astro';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import stipple from './lint/require-export-doc.js';

export default defineConfig(
  {
    // Not ours to lint: build output, Astro's generated types, data, SQL migrations, course content, static files.
    ignores: ['dist/', '.astro/', 'data/', 'node_modules/', 'db/migrations/', 'content/', 'public/', 'test-results/'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...astro.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // `_name` marks a parameter or binding that is there on purpose.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
    },
  },
  {
    // The scorer's and the canvas's hot loops update two values under one condition as a comma
    // sequence, `if (d < best) ((best = d), (idx = i));`: deliberate, not an unused expression.
    files: ['src/lib/drill/**/*.ts', 'src/client/drill-canvas.ts'],
    rules: { '@typescript-eslint/no-unused-expressions': 'off' },
  },
  {
    // A doc comment on every export of the layered code.
    files: ['src/lib/**/*.ts', 'src/server/**/*.ts', 'src/client/**/*.ts'],
    plugins: { stipple },
    rules: { 'stipple/require-export-doc': 'error' },
  },
);
