/**
 * How well the automatic drill score agrees with instructors: two raters (the score's
 * pass/fail and the instructor's pass/redo) on the same graded attempts, compared by
 * percent agreement and Cohen's κ (Cohen 1960), with the 2×2 confusion table and the
 * attempts on which they disagree. Plain arithmetic, no I/O.
 *
 * κ = (pₒ − pₑ) / (1 − pₑ), where pₒ is the share of attempts with the same verdict and pₑ
 * the share expected by chance from each rater's own pass rate. κ is undefined when
 * pₑ = 1 (both raters gave one and the same verdict to every attempt); it is then reported
 * as undefined with the reason, never computed by dividing by zero.
 */

/** One graded attempt as the agreement sees it: the two verdicts. */
export interface VerdictPair {
  /** The automatic score passed the canvas. */
  autoPass: boolean;
  /** The instructor's (current) verdict was pass; false for redo. */
  instructorPass: boolean;
}

/** The 2×2 table of the two raters' verdicts (counts of attempts). */
export interface ConfusionTable {
  /** Score pass, instructor pass. */
  bothPass: number;
  /** Score pass, instructor redo: the score was more lenient than the instructor. */
  autoPassInstructorRedo: number;
  /** Score fail, instructor pass: the score was stricter than the instructor. */
  autoFailInstructorPass: number;
  /** Score fail, instructor redo. */
  bothFail: number;
}

/** Counts the verdict pairs into a confusion table. */
export function confusionTable(pairs: Iterable<VerdictPair>): ConfusionTable {
  const t: ConfusionTable = { bothPass: 0, autoPassInstructorRedo: 0, autoFailInstructorPass: 0, bothFail: 0 };
  for (const p of pairs) {
    if (p.autoPass && p.instructorPass) t.bothPass++;
    else if (p.autoPass) t.autoPassInstructorRedo++;
    else if (p.instructorPass) t.autoFailInstructorPass++;
    else t.bothFail++;
  }
  return t;
}

/** The number of attempts in a confusion table. */
export function tableTotal(t: ConfusionTable): number {
  return t.bothPass + t.autoPassInstructorRedo + t.autoFailInstructorPass + t.bothFail;
}

/** Percent agreement and Cohen's κ of a confusion table; every share is 0–1. */
export interface AgreementStats {
  /** Number of attempts compared. */
  n: number;
  /** Observed agreement pₒ: share of attempts with the same verdict; null when n = 0. */
  observed: number | null;
  /** Agreement expected by chance pₑ from the two pass rates; null when n = 0. */
  expected: number | null;
  /** Cohen's κ (−1…1); null when undefined (see `kappaUndefined`). */
  kappa: number | null;
  /**
   * Large-sample standard error of κ, √(pₒ(1 − pₒ) / (n(1 − pₑ)²)) (Cohen 1960); null when κ
   * is undefined. A rough guide to how far κ could move with more attempts.
   */
  standardError: number | null;
  /** Why κ is undefined, in words an academy admin understands; null when κ is defined. */
  kappaUndefined: string | null;
  /** The score's share of passes, and the instructors' (0–1); null when n = 0. */
  autoPassRate: number | null;
  instructorPassRate: number | null;
}

/** Percent agreement, Cohen's κ and its standard error from a confusion table. */
export function agreementStats(t: ConfusionTable): AgreementStats {
  const n = tableTotal(t);
  if (n === 0)
    return {
      n,
      observed: null,
      expected: null,
      kappa: null,
      standardError: null,
      kappaUndefined: 'No graded attempts to compare yet.',
      autoPassRate: null,
      instructorPassRate: null,
    };
  const autoPasses = t.bothPass + t.autoPassInstructorRedo;
  const instructorPasses = t.bothPass + t.autoFailInstructorPass;
  const observed = (t.bothPass + t.bothFail) / n;
  const autoPassRate = autoPasses / n;
  const instructorPassRate = instructorPasses / n;
  const expected = autoPassRate * instructorPassRate + (1 - autoPassRate) * (1 - instructorPassRate);
  const base = { n, observed, expected, autoPassRate, instructorPassRate };
  // pₑ = 1 exactly when both raters gave every attempt the same single verdict; decided on
  // the counts, so no rounding can slip a division by (almost) zero through.
  const allPass = autoPasses === n && instructorPasses === n;
  const allFail = autoPasses === 0 && instructorPasses === 0;
  if (allPass || allFail)
    return {
      ...base,
      kappa: null,
      standardError: null,
      kappaUndefined: `Score and instructors ${allPass ? 'passed' : 'failed'} every attempt, so agreement cannot be told apart from chance: κ is undefined until both verdicts occur.`,
    };
  const kappa = (observed - expected) / (1 - expected);
  const standardError = Math.sqrt((observed * (1 - observed)) / (n * (1 - expected) ** 2));
  return { ...base, kappa, standardError, kappaUndefined: null };
}

/** A band of the Landis & Koch (1977) scale for κ: it holds κ up to and including `upTo`. */
export interface KappaBand {
  upTo: number;
  label: string;
}

/**
 * The Landis & Koch (1977) bands: poor below 0, slight up to 0.20, fair up to 0.40,
 * moderate up to 0.60, substantial up to 0.80, almost perfect above. A convention, not a
 * test. κ of exactly 0 is chance level and is read as poor here.
 */
export const LANDIS_KOCH: readonly KappaBand[] = [
  { upTo: 0, label: 'poor' },
  { upTo: 0.2, label: 'slight' },
  { upTo: 0.4, label: 'fair' },
  { upTo: 0.6, label: 'moderate' },
  { upTo: 0.8, label: 'substantial' },
  { upTo: Infinity, label: 'almost perfect' },
];

/**
 * The Landis & Koch label of a κ value, judged on κ rounded to two decimals as shown
 * (0.2 slight, 0.21 fair, 0.6 moderate, 0.61 substantial; 0 and below poor).
 */
export function kappaBand(kappa: number): string {
  const k = Math.round(kappa * 100) / 100;
  return LANDIS_KOCH.find((b) => k <= b.upTo)!.label;
}

/** Minimum number of attempts below which a reading warns that κ is still uncertain. */
export const FEW_ATTEMPTS = 20;

/**
 * A plain-words reading of the statistics for an academy admin, e.g. "Fair agreement
 * (Landis & Koch reading of κ): the score and instructors gave the same verdict on 35 of 50
 * attempts." Says why when κ is undefined or pinned at 0 by a rater who never varies, says
 * so when the two agree less often than chance, and warns when there are few attempts.
 */
export function describeAgreement(s: AgreementStats, t: ConfusionTable): string {
  if (s.n === 0 || s.observed === null) return 'No graded attempts to compare yet.';
  const same = t.bothPass + t.bothFail;
  const sameText = `the score and instructors gave the same verdict on ${same} of ${s.n} attempt${s.n === 1 ? '' : 's'}`;
  const few = s.n < FEW_ATTEMPTS ? ` With fewer than ${FEW_ATTEMPTS} attempts, treat this as a first impression.` : '';
  if (s.kappa === null) return `${capitalise(sameText)}. ${s.kappaUndefined}${few}`;
  const why =
    s.autoPassRate === 0 || s.autoPassRate === 1
      ? ` The score ${s.autoPassRate === 1 ? 'passed' : 'failed'} every attempt, so it cannot agree beyond chance.`
      : s.instructorPassRate === 0 || s.instructorPassRate === 1
        ? ` Instructors ${s.instructorPassRate === 1 ? 'passed' : 'asked for a redo on'} every attempt, so the score cannot agree beyond chance.`
        : s.kappa < 0
          ? ' That is less often than chance alone would give.'
          : '';
  return `${capitalise(kappaBand(s.kappa))} agreement (Landis & Koch reading of κ): ${sameText}.${why}${few}`;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** One graded attempt with its current review, as the agreement report reads it. */
export interface GradedAttempt {
  attemptId: number;
  reviewId: number;
  templateId: string;
  traineeName: string;
  /** When the current review was written. */
  gradedAt: Date;
  /** The automatic score when graded: verdict, total and scoring version (null version: unknown). */
  autoPass: boolean;
  autoTotal: number | null;
  scoreVersion: number | null;
  instructorVerdict: 'pass' | 'redo';
}

/** The agreement on one template under one scoring version. */
export interface TemplateAgreement {
  templateId: string;
  /** The scoring version the automatic verdicts came from; null when unknown. */
  scoreVersion: number | null;
  table: ConfusionTable;
  stats: AgreementStats;
  /** The attempts where score and instructor disagree, newest grade first. */
  disagreements: GradedAttempt[];
}

/**
 * Groups graded attempts by template and scoring version (scores of different versions are
 * never pooled) and computes each group's table, statistics and disagreements. Groups come
 * sorted by template id, then by version, newest version first (unknown last).
 */
export function agreementByTemplate(attempts: readonly GradedAttempt[]): TemplateAgreement[] {
  const groups = new Map<string, GradedAttempt[]>();
  for (const a of attempts) {
    const key = `${a.templateId}\u0000${a.scoreVersion ?? ''}`;
    const list = groups.get(key);
    if (list) list.push(a);
    else groups.set(key, [a]);
  }
  const out: TemplateAgreement[] = [];
  for (const list of groups.values()) {
    const table = confusionTable(
      list.map((a) => ({ autoPass: a.autoPass, instructorPass: a.instructorVerdict === 'pass' })),
    );
    out.push({
      templateId: list[0]!.templateId,
      scoreVersion: list[0]!.scoreVersion,
      table,
      stats: agreementStats(table),
      disagreements: list
        .filter((a) => a.autoPass !== (a.instructorVerdict === 'pass'))
        .sort((x, y) => y.gradedAt.getTime() - x.gradedAt.getTime() || y.reviewId - x.reviewId),
    });
  }
  return out.sort(
    (x, y) =>
      (x.templateId < y.templateId ? -1 : x.templateId > y.templateId ? 1 : 0) ||
      (y.scoreVersion ?? -1) - (x.scoreVersion ?? -1),
  );
}
