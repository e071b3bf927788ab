/**
 * Where the built bundle leaves its scorer warm-up (`scorer-warmup.ts`, loaded with the
 * middleware) for the production start (`src/cli/serve.ts`), which is compiled apart and must
 * not load a second scorer of its own: a function on `globalThis` under one symbol.
 */

/** What a warm-up did. */
export interface WarmupReport {
  rastersLoaded: number;
  templates: number;
  ms: number;
}

/** The symbol the warm-up is registered under. */
export const WARMUP_HOOK = Symbol.for('stipple.scorer-warmup');

/** Registers the bundle's warm-up. */
export function registerWarmup(warm: () => Promise<WarmupReport>): void {
  (globalThis as { [WARMUP_HOOK]?: () => Promise<WarmupReport> })[WARMUP_HOOK] = warm;
}

/** Runs the bundle's warm-up if the bundle has registered one (after its middleware loaded), else null. */
export function runScorerWarmup(): Promise<WarmupReport> | null {
  return (globalThis as { [WARMUP_HOOK]?: () => Promise<WarmupReport> })[WARMUP_HOOK]?.() ?? null;
}
