/**
 * Rendered HTML kept by key for the life of the built server: for parts of a page that are the
 * same for every reader and fixed at build (a lesson's MDX body). `src/components/CachedHtml.astro`
 * uses it. The dev server keeps nothing, so edits show.
 */
const kept = new Map<string, string>();

/** The HTML kept under `key`, or undefined (always undefined outside the built server). */
export function keptHtml(key: string): string | undefined {
  return import.meta.env.PROD ? kept.get(key) : undefined;
}

/** Keeps `html` under `key` (in the built server). */
export function keepHtml(key: string, html: string): void {
  if (import.meta.env.PROD) kept.set(key, html);
}
