/**
 * Rubrics: the criteria an instructor grades a canvas on, each with level descriptors
 * (1 = not yet … 4 = excellent). Every template family has sensible defaults; an academy
 * admin can adjust labels, descriptions and levels, switch criteria off, or add their own.
 */
import { z } from 'zod';
import { TEMPLATE_FAMILIES, type TemplateFamily } from '../drill/template.ts';

/** Every rubric criterion is graded on this many levels, 1 (weakest) to LEVELS. */
export const LEVELS = 4;

/** One rubric criterion: id, name, description and a description of each level. */
export const criterionSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]{1,40}$/, 'criterion ids are lower-case words joined by hyphens'),
  label: z.string().trim().min(1, 'Give every criterion a name.').max(60, 'Keep criterion names under 60 characters.'),
  description: z.string().trim().max(300, 'Keep descriptions under 300 characters.'),
  levels: z
    .array(z.string().trim().min(1, 'Describe every level.').max(200, 'Keep level descriptions under 200 characters.'))
    .length(LEVELS, `Each criterion has ${LEVELS} levels.`),
});

/** A rubric: 1 to 12 criteria with unique ids. */
export const rubricSchema = z
  .array(criterionSchema)
  .min(1, 'A rubric needs at least one criterion.')
  .max(12, 'A rubric has at most 12 criteria.')
  .superRefine((cs, ctx) => {
    const ids = new Set(cs.map((c) => c.id));
    if (ids.size !== cs.length) ctx.addIssue({ code: 'custom', message: 'Criterion ids must be unique.' });
  });

/** A validated rubric criterion. */
export type Criterion = z.output<typeof criterionSchema>;
/** A validated rubric: its criteria in order. */
export type Rubric = Criterion[];

const lv = (one: string, two: string, three: string, four: string) => [one, two, three, four];

const SPACING: Criterion = {
  id: 'spacing',
  label: 'Spacing',
  description: 'Neighbouring impressions at the target distance; none touching, none isolated.',
  levels: lv(
    'Many clumps or wide gaps between neighbours',
    'Uneven: clumps or gaps in several places',
    'Mostly even with a few close pairs',
    'Consistently at the target spacing',
  ),
};
const RANDOMNESS: Criterion = {
  id: 'randomness',
  label: 'Randomness',
  description: 'No rows, lines, grid or direction the eye can find.',
  levels: lv(
    'Clear rows or grid throughout',
    'Visible lines or a direction in places',
    'Natural with an occasional short line',
    'Irregular and direction-free throughout',
  ),
};
const COVERAGE: Criterion = {
  id: 'coverage',
  label: 'Coverage',
  description: 'The whole zone covered at the intended density, with no bare patches.',
  levels: lv(
    'Large bare areas',
    'Noticeable patches or thin zones',
    'Even with a small thin area',
    'Even density across the zone',
  ),
};
const ARTISTRY: Criterion = {
  id: 'artistry',
  label: 'Overall artistry',
  description: 'Would this read as natural, shaved hair at a normal viewing distance?',
  levels: lv(
    'Reads as a pattern or tattoo',
    'Reads as SMP at a glance',
    'Natural with minor tells',
    'Indistinguishable from a natural shaved scalp',
  ),
};

const DEFAULTS: Record<TemplateFamily, Rubric> = {
  hairline: [
    SPACING,
    RANDOMNESS,
    {
      id: 'hairline-shape',
      label: 'Hairline shape',
      description: 'Front and temples placed for the design; natural recessions; slight asymmetry, not a drawn line.',
      levels: lv(
        'Straight, low or painted-looking',
        'Shape right but the edge is traced',
        'Natural shape with a few hard spots',
        'Natural, age-appropriate shape',
      ),
    },
    {
      id: 'density-gradient',
      label: 'Density gradient',
      description: 'Density fades softly toward the front, with isolated impressions ahead of the line.',
      levels: lv(
        'Full density up to a hard edge',
        'Some fade but a visible front line',
        'Soft fade with minor clustering at the front',
        'Soft, irregular transition zone',
      ),
    },
    COVERAGE,
    ARTISTRY,
  ],
  crown: [
    SPACING,
    RANDOMNESS,
    {
      id: 'whorl',
      label: 'Whorl',
      description: 'No rings, spirals or direction around the whorl; density blends at the centre.',
      levels: lv(
        'Rings or spirals visible',
        'Direction visible in places',
        'Mostly direction-free',
        'Direction-free and well blended',
      ),
    },
    COVERAGE,
    ARTISTRY,
  ],
  top: [
    SPACING,
    RANDOMNESS,
    COVERAGE,
    { ...ARTISTRY, description: 'Does the added density blend with remaining hair without a visible boundary?' },
  ],
  scar: [
    SPACING,
    RANDOMNESS,
    {
      id: 'scar-blend',
      label: 'Scar blending',
      description: 'Work extends past the scar edges so no boundary shows; raised tissue avoided.',
      levels: lv(
        'Scar outline still obvious',
        'Boundary visible in places',
        'Mostly blended',
        'Scar boundary not visible',
      ),
    },
    COVERAGE,
    ARTISTRY,
  ],
};

/** A fresh copy of the built-in rubric of a template family. */
export function defaultRubric(family: TemplateFamily): Rubric {
  return structuredClone(DEFAULTS[family]);
}

export { TEMPLATE_FAMILIES };
export type { TemplateFamily };

/** How each template family is named on the rubric pages. */
export const FAMILY_LABELS: Record<TemplateFamily, string> = {
  hairline: 'Hairline templates',
  crown: 'Crown templates',
  top: 'Top / diffuse thinning templates',
  scar: 'Scar camouflage templates',
};

/** A criterion id from a label typed by an admin: "Blend at temples" → "blend-at-temples". */
export function criterionIdFrom(label: string): string {
  return (
    label
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'criterion'
  );
}

/**
 * The rubric a review of a submission is graded against. A correction keeps the rubric
 * the current review was graded with, so its levels mean the same thing; a first grade
 * uses the academy's rubric for the template family as it is now (asked for only then).
 */
export function applicableRubric(current: { rubric: Rubric } | null, academyRubric: () => Rubric): Rubric {
  return current ? current.rubric : academyRubric();
}
