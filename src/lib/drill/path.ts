/**
 * The drill path: practice in short steps before full builds, like an academy's practice
 * progression. Level 1 are small patches (spacing and randomness on their own), level 2
 * segments (a temple point, part of the whorl, the scar border), level 3 the full templates
 * (worked in their sessions). A level opens once an instructor has passed one of the trainee's
 * canvases of the level before it (levels without templates are skipped); staff are never
 * locked. The same rule (`drillLock`) serves the drill pages and the drill API. Each template
 * also says beforehand about how much work it is.
 */
import type { Role } from '../auth/roles.ts';
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
  /** An instructor has passed one of the trainee's canvases of this level. */
  passed: boolean;
  /** Open to practise (level 1 always; later levels once the level before is passed). */
  open: boolean;
  /** The level whose pass opens this one (null for the first). */
  after: number | null;
}

/**
 * The path for a trainee: every level that has templates, in order, with whether it is
 * passed and open. `passedTemplates` holds the ids of templates on which an instructor has
 * passed one of the trainee's canvases (the current review's verdict), in the academy at hand.
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

/** Why a template is closed to a trainee: its level, and the level to pass first with its templates. */
export interface DrillLock {
  level: number;
  levelName: string;
  after: number;
  afterName: string;
  /** The templates of the level to pass first. */
  passFirst: Template[];
  /** One or two sentences for the trainee (also the API's refusal). */
  message: string;
}

/** Whether the drill path locks this role at all: trainees work it in order, staff are never locked. */
export function pathLocks(role: Role): boolean {
  return role === 'trainee';
}

/**
 * The one lock rule of the drill path: null when `role` may open, save and submit canvases on
 * `template`, else why not. A trainee may work a template once its level is open (see
 * `drillPath`: the level before it has a template on which an instructor passed one of their
 * canvases); staff are not locked.
 */
export function drillLock(
  templates: readonly Template[],
  template: Template,
  passedTemplates: ReadonlySet<string>,
  role: Role,
): DrillLock | null {
  if (!pathLocks(role)) return null;
  const path = drillPath(templates, passedTemplates);
  const i = path.findIndex((l) => l.level === templateLevel(template));
  const level = path[i];
  if (!level || level.open) return null;
  const before = path[i - 1]!;
  const names = before.templates.map((t) => `“${t.name}”`).join(' or ');
  return {
    level: level.level,
    levelName: level.name,
    after: before.level,
    afterName: before.name,
    passFirst: before.templates,
    message:
      `“${template.name}” is on level ${level.level} (${level.name}) of the drill path, which opens once an ` +
      `instructor has passed one of your level ${before.level} (${before.name}) canvases. Pass level ${before.level} first: ${names}.` +
      (before.open ? '' : ` Level ${before.level} itself opens after level ${before.after}.`),
  };
}
