/**
 * The drill path: practice in short steps before full builds, like an academy's practice
 * progression. Level 1 are small patches (spacing and randomness on their own), level 2
 * segments (a temple point, part of the whorl, the scar border), level 3 the full templates
 * (worked in their sessions). A level opens once the trainee has passed a canvas of the level
 * before it (levels without templates are skipped). Each template also says beforehand about
 * how much work it is.
 */
import { areaOf } from './geometry.ts';
import { NATURAL_DENSITY_FACTOR } from './metrics.ts';
import { templateLevel, type Template } from './template.ts';

/** The levels of the drill path, in order. */
export const DRILL_LEVELS = [
  { level: 1, name: 'Small patches', summary: 'Spacing and randomness on a small square, in one short sitting.' },
  { level: 2, name: 'Segments', summary: 'Part of a build: a temple point, part of the whorl, the scar border.' },
  { level: 3, name: 'Full templates', summary: 'A whole hairline, crown, top or scar, built in sessions.' },
] as const;

/** Seconds a careful trainee takes per impression (placing, looking, correcting). */
export const SECONDS_PER_IMPRESSION = 2;

/** How much work a canvas is: impressions a finished canvas holds and the minutes that takes. */
export interface WorkEstimate {
  impressions: number;
  minutes: number;
}

/**
 * About how many impressions a finished canvas of the template holds — the count the score's
 * density judges against (natural work at the target spacing: 0.72 × area ÷ spacing²) — and
 * how long that takes.
 */
export function estimateWork(t: Pick<Template, 'region' | 'holes' | 'targetSpacingMm'>): WorkEstimate {
  const impressions = Math.round((NATURAL_DENSITY_FACTOR * areaOf(t)) / (t.targetSpacingMm * t.targetSpacingMm));
  return { impressions, minutes: Math.max(1, Math.round((impressions * SECONDS_PER_IMPRESSION) / 60)) };
}

/** A level's state for one trainee. */
export interface LevelState {
  level: number;
  name: string;
  summary: string;
  templates: Template[];
  /** The trainee has passed a canvas of this level. */
  passed: boolean;
  /** Open to practise (level 1 always; later levels once the level before is passed). */
  open: boolean;
  /** The level whose pass opens this one (null for the first). */
  after: number | null;
}

/**
 * The path for a trainee: every level that has templates, in order, with whether it is
 * passed and open. `passedTemplates` holds the ids of templates the trainee has a passing
 * submitted canvas on.
 */
export function drillPath(templates: readonly Template[], passedTemplates: ReadonlySet<string>): LevelState[] {
  const levels: LevelState[] = [];
  for (const l of DRILL_LEVELS) {
    const own = templates.filter((t) => templateLevel(t) === l.level);
    if (!own.length) continue;
    const before = levels[levels.length - 1] ?? null;
    levels.push({
      ...l,
      templates: own,
      passed: own.some((t) => passedTemplates.has(t.id)),
      open: before === null || before.passed,
      after: before?.level ?? null,
    });
  }
  return levels;
}
