/**
 * Content collections: what academies author, validated at build time. An entry that
 * fails its schema fails the build; src/cli/check-content.ts (run first by `npm run
 * build`) checks what spans entries: prerequisites, order numbers, one check per module.
 */
import path from 'node:path';
import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { templateSchema } from './lib/drill/template.ts';
import { checkSchema, courseSchema, lessonSchema } from './lib/learning/schema.ts';

const basename = ({ entry }: { entry: string }) => path.basename(entry).replace(/\.(mdx|json)$/, '');

const templates = defineCollection({
  loader: glob({ pattern: '*.json', base: './content/templates' }),
  schema: templateSchema,
});

const courses = defineCollection({
  loader: glob({ pattern: '*/course.json', base: './content/courses', generateId: ({ entry }) => path.dirname(entry) }),
  schema: courseSchema,
});

const lessons = defineCollection({
  loader: glob({ pattern: '*/lessons/*.mdx', base: './content/courses', generateId: basename }),
  schema: lessonSchema,
});

const checks = defineCollection({
  loader: glob({ pattern: '*/checks/*.mdx', base: './content/courses', generateId: basename }),
  schema: checkSchema,
});

export const collections = { templates, courses, lessons, checks };
