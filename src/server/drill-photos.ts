/**
 * Photographed practice sheets: detect and store an uploaded photo (nothing is stored when
 * the photo is unusable), let its owner (and, once submitted, their academy's staff) see it,
 * and submit it, with the trainee's corrections, as a server-scored attempt in the same
 * queue as canvas work.
 */
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { drillPhotos } from '../../db/schema.ts';
import type { MembershipView } from '../lib/auth/guard.ts';
import { attemptAccess } from '../lib/drill/attempt.ts';
import type { DrillScore } from '../lib/drill/scoring.ts';
import type { Template } from '../lib/drill/template.ts';
import { fail, ok, type Result } from '../lib/errors.ts';
import { correctedDots, type Corrections, type DetectedDot } from '../lib/photo/corrections.ts';
import { submitAttempt, type AttemptKey } from './drill-attempts.ts';
import { cleanPhoto, detectSheet, type SheetDetection } from './photo/detect.ts';

/** A stored photo without its image bytes. */
export interface PhotoRow {
  id: number;
  userId: number;
  academyId: number;
  templateId: string;
  templateVersion: number;
  attemptId: number | null;
  sheetCode: string;
  detected: DetectedDot[];
  corrections: Corrections;
  createdAt: Date;
}

const rowColumns = {
  id: drillPhotos.id,
  userId: drillPhotos.userId,
  academyId: drillPhotos.academyId,
  templateId: drillPhotos.templateId,
  templateVersion: drillPhotos.templateVersion,
  attemptId: drillPhotos.attemptId,
  sheetCode: drillPhotos.sheetCode,
  detected: drillPhotos.detected,
  corrections: drillPhotos.corrections,
  createdAt: drillPhotos.createdAt,
};

/** What an upload gave: the stored photo and its detection. */
export interface UploadedPhoto {
  photo: PhotoRow;
  detection: SheetDetection;
}

/**
 * Detects the impressions on a trainee's photo of the template's sheet and stores the
 * cleaned photo (orientation applied, metadata stripped), the rectified canvas and the
 * detection. An unusable photo is a failure with a reason, and nothing is stored.
 */
export async function uploadPhoto(
  db: Db,
  key: AttemptKey,
  template: Template,
  photo: Buffer,
): Promise<Result<UploadedPhoto>> {
  const detected = await detectSheet(photo, template);
  if (!detected.ok) return detected;
  const detection = detected.value;
  if (detection.dots.length === 0)
    return fail(
      'invalid',
      'No impressions were found on this sheet: photograph the worked sheet in good light, close enough that the dots are sharp.',
    );
  const clean = await cleanPhoto(photo);
  const row = db
    .insert(drillPhotos)
    .values({
      ...key,
      templateVersion: template.version,
      sheetCode: detection.sheet.sheet,
      photo: clean,
      rectified: detection.rectified,
      detected: detection.dots.map((d): DetectedDot => [
        Math.round(d.x * 1000) / 1000,
        Math.round(d.y * 1000) / 1000,
        Math.round(d.d * 1000) / 1000,
        d.confidence,
      ]),
    })
    .returning(rowColumns)
    .get();
  return ok({ photo: row, detection });
}

/** Who may see a photo: its trainee; staff of its academy once it is a submitted attempt. */
export function photoForViewer(db: Db, id: number, userId: number, memberships: MembershipView[]): PhotoRow | null {
  if (!Number.isSafeInteger(id) || id <= 0) return null;
  const row = db.select(rowColumns).from(drillPhotos).where(eq(drillPhotos.id, id)).get();
  if (!row) return null;
  const roleInAcademy = memberships.find((m) => m.academyId === row.academyId)?.role ?? null;
  const access = attemptAccess({ userId, roleInAcademy }, row);
  if (access === 'owner') return row;
  if (access === 'staff' && row.attemptId !== null) return row;
  return null;
}

/** The image bytes of a photo the caller may see: the cleaned photo or the rectified canvas. */
export function photoImage(db: Db, row: PhotoRow, which: 'photo' | 'rectified'): Buffer | null {
  const r = db
    .select({ image: which === 'photo' ? drillPhotos.photo : drillPhotos.rectified })
    .from(drillPhotos)
    .where(eq(drillPhotos.id, row.id))
    .get();
  return r?.image ?? null;
}

/** The photo an attempt was scored from, or null for canvas work. */
export function photoOfAttempt(db: Db, attemptId: number): PhotoRow | null {
  return db.select(rowColumns).from(drillPhotos).where(eq(drillPhotos.attemptId, attemptId)).get() ?? null;
}

/**
 * Submits a photo (its owner's, not yet submitted) with the trainee's corrections: the server
 * scores the corrected impressions with the current version, the attempt joins the review
 * queue, and the canvas draft is left alone.
 */
export function submitPhoto(
  db: Db,
  photo: PhotoRow,
  template: Template,
  corrections: Corrections,
  now = new Date(),
): Result<{ attemptId: number; score: DrillScore }> {
  if (photo.attemptId !== null) return fail('conflict', 'This photo has already been submitted.');
  if (photo.templateVersion !== template.version)
    return fail('conflict', 'The template has changed since this photo was taken: print a new sheet.');
  const dots = correctedDots(template, photo.detected, corrections);
  if (dots.length === 0) return fail('invalid', 'Keep at least one impression before submitting.');
  const key = { userId: photo.userId, academyId: photo.academyId, templateId: photo.templateId };
  return db.transaction((tx) => {
    const { id, score } = submitAttempt(tx, key, template, dots, undefined, now, { keepDraft: true });
    const claimed = tx
      .update(drillPhotos)
      .set({ attemptId: id, corrections })
      .where(and(eq(drillPhotos.id, photo.id), eq(drillPhotos.userId, photo.userId)))
      .run();
    if (claimed.changes !== 1) throw new Error('photo vanished while submitting');
    return ok({ attemptId: id, score });
  });
}
