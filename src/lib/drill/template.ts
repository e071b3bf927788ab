/**
 * Scalp templates for the canvas drill: geometry in millimetres, validated by one zod
 * schema shared by the content collection (src/content.config.ts), the server and the CLI.
 */
import { z } from 'zod';

// zod 4 numbers reject Infinity and NaN already.
const point = z.tuple([z.number(), z.number()]);
const ring = z.array(point).min(3, 'A polygon needs at least three corners.');

/** The kinds of template (each has a default session plan and rubric). */
export const TEMPLATE_FAMILIES = ['hairline', 'crown', 'top', 'scar'] as const;
/** One of TEMPLATE_FAMILIES. */
export type TemplateFamily = (typeof TEMPLATE_FAMILIES)[number];

/** One session of a multi-session build: what the canvas should hold at its end. */
export const sessionSchema = z.object({
  /** What the session is for: "Foundation", "Fill", "Refine". */
  name: z.string().min(1),
  /** Density at the end of the session as a share of the finished density (the last session is 1). */
  density: z.number().min(0.1).max(1),
  /** One line telling the trainee what to do in this session. */
  goal: z.string().min(1),
});

/** One step of a template's session plan. */
export type SessionStep = z.output<typeof sessionSchema>;

/** The zod schema of a template's JSON (content/templates/<id>.json). */
export const templateSchema = z
  .object({
    name: z.string().min(1),
    summary: z.string().min(1),
    family: z.enum(TEMPLATE_FAMILIES),
    /**
     * Where the template sits on the drill path: 1 small patches, 2 segments (a temple point,
     * part of the whorl, the scar border), 3 full templates. Full templates when absent.
     */
    level: z.number().int().min(1).max(3).default(3),
    /** Bumped whenever the geometry changes, so stored attempts stay tied to what they were drawn on. */
    version: z.number().int().positive(),
    /** Canvas size in millimetres. */
    width: z.number().positive().max(400),
    height: z.number().positive().max(400),
    /** The treatment area: where impressions belong. */
    region: ring,
    /** Areas inside the region to work around (a scar, a mole). */
    holes: z.array(ring).default([]),
    /** Centre-to-centre distance between neighbouring impressions the academy wants here. */
    targetSpacingMm: z.number().min(0.3).max(10),
    /** Default impression diameter (needle) for this zone. */
    impressionDiameterMm: z.number().min(0.1).max(2),
    /** The front edge, where density must fade softly and irregularly. */
    hairlineEdge: z.array(point).min(2).optional(),
    /** Named places used to say where a problem is ("gap near the left temple"). */
    landmarks: z.array(z.object({ name: z.string().min(1), x: z.number(), y: z.number() })).default([]),
    /** An outline drawn under the canvas (SVG path data, in millimetres) for context. */
    outline: z.string().optional(),
    /** The session plan (2–4 sessions, density rising to 1); the family's default when absent. */
    sessions: z.array(sessionSchema).min(1).max(4).optional(),
  })
  .superRefine((t, ctx) => {
    if (t.sessions) {
      const d = t.sessions.map((x) => x.density);
      if (d.some((v, i) => i > 0 && v <= d[i - 1]!))
        ctx.addIssue({
          code: 'custom',
          path: ['sessions'],
          message: 'Session densities must rise from one session to the next.',
        });
      if (d[d.length - 1] !== 1)
        ctx.addIssue({
          code: 'custom',
          path: ['sessions'],
          message: 'The last session is finished work: its density must be 1.',
        });
    }
    const inside = ([x, y]: [number, number]) => x >= 0 && y >= 0 && x <= t.width && y <= t.height;
    const all = [...t.region, ...t.holes.flat(), ...(t.hairlineEdge ?? [])];
    if (!all.every(inside))
      ctx.addIssue({ code: 'custom', message: 'Every point must lie on the canvas (0…width, 0…height).' });
  });

/** A template's JSON after validation. */
export type TemplateData = z.output<typeof templateSchema>;
/** A validated template with its id (the file name). */
export type Template = TemplateData & { id: string };

/** The template's level on the drill path (`level`, or 3, the full templates, when it states none). */
export function templateLevel(t: Pick<TemplateData, 'level'>): number {
  return t.level ?? 3;
}

/** Needles a trainee can choose: each gives an impression of a typical diameter. */
export const NEEDLES = [
  { id: '1rl-020', label: '1RL 0.20 mm (micro)', diameterMm: 0.2 },
  { id: '1rl-025', label: '1RL 0.25 mm (fine)', diameterMm: 0.25 },
  { id: '1rl-030', label: '1RL 0.30 mm (standard)', diameterMm: 0.3 },
  { id: '1rl-035', label: '1RL 0.35 mm (bold)', diameterMm: 0.35 },
  { id: '3rl-050', label: '3RL 0.50 mm (scar fill)', diameterMm: 0.5 },
] as const;

/** What a template id may look like (also guards file paths). */
export const TEMPLATE_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** Validates template JSON; throws a ZodError naming the bad field. */
export function parseTemplate(id: string, data: unknown): Template {
  return { id, ...templateSchema.parse(data) };
}
