/** The course and templates as certification rules see them. */
import type { CourseShape } from '../lib/certification/requirements.ts';
import { getTemplates } from './content.ts';
import { getCurriculum } from './curriculum.ts';

/** The lessons, checks and template names certification rules look at. */
export async function courseShape(): Promise<CourseShape> {
  const [course, templates] = await Promise.all([getCurriculum(), getTemplates()]);
  return {
    lessonIds: course.lessons.map((l) => l.id),
    checkIds: [...course.checks.keys()],
    templateNames: new Map(templates.map((t) => [t.id, t.name])),
  };
}
