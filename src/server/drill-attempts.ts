/**
 * Storage of practice attempts: drafts that autosave, and frozen, server-scored submissions.
 * An attempt's impressions are kept apart from its row, in `attempt_dots` (compact binary,
 * `src/lib/drill/dot-codec.ts`), written in the same transaction; reading an attempt joins them
 * back, so callers see `dots` and `dotSessions` as before.
 */
import { and, desc, eq, gte, ne, sql, type SQL } from 'drizzle-orm';
import type { Db, Queryable } from '../../db/client.ts';
import { attemptDots, drillAttempts, users } from '../../db/schema.ts';
import { decodeDots, encodeDots } from '../lib/drill/dot-codec.ts';
import type { StoredDot } from '../lib/drill/dots.ts';
import { dotColumns } from '../lib/drill/attempt.ts';
import { NO_SESSIONS, type AttemptSessions } from '../lib/attempt-sessions.ts';
import { scoreDrill, type DrillScore } from '../lib/drill/scoring.ts';
import type { Template } from '../lib/drill/template.ts';

/** The stored part of a score: everything but the overlay, which is recomputed for display. */
export type StoredScore = Omit<DrillScore, 'overlay'>;

/** Which draft slot an attempt fills: one trainee, in one academy, on one template. */
export interface AttemptKey {
  userId: number;
  academyId: number;
  templateId: string;
}

/** An attempt as pages read it, with the trainee's name. */
export interface AttemptRow {
  id: number;
  userId: number;
  academyId: number;
  templateId: string;
  templateVersion: number;
  status: 'draft' | 'submitted' | 'graded';
  dots: StoredDot[];
  /** The session that placed each impression, parallel to `dots`; null for attempts from before sessions. */
  dotSessions: number[] | null;
  /** The session being worked (draft) or judged (submission); null: the plan's last session. */
  session: number | null;
  score: StoredScore | null;
  total: number | null;
  pass: boolean | null;
  updatedAt: Date;
  submittedAt: Date | null;
  traineeName: string;
}

const columns = {
  id: drillAttempts.id,
  userId: drillAttempts.userId,
  academyId: drillAttempts.academyId,
  templateId: drillAttempts.templateId,
  templateVersion: drillAttempts.templateVersion,
  status: drillAttempts.status,
  /** The encoded impressions, read raw (a blob, or the JSON text of a migrated row). */
  data: sql<Uint8Array | string | null>`${attemptDots.data}`,
  session: drillAttempts.session,
  score: drillAttempts.score,
  total: drillAttempts.total,
  pass: drillAttempts.pass,
  updatedAt: drillAttempts.updatedAt,
  submittedAt: drillAttempts.submittedAt,
  traineeName: users.displayName,
};

/** A row read with `columns`, its impressions decoded. */
function withDots({
  data,
  ...row
}: { data: Uint8Array | string | null } & Omit<AttemptRow, 'dots' | 'dotSessions'>): AttemptRow {
  const { dots, sessions } = data === null ? { dots: [], sessions: null } : decodeDots(data);
  return { ...row, dots, dotSessions: sessions };
}

/** The attempts joined with their impressions and trainee, for `where`. */
function attemptsWhere(db: Queryable, where: SQL | undefined) {
  return db
    .select(columns)
    .from(drillAttempts)
    .innerJoin(users, eq(users.id, drillAttempts.userId))
    .leftJoin(attemptDots, eq(attemptDots.attemptId, drillAttempts.id))
    .where(where);
}

/** Whether stored impressions (binary, or a migrated row's JSON) are exactly `dots` with `dotSessions`. */
function sameDots(
  stored: Uint8Array | string | null,
  dots: readonly StoredDot[],
  dotSessions: number[] | null,
): boolean {
  if (stored === null) return dots.length === 0 && dotSessions === null;
  if (typeof stored === 'string') {
    const old = decodeDots(stored);
    return (
      JSON.stringify(old.dots) === JSON.stringify(dots) && JSON.stringify(old.sessions) === JSON.stringify(dotSessions)
    );
  }
  return Buffer.compare(Buffer.from(encodeDots(dots, dotSessions)), Buffer.from(stored)) === 0;
}

/** Writes an attempt's impressions (and their sessions) beside its row, replacing any earlier ones (the revision counts the writes). */
export function storeDots(
  db: Queryable,
  attemptId: number,
  dots: readonly StoredDot[],
  dotSessions: number[] | null,
): void {
  const data = Buffer.from(encodeDots(dots, dotSessions));
  db.insert(attemptDots)
    .values({ attemptId, data })
    .onConflictDoUpdate({ target: attemptDots.attemptId, set: { data, revision: sql`${attemptDots.revision} + 1` } })
    .run();
}

/** The condition selecting the (at most one) draft of a trainee on a template. */
function isDraftOf(key: AttemptKey) {
  return and(
    eq(drillAttempts.userId, key.userId),
    eq(drillAttempts.academyId, key.academyId),
    eq(drillAttempts.templateId, key.templateId),
    eq(drillAttempts.status, 'draft'),
  );
}

/** The trainee's draft on this template, or null. */
export function getDraft(db: Db, key: AttemptKey): AttemptRow | null {
  const r = attemptsWhere(db, isDraftOf(key)).get();
  return r ? withDots(r) : null;
}

/** Any attempt by id (no access check: see `src/server/attempt-access.ts`), or null. */
export function getAttempt(db: Db, id: number): AttemptRow | null {
  const r = attemptsWhere(db, eq(drillAttempts.id, id)).get();
  return r ? withDots(r) : null;
}

/**
 * Creates or replaces the trainee's draft on this template, with the session that placed each
 * impression and the session being worked (validated by the caller: `checkSessions`).
 */
export function saveDraft(
  db: Db,
  key: AttemptKey,
  template: Template,
  dots: StoredDot[],
  sessions: AttemptSessions = NO_SESSIONS,
  now = new Date(),
): { id: number; updatedAt: Date } {
  return db.transaction((tx) => {
    const existing = tx.select({ id: drillAttempts.id }).from(drillAttempts).where(isDraftOf(key)).get();
    if (existing) {
      tx.update(drillAttempts)
        .set({ session: sessions.session, dotCount: dots.length, templateVersion: template.version, updatedAt: now })
        .where(eq(drillAttempts.id, existing.id))
        .run();
      storeDots(tx, existing.id, dots, sessions.dotSessions);
      return { id: existing.id, updatedAt: now };
    }
    const row = tx
      .insert(drillAttempts)
      .values({
        ...key,
        templateVersion: template.version,
        status: 'draft',
        session: sessions.session,
        dotCount: dots.length,
        updatedAt: now,
      })
      .returning({ id: drillAttempts.id })
      .get();
    storeDots(tx, row.id, dots, sessions.dotSessions);
    return { id: row.id, updatedAt: now };
  });
}

/** A score without its overlay, as stored with a submission. */
export function storedScore(score: DrillScore): StoredScore {
  const { overlay: _overlay, ...rest } = score;
  return rest;
}

/** How long a second submission of the very same canvas counts as a repeat of the first. */
export const DUPLICATE_SUBMIT_WINDOW_MS = 5 * 60 * 1000;

/**
 * Freezes the canvas as a submitted attempt, scored by the server (the browser's number is
 * never trusted) with the current scoring version: as the end of `sessions.session` when
 * given (each impression with the session that placed it), else as finished work. The
 * draft, if any, becomes the submission; the same canvas submitted again within
 * `DUPLICATE_SUBMIT_WINDOW_MS` answers the earlier submission (`repeated`) instead of a second one.
 * With `keepDraft` (a photographed sheet) it is always a new attempt and the canvas draft is left alone.
 */
export function submitAttempt(
  db: Queryable,
  key: AttemptKey,
  template: Template,
  dots: StoredDot[],
  sessions: AttemptSessions = NO_SESSIONS,
  now = new Date(),
  { keepDraft = false }: { keepDraft?: boolean } = {},
): { id: number; score: DrillScore; repeated?: true } {
  const score = scoreAttempt(template, dots, sessions);
  const values = {
    session: sessions.session,
    dotCount: dots.length,
    templateVersion: template.version,
    status: 'submitted' as const,
    score: storedScore(score),
    scoreVersion: score.scoreVersion,
    total: score.total,
    pass: score.pass,
    updatedAt: now,
    submittedAt: now,
  };
  return db.transaction((tx) => {
    const draft = keepDraft
      ? undefined
      : tx.select({ id: drillAttempts.id }).from(drillAttempts).where(isDraftOf(key)).get();
    if (draft) {
      tx.update(drillAttempts).set(values).where(eq(drillAttempts.id, draft.id)).run();
      storeDots(tx, draft.id, dots, sessions.dotSessions);
      return { id: draft.id, score };
    }
    // A repeat of a submission just made (a double click, a retried request): the same canvas
    // submitted again within the window is that submission, not a second one.
    const recent = tx
      .select({ id: drillAttempts.id, data: sql<Uint8Array | string | null>`${attemptDots.data}` })
      .from(drillAttempts)
      .leftJoin(attemptDots, eq(attemptDots.attemptId, drillAttempts.id))
      .where(
        and(
          eq(drillAttempts.userId, key.userId),
          eq(drillAttempts.academyId, key.academyId),
          eq(drillAttempts.templateId, key.templateId),
          ne(drillAttempts.status, 'draft'),
          eq(drillAttempts.dotCount, dots.length),
          gte(drillAttempts.submittedAt, new Date(now.getTime() - DUPLICATE_SUBMIT_WINDOW_MS)),
        ),
      )
      .orderBy(desc(drillAttempts.submittedAt))
      .get();
    if (!keepDraft && recent && sameDots(recent.data, dots, sessions.dotSessions))
      return { id: recent.id, score, repeated: true };
    const row = tx
      .insert(drillAttempts)
      .values({ ...key, ...values })
      .returning({ id: drillAttempts.id })
      .get();
    storeDots(tx, row.id, dots, sessions.dotSessions);
    return { id: row.id, score };
  });
}

/**
 * The current version's score of a canvas with its sessions: as the end of `sessions.session`
 * (the last session, finished work, when null), each impression with the session that placed it.
 */
export function scoreAttempt(template: Template, dots: readonly StoredDot[], sessions: AttemptSessions): DrillScore {
  const input = sessions.dotSessions ? { ...dotColumns(dots), sessions: sessions.dotSessions } : dotColumns(dots);
  return scoreDrill(template, input, sessions.session === null ? {} : { session: sessions.session });
}

/** A trainee's submitted attempts on one template, newest first. */
export function listSubmitted(db: Db, key: AttemptKey): AttemptRow[] {
  return attemptsWhere(
    db,
    and(
      eq(drillAttempts.userId, key.userId),
      eq(drillAttempts.academyId, key.academyId),
      eq(drillAttempts.templateId, key.templateId),
      sql`${drillAttempts.status} != 'draft'`,
    ),
  )
    .orderBy(desc(drillAttempts.submittedAt))
    .all()
    .map(withDots);
}

/** A trainee's standing on one template, for the drill list. */
export interface TemplateProgress {
  templateId: string;
  best: number | null;
  submitted: number;
  /** A submitted canvas of this template passed the server's score. */
  passed: boolean;
  hasDraft: boolean;
  draftDots: number;
}

/** Per template: the trainee's best submitted score, how many submissions, and any draft. */
export function drillProgress(db: Db, userId: number, academyId: number): Map<string, TemplateProgress> {
  const rows = db
    .select({
      templateId: drillAttempts.templateId,
      best: sql<number | null>`max(case when ${drillAttempts.status} != 'draft' then ${drillAttempts.total} end)`,
      submitted: sql<number>`sum(case when ${drillAttempts.status} != 'draft' then 1 else 0 end)`,
      passed: sql<number>`max(case when ${drillAttempts.status} != 'draft' and ${drillAttempts.pass} then 1 else 0 end)`,
      draftDots: sql<
        number | null
      >`max(case when ${drillAttempts.status} = 'draft' then ${drillAttempts.dotCount} end)`,
    })
    .from(drillAttempts)
    .where(and(eq(drillAttempts.userId, userId), eq(drillAttempts.academyId, academyId)))
    .groupBy(drillAttempts.templateId)
    .all();
  return new Map(
    rows.map((r) => [
      r.templateId,
      {
        templateId: r.templateId,
        best: r.best,
        submitted: r.submitted,
        passed: r.passed === 1,
        hasDraft: r.draftDots !== null,
        draftDots: r.draftDots ?? 0,
      },
    ]),
  );
}
