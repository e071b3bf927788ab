/** Reads a canvas save/submit request: size limit, JSON, template, validation — or the error to answer with. */
import { checkSessions, type AttemptSessions } from '../lib/attempt-sessions.ts';
import { checkCanvas, MAX_CANVAS_BODY_BYTES } from '../lib/drill/attempt.ts';
import type { StoredDot } from '../lib/drill/dots.ts';
import { sessionPlan } from '../lib/drill/sessions.ts';
import type { Template } from '../lib/drill/template.ts';
import { fail, ok, type Result } from '../lib/errors.ts';
import type { Queryable } from '../../db/client.ts';
import { getTemplate, getTemplates } from './content.ts';
import { checkDrillLevel, type PathViewer } from './drill-path.ts';
import { readJsonBody } from './http.ts';

/**
 * The template named in a canvas write's URL, when it exists and its level is open to the
 * viewer on the drill path: `not_found` or `forbidden` otherwise. The first step of every
 * canvas write, whole (`readCanvasRequest`) or changes only (the draft's PATCH).
 */
export async function canvasTemplate(
  templateId: string | undefined,
  path: { db: Queryable; viewer: PathViewer },
): Promise<Result<Template>> {
  const template = await getTemplate(templateId);
  if (!template) return fail('not_found', `There is no drill template "${templateId}".`);
  const level = checkDrillLevel(path.db, await getTemplates(), template, path.viewer);
  if (!level.ok) return level;
  return ok(template);
}

/**
 * Reads and validates a canvas body `{ dots, sessions?, session? }` for the template named in
 * the URL: the impressions, and the session of each and the current session (`checkSessions`);
 * a failure is answered with `errorResponse`. The drill path comes first: a template whose
 * level is closed to the viewer is refused (`forbidden`) before the body is read.
 */
export async function readCanvasRequest(
  request: Request,
  templateId: string | undefined,
  path: { db: Queryable; viewer: PathViewer },
): Promise<Result<{ template: Template; dots: StoredDot[]; sessions: AttemptSessions }>> {
  const named = await canvasTemplate(templateId, path);
  if (!named.ok) return named;
  const template = named.value;
  const body = await readJsonBody(request, MAX_CANVAS_BODY_BYTES, 'This canvas is too large to save (over 1.5 MB).');
  if (!body.ok) return body;
  const check = checkCanvas(template, body.value);
  if (!check.ok) return fail('invalid', `The canvas was not saved: ${check.error.message}`);
  const sessions = checkSessions(body.value, check.value.length, sessionPlan(template).length);
  if (!sessions.ok) return fail('invalid', `The canvas was not saved: ${sessions.error.message}`);
  return ok({ template, dots: check.value, sessions: sessions.value });
}
