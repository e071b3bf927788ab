/**
 * The course as an ordered whole: modules, their lessons and their checks, with the
 * cross-entry rules a content schema cannot express (prerequisites that exist and do not
 * loop, one lesson per order number, one check per module).
 */
import type { Check, Course, LessonMeta } from './schema.ts';

/** One module of the course with its lessons in order and its knowledge check. */
export interface ModulePlan {
  id: string;
  title: string;
  summary: string;
  lessons: LessonMeta[];
  check: Check | null;
}

/** The whole course in order, with lessons also looked up by id. */
export interface Curriculum {
  title: string;
  summary: string;
  modules: ModulePlan[];
  /** Every lesson in course order. */
  lessons: LessonMeta[];
  lessonById: Map<string, LessonMeta>;
}

/** Problems that make the course unusable, in words an author can act on. Empty when valid. */
export function curriculumErrors(course: Course, lessons: LessonMeta[], checks: Check[]): string[] {
  const errors: string[] = [];
  const modules = new Set(course.modules.map((m) => m.id));
  if (modules.size !== course.modules.length) errors.push('course.json: module ids must be unique');
  const ids = new Set(lessons.map((l) => l.id));
  const orders = new Map<string, string>();
  for (const l of lessons) {
    if (!modules.has(l.module)) errors.push(`lesson ${l.id}: module "${l.module}" is not in course.json`);
    const key = `${l.module}#${l.order}`;
    const clash = orders.get(key);
    if (clash) errors.push(`lessons ${clash} and ${l.id}: both have order ${l.order} in module ${l.module}`);
    else orders.set(key, l.id);
    for (const p of l.prerequisites) {
      if (!ids.has(p)) errors.push(`lesson ${l.id}: prerequisite "${p}" does not exist`);
      if (p === l.id) errors.push(`lesson ${l.id}: lists itself as a prerequisite`);
    }
  }
  const cycle = findCycle(lessons);
  if (cycle) errors.push(`prerequisites loop: ${cycle.join(' → ')}`);
  const checkModules = new Map<string, string>();
  for (const c of checks) {
    if (!modules.has(c.module)) errors.push(`check ${c.id}: module "${c.module}" is not in course.json`);
    if (checkModules.has(c.module))
      errors.push(`checks ${checkModules.get(c.module)} and ${c.id}: module ${c.module} has two checks`);
    checkModules.set(c.module, c.id);
    for (const q of c.questions) {
      const taught = q.lesson ? lessons.find((l) => l.id === q.lesson) : null;
      if (q.lesson && !taught)
        errors.push(`check ${c.id}: question ${q.id} points at lesson "${q.lesson}", which does not exist`);
      else if (taught && taught.module !== c.module)
        errors.push(`check ${c.id}: question ${q.id} points at lesson "${q.lesson}" of another module`);
    }
  }
  for (const m of course.modules) {
    if (!lessons.some((l) => l.module === m.id)) errors.push(`module ${m.id}: has no lessons`);
    if (!checkModules.has(m.id)) errors.push(`module ${m.id}: has no knowledge check`);
  }
  return errors;
}

/** A prerequisite loop as a list of lesson ids (first repeated at the end), or null. */
export function findCycle(lessons: LessonMeta[]): string[] | null {
  const byId = new Map(lessons.map((l) => [l.id, l]));
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (id: string): string[] | null => {
    if (state.get(id) === 'done') return null;
    if (state.get(id) === 'visiting') return [...stack.slice(stack.indexOf(id)), id];
    state.set(id, 'visiting');
    stack.push(id);
    for (const p of byId.get(id)?.prerequisites ?? []) {
      if (!byId.has(p)) continue;
      const found = visit(p);
      if (found) return found;
    }
    stack.pop();
    state.set(id, 'done');
    return null;
  };
  for (const l of lessons) {
    const found = visit(l.id);
    if (found) return found;
  }
  return null;
}

/** Assembles the course in order; call curriculumErrors first. */
export function buildCurriculum(course: Course, lessons: LessonMeta[], checks: Check[]): Curriculum {
  const modules: ModulePlan[] = course.modules.map((m) => ({
    ...m,
    lessons: lessons.filter((l) => l.module === m.id).sort((a, b) => a.order - b.order),
    check: checks.find((c) => c.module === m.id) ?? null,
  }));
  const ordered = modules.flatMap((m) => m.lessons);
  return {
    title: course.title,
    summary: course.summary,
    modules,
    lessons: ordered,
    lessonById: new Map(ordered.map((l) => [l.id, l])),
  };
}
