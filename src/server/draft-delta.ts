/**
 * Delta autosaves of a drill draft (`PATCH /api/drill/<templateId>/draft`): the changes since
 * the revision the drill page last had acknowledged, applied in one transaction, or refused
 * with a conflict when the draft moved on meanwhile (another tab or device saved, the canvas
 * was submitted) — then the page sends the whole canvas (`PUT`). The full save answers the
 * revision too (`saveFullDraft`), so the page can send deltas from then on.
 */
import { eq } from 'drizzle-orm';
import type { Db, Queryable } from '../../db/client.ts';
import { attemptDots, drillAttempts } from '../../db/schema.ts';
import { checkSessions, type AttemptSessions } from '../lib/attempt-sessions.ts';
import { checkCanvas } from '../lib/drill/attempt.ts';
import { applyDelta, type DraftDelta } from '../lib/drill/draft-delta.ts';
import type { StoredDot } from '../lib/drill/dots.ts';
import { sessionPlan } from '../lib/drill/sessions.ts';
import type { Template } from '../lib/drill/template.ts';
import { fail, ok, type Result } from '../lib/errors.ts';
import { getDraft, saveDraft, storeDots, type AttemptKey } from './drill-attempts.ts';

/** What an autosave answers: the draft, when it was saved, its impressions and its revision. */
export interface SavedDraft {
  attemptId: number;
  savedAt: Date;
  dotCount: number;
  revision: number;
}

/** The message of a refused delta: the page answers it by sending the whole canvas. */
export const STALE_DRAFT_MESSAGE =
  'The draft changed since this page last saved it (another tab or device saved it, or it was submitted): send the whole canvas.';

function revisionOf(db: Queryable, attemptId: number): number {
  return (
    db.select({ revision: attemptDots.revision }).from(attemptDots).where(eq(attemptDots.attemptId, attemptId)).get()
      ?.revision ?? 0
  );
}

/** The full save (the canvas replaces the draft), answering the new revision. */
export function saveFullDraft(
  db: Db,
  key: AttemptKey,
  template: Template,
  dots: StoredDot[],
  sessions: AttemptSessions,
  now = new Date(),
): SavedDraft {
  return db.transaction((tx) => {
    const saved = saveDraft(tx as unknown as Db, key, template, dots, sessions, now);
    return { attemptId: saved.id, savedAt: saved.updatedAt, dotCount: dots.length, revision: revisionOf(tx, saved.id) };
  });
}

/**
 * Applies `delta` to the trainee's draft in one transaction: refused with a `conflict` when
 * there is no draft or its revision is not `delta.revision`, with `invalid` when the changes
 * do not fit it or make a canvas a full save would refuse; otherwise the draft is the new canvas.
 */
export function saveDraftDelta(
  db: Db,
  key: AttemptKey,
  template: Template,
  delta: DraftDelta,
  now = new Date(),
): Result<SavedDraft> {
  return db.transaction((tx) => {
    const draft = getDraft(tx as unknown as Db, key);
    if (!draft || revisionOf(tx, draft.id) !== delta.revision) return fail('conflict', STALE_DRAFT_MESSAGE);
    const applied = applyDelta({ dots: draft.dots, sessions: draft.dotSessions }, delta);
    if (!applied.ok) return applied;
    const { dots, sessions } = applied.value;
    // The new canvas meets every rule of a full save.
    const canvas = checkCanvas(template, { dots });
    if (!canvas.ok) return fail('invalid', `The changes were not saved: ${canvas.error.message}`);
    const sessionCheck = checkSessions(
      { ...(sessions ? { sessions } : {}), ...(delta.session !== undefined ? { session: delta.session } : {}) },
      dots.length,
      sessionPlan(template).length,
    );
    if (!sessionCheck.ok) return fail('invalid', `The changes were not saved: ${sessionCheck.error.message}`);
    tx.update(drillAttempts)
      .set({
        session: sessionCheck.value.session,
        dotCount: dots.length,
        templateVersion: template.version,
        updatedAt: now,
      })
      .where(eq(drillAttempts.id, draft.id))
      .run();
    storeDots(tx, draft.id, canvas.value, sessionCheck.value.dotSessions);
    return ok({ attemptId: draft.id, savedAt: now, dotCount: dots.length, revision: delta.revision + 1 });
  });
}
