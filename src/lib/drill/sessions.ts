/**
 * Multi-session builds. Real SMP is built in 2–4 sessions: an even foundation at a
 * quarter to a half of the final density (up to about twice the final spacing), then
 * filling between, then refining and softening. Each template states its plan (or gets
 * its family's default); scoring "as the end of session k" judges the canvas against
 * that session's density and spacing, and the last session as finished work.
 */
import type { SessionStep, Template, TemplateFamily } from './template.ts';

const FOUNDATION = 'an even, sparse layer over the whole area, about twice the final spacing';
const FILL = 'fill between the healed impressions, never on top of them';
const REFINE = 'refine to the final density and soften the edges';

/** Default plans per template family. */
export const DEFAULT_SESSION_PLANS: Record<TemplateFamily, SessionStep[]> = {
  hairline: [
    { name: 'Foundation', density: 0.35, goal: FOUNDATION },
    { name: 'Fill', density: 0.7, goal: FILL },
    { name: 'Refine', density: 1, goal: `${REFINE}; fade the hairline softly and irregularly` },
  ],
  crown: [
    { name: 'Foundation', density: 0.35, goal: FOUNDATION },
    { name: 'Fill', density: 0.7, goal: FILL },
    { name: 'Refine', density: 1, goal: REFINE },
  ],
  top: [
    { name: 'Foundation', density: 0.4, goal: FOUNDATION },
    { name: 'Fill and refine', density: 1, goal: `${FILL}, to the final density` },
  ],
  scar: [
    { name: 'Foundation', density: 0.35, goal: FOUNDATION },
    { name: 'Fill', density: 0.7, goal: FILL },
    { name: 'Refine', density: 1, goal: `${REFINE}; blend into the surrounding hair` },
  ],
};

/** The template's session plan. */
export function sessionPlan(t: Template): SessionStep[] {
  return t.sessions ?? DEFAULT_SESSION_PLANS[t.family];
}

/** What "the end of session k" asks for. */
export interface SessionTarget {
  /** 1-based session number. */
  session: number;
  of: number;
  name: string;
  goal: string;
  /** Share of the finished density. */
  density: number;
  /** Spacing natural work at that density has: s / √density. */
  spacingMm: number;
  /** The last session: finished work, with the hairline judged. */
  final: boolean;
}

/** The target at the end of session k (1-based; clamped to the plan); the last session when k is absent. */
export function sessionTarget(t: Template, k?: number): SessionTarget {
  const plan = sessionPlan(t);
  const i = Math.max(1, Math.min(plan.length, Math.round(k ?? plan.length))) - 1;
  const step = plan[i]!;
  return {
    session: i + 1,
    of: plan.length,
    name: step.name,
    goal: step.goal,
    density: step.density,
    spacingMm: t.targetSpacingMm / Math.sqrt(step.density),
    final: i === plan.length - 1,
  };
}

/**
 * The template as judged at the end of a session: the session's spacing, and (before the
 * last session) no hairline to fade yet.
 */
export function templateForSession(t: Template, target: SessionTarget): Template {
  if (target.final) return t;
  const { hairlineEdge: _edge, ...rest } = t;
  return { ...rest, targetSpacingMm: target.spacingMm };
}
