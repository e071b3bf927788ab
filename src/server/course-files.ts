/**
 * Reads the course straight from `content/courses` (frontmatter only) with the shared
 * schemas — for the pre-build consistency check and tests, outside Astro.
 */
import fs from 'node:fs';
import path from 'node:path';
import GithubSlugger from 'github-slugger';
import { parse as parseYaml } from 'yaml';
import { describeZodError } from '../lib/errors.ts';
import {
  checkSchema,
  courseSchema,
  lessonSchema,
  type Check,
  type Course,
  type LessonMeta,
} from '../lib/learning/schema.ts';

/** One course read from its folder: the course, its lessons' and checks' frontmatter. */
export interface CourseFiles {
  id: string;
  course: Course;
  lessons: LessonMeta[];
  checks: Check[];
}

/** The YAML frontmatter of an MDX file, parsed (not yet validated). */
export function frontmatter(file: string): unknown {
  const text = fs.readFileSync(file, 'utf8');
  const match = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text);
  if (!match) throw new Error(`${file}: no frontmatter`);
  return parseYaml(match[1]!);
}

function parseOrThrow<T>(
  file: string,
  schema: {
    safeParse: (
      v: unknown,
    ) =>
      | { success: true; data: T }
      | { success: false; error: { issues: Array<{ path: PropertyKey[]; message: string }> } };
  },
  value: unknown,
): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const where = (path: ReadonlyArray<PropertyKey>) => `${path.join('.') || '(root)'}: `;
  throw new Error(`${file}: ${describeZodError(r.error, where)}`);
}

/** Reads and validates one course folder (`course.json`, `lessons/*.mdx`, `checks/*.mdx`); throws naming the file at fault. */
export function readCourse(dir: string): CourseFiles {
  const id = path.basename(dir);
  const course = parseOrThrow(
    path.join(dir, 'course.json'),
    courseSchema,
    JSON.parse(fs.readFileSync(path.join(dir, 'course.json'), 'utf8')),
  );
  const mdx = (sub: string) =>
    fs
      .readdirSync(path.join(dir, sub))
      .filter((f) => f.endsWith('.mdx'))
      .sort()
      .map((f) => ({ id: f.slice(0, -4), file: path.join(dir, sub, f) }));
  const lessons = mdx('lessons').map(({ id, file }) => ({
    id,
    ...parseOrThrow(file, lessonSchema, frontmatter(file)),
  }));
  const checks = mdx('checks').map(({ id, file }) => ({ id, ...parseOrThrow(file, checkSchema, frontmatter(file)) }));
  return { id, course, lessons, checks };
}

/** Where the courses live: `STIPPLE_COURSES`, else `content/courses`. */
export function coursesDir(): string {
  return path.resolve(process.env.STIPPLE_COURSES ?? 'content/courses');
}

/** Every course folder under `dir`. */
export function readAllCourses(dir = coursesDir()): CourseFiles[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => readCourse(path.join(dir, d.name)));
}

/**
 * The anchors of each lesson's headings in a course folder (lesson id → anchors), made the
 * way the lesson page makes its heading ids (github-slugger, as Astro's Markdown does), so the
 * content check can refuse a question that links to a section that is not there.
 */
export function lessonAnchors(dir: string): Map<string, Set<string>> {
  const anchors = new Map<string, Set<string>>();
  const folder = path.join(dir, 'lessons');
  for (const f of fs.readdirSync(folder).filter((n) => n.endsWith('.mdx'))) {
    const slugger = new GithubSlugger();
    const found = new Set<string>();
    let fenced = false;
    const body = fs.readFileSync(path.join(folder, f), 'utf8').replace(/^---\r?\n[\s\S]*?\r?\n---/, '');
    for (const line of body.split(/\r?\n/)) {
      if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
      const heading = fenced ? null : /^#{1,6}\s+(.+?)\s*#*\s*$/.exec(line);
      if (heading) found.add(slugger.slug(heading[1]!.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/[*`]/g, '')));
    }
    anchors.set(f.slice(0, -4), found);
  }
  return anchors;
}
