/** Reads a canvas save/submit request: size limit, JSON, template, validation — or a clear 4xx. */
import { checkSessions, type AttemptSessions } from '../lib/attempt-sessions.ts';
import { checkCanvas, MAX_CANVAS_BODY_BYTES } from '../lib/drill/attempt.ts';
import type { StoredDot } from '../lib/drill/dots.ts';
import { sessionPlan } from '../lib/drill/sessions.ts';
import type { Template } from '../lib/drill/template.ts';
import { getTemplate } from './content.ts';
import { jsonError } from './http.ts';

/**
 * Reads and validates a canvas body `{ dots, sessions?, session? }` for the template named in
 * the URL: the impressions, and the session of each and the current session (`checkSessions`).
 */
export async function readCanvasRequest(
  request: Request,
  templateId: string | undefined,
): Promise<
  { ok: true; template: Template; dots: StoredDot[]; sessions: AttemptSessions } | { ok: false; response: Response }
> {
  const template = await getTemplate(templateId);
  if (!template) return { ok: false, response: jsonError(404, `There is no drill template "${templateId}".`) };
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > MAX_CANVAS_BODY_BYTES)
    return { ok: false, response: jsonError(413, 'This canvas is too large to save (over 1.5 MB).') };
  const text = await request.text();
  if (text.length > MAX_CANVAS_BODY_BYTES)
    return { ok: false, response: jsonError(413, 'This canvas is too large to save (over 1.5 MB).') };
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { ok: false, response: jsonError(400, 'The request body is not valid JSON.') };
  }
  const check = checkCanvas(template, body);
  if (!check.ok) return { ok: false, response: jsonError(400, `The canvas was not saved: ${check.message}`) };
  const sessions = checkSessions(body, check.dots.length, sessionPlan(template).length);
  if (!sessions.ok) return { ok: false, response: jsonError(400, `The canvas was not saved: ${sessions.message}`) };
  return {
    ok: true,
    template,
    dots: check.dots,
    sessions: { dotSessions: sessions.dotSessions, session: sessions.session },
  };
}
