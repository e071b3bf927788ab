import type { APIRoute } from 'astro';
import { AREA_ROLES } from '../../../../../lib/auth/roles.ts';
import { checkReview } from '../../../../../lib/grading/review.ts';
import { getTemplate } from '../../../../../server/content.ts';
import { getDb } from '../../../../../server/db.ts';
import { submissionForStaff } from '../../../../../server/attempt-access.ts';
import { submitReview } from '../../../../../server/grading.ts';
import { requireRole } from '../../../../../server/guard.ts';
import { apiError, errorResponse, readJsonBody } from '../../../../../server/http.ts';
import { inBackground, mailVerdict } from '../../../../../server/notify-mail.ts';
import { rubricForAttempt } from '../../../../../server/rubrics.ts';

const MAX_BODY = 200_000;

/** Grade a claimed submission, or correct the current review of a graded one. */
export const POST: APIRoute = async (ctx) => {
  const access = requireRole(ctx, AREA_ROLES.instructor, { api: true });
  if (!access.ok) return access.response;
  const db = await getDb();
  const attempt = submissionForStaff(db, Number(ctx.params.id), access.membership.academyId);
  if (!attempt) return apiError('not_found', 'No such submission in your academy.');
  const template = await getTemplate(attempt.templateId);
  if (!template) return apiError('not_found', 'The template of this submission no longer exists.');

  const body = await readJsonBody(ctx.request, MAX_BODY, 'This review is too large.');
  if (!body.ok) return errorResponse(body.error);
  // A correction is graded against the rubric the original review used.
  const rubric = rubricForAttempt(db, attempt, template.family);
  const check = checkReview(body.value, rubric, template);
  if (!check.ok) return errorResponse(check.error);
  const result = submitReview(
    db,
    attempt.id,
    attempt.academyId,
    { id: access.user.id, name: access.user.displayName },
    rubric,
    check.value,
  );
  if (!result.ok) return errorResponse(result.error);
  inBackground(mailVerdict(db, attempt.id, check.value.verdict));
  return Response.json({ reviewId: result.value.reviewId, attemptId: attempt.id }, { status: 201 });
};
