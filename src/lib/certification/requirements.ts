/**
 * Certification requirements of a program and their evaluation against a trainee's
 * record: lessons, knowledge checks, instructor-passed drills with a minimum automatic
 * score, and current compliance records (e.g. bloodborne-pathogens training).
 */
import { z } from 'zod';

/** The kinds of compliance record a program can require, with their labels. */
export const COMPLIANCE_KINDS = {
  'bloodborne-pathogens': 'Bloodborne pathogens training',
  'first-aid': 'First aid certificate',
  'hepatitis-b-vaccination': 'Hepatitis B vaccination record',
  'business-licence': 'Practitioner / premises licence',
} as const;
/** One key of COMPLIANCE_KINDS. */
export type ComplianceKind = keyof typeof COMPLIANCE_KINDS;
const complianceKind = z.enum(Object.keys(COMPLIANCE_KINDS) as [ComplianceKind, ...ComplianceKind[]], {
  error: 'Unknown compliance record type.',
});

const drillRequirement = z.object({
  templateId: z.string().regex(/^[a-z0-9-]{1,64}$/, 'Choose a template.'),
  count: z.number().int().min(1, 'At least one drill.').max(20, 'At most 20 drills per template.'),
  minScore: z.number().int().min(0, 'Scores run from 0 to 100.').max(100, 'Scores run from 0 to 100.'),
});

/** What a trainee needs for a program's first certificate. */
export const requirementsSchema = z.object({
  /** Every lesson of the course (true) or none. */
  allLessons: z.boolean(),
  /** Every module's knowledge check passed at its pass mark. */
  allChecks: z.boolean(),
  drills: z.array(drillRequirement).max(10),
  compliance: z.array(complianceKind).max(10),
});

/** What a holder needs to renew: recent passed drills and current compliance records. */
export const renewalSchema = z.object({
  /** Instructor-passed drills submitted within the last `withinMonths` months. */
  drills: z.array(drillRequirement).max(10),
  withinMonths: z.number().int().min(1).max(60),
  compliance: z.array(complianceKind).max(10),
});

/** A program's validated first-certificate requirements. */
export type Requirements = z.output<typeof requirementsSchema>;
/** A program's validated renewal requirements. */
export type Renewal = z.output<typeof renewalSchema>;
/** `count` drills on one template, passed by an instructor with an automatic score of at least `minScore`. */
export type DrillRequirement = z.output<typeof drillRequirement>;

/** What the database knows about a trainee, reduced to what requirements look at. */
export interface Evidence {
  lessonsDone: Set<string>;
  checksPassed: Set<string>;
  /** Submitted drills whose current review is "pass". */
  passedDrills: Array<{
    attemptId: number;
    templateId: string;
    total: number;
    submittedAt: Date;
    reviewedBy: string;
    reviewedAt: Date;
  }>;
  compliance: Array<{ kind: string; completedOn: Date; expiresOn: Date | null }>;
}

/** The course's lessons, checks and template names that requirements are counted against. */
export interface CourseShape {
  lessonIds: string[];
  checkIds: string[];
  /** Template id → name, for messages. */
  templateNames: Map<string, string>;
}

/** One requirement, whether it is met, and a short account such as `3 of 16`. */
export interface ChecklistItem {
  kind: 'lessons' | 'checks' | 'drill' | 'compliance';
  label: string;
  met: boolean;
  detail: string;
}

/** A trainee's standing against every requirement of a program. */
export interface Checklist {
  items: ChecklistItem[];
  allMet: boolean;
  /** The drills used to meet the drill requirements (for the credential's evidence). */
  usedDrills: Evidence['passedDrills'];
}

function drillItems(
  reqs: DrillRequirement[],
  drills: Evidence['passedDrills'],
  shape: CourseShape,
  since: Date | null,
  used: Evidence['passedDrills'],
): ChecklistItem[] {
  return reqs.map((r) => {
    const name = shape.templateNames.get(r.templateId) ?? r.templateId;
    const qualifying = drills
      .filter((d) => d.templateId === r.templateId && d.total >= r.minScore && (!since || d.submittedAt >= since))
      .sort((a, b) => b.total - a.total);
    used.push(...qualifying.slice(0, r.count));
    const have = Math.min(qualifying.length, r.count);
    return {
      kind: 'drill' as const,
      label: `${r.count} × ${name} passed by an instructor, score ${r.minScore}+${since ? ' (recent)' : ''}`,
      met: qualifying.length >= r.count,
      detail: `${have} of ${r.count}${qualifying.length ? ` (best ${qualifying[0]!.total})` : ''}`,
    };
  });
}

function complianceItems(kinds: string[], records: Evidence['compliance'], at: Date): ChecklistItem[] {
  return kinds.map((kind) => {
    const label = COMPLIANCE_KINDS[kind as ComplianceKind] ?? kind;
    const current = records
      .filter((r) => r.kind === kind && r.completedOn <= at && (!r.expiresOn || r.expiresOn > at))
      .sort((a, b) => (b.expiresOn?.getTime() ?? Infinity) - (a.expiresOn?.getTime() ?? Infinity))[0];
    const latest = records
      .filter((r) => r.kind === kind)
      .sort((a, b) => b.completedOn.getTime() - a.completedOn.getTime())[0];
    return {
      kind: 'compliance' as const,
      label: `${label} (current)`,
      met: Boolean(current),
      detail: current
        ? current.expiresOn
          ? `valid until ${current.expiresOn.toISOString().slice(0, 10)}`
          : 'no expiry'
        : latest
          ? `expired ${latest.expiresOn?.toISOString().slice(0, 10)}`
          : 'no record',
    };
  });
}

/**
 * Checks a trainee's evidence against a program's first-certificate requirements at `now`; each drill requirement
 * uses the best qualifying drills.
 */
export function evaluateRequirements(reqs: Requirements, ev: Evidence, shape: CourseShape, now: Date): Checklist {
  const items: ChecklistItem[] = [];
  const used: Evidence['passedDrills'] = [];
  if (reqs.allLessons) {
    const done = shape.lessonIds.filter((id) => ev.lessonsDone.has(id)).length;
    items.push({
      kind: 'lessons',
      label: 'All lessons completed',
      met: done === shape.lessonIds.length,
      detail: `${done} of ${shape.lessonIds.length}`,
    });
  }
  if (reqs.allChecks) {
    const passed = shape.checkIds.filter((id) => ev.checksPassed.has(id)).length;
    items.push({
      kind: 'checks',
      label: 'Every knowledge check passed',
      met: passed === shape.checkIds.length,
      detail: `${passed} of ${shape.checkIds.length}`,
    });
  }
  items.push(...drillItems(reqs.drills, ev.passedDrills, shape, null, used));
  items.push(...complianceItems(reqs.compliance, ev.compliance, now));
  return { items, allMet: items.every((i) => i.met), usedDrills: used };
}

/**
 * Checks a holder's evidence against a program's renewal requirements: drills submitted within the last
 * `withinMonths` months and compliance records current at `now`.
 */
export function evaluateRenewal(renewal: Renewal, ev: Evidence, shape: CourseShape, now: Date): Checklist {
  const since = new Date(now);
  since.setUTCMonth(since.getUTCMonth() - renewal.withinMonths);
  const used: Evidence['passedDrills'] = [];
  const items = [
    ...drillItems(renewal.drills, ev.passedDrills, shape, since, used),
    ...complianceItems(renewal.compliance, ev.compliance, now),
  ];
  return { items, allMet: items.every((i) => i.met), usedDrills: used };
}
