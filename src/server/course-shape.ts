/** The course and templates as certification rules see them, and this instance's public URL. */
import type { CourseShape } from '../lib/certification/requirements.ts';
import { getTemplates } from './content.ts';
import { getCurriculum } from './curriculum.ts';

/** The course's lesson and check ids and the template names, as certification requirements need them. */
export async function courseShape(): Promise<CourseShape> {
  const [course, templates] = await Promise.all([getCurriculum(), getTemplates()]);
  return {
    lessonIds: course.lessons.map((l) => l.id),
    checkIds: [...course.checks.keys()],
    templateNames: new Map(templates.map((t) => [t.id, t.name])),
  };
}

/** The base URL written into credentials: STIPPLE_PUBLIC_URL when set, else the request's origin. */
export function publicBaseUrl(requestUrl: URL): string {
  return (process.env.STIPPLE_PUBLIC_URL ?? requestUrl.origin).replace(/\/+$/, '');
}
