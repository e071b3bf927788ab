/**
 * Content collections: what academies author, validated at build time. A template that
 * fails its schema fails the build.
 */
import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { templateSchema } from './lib/drill/template.ts';

const templates = defineCollection({
  loader: glob({ pattern: '*.json', base: './content/templates' }),
  schema: templateSchema,
});

export const collections = { templates };
