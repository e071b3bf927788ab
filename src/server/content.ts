/** Drill templates from the content collection, as the domain's Template type. */
import { getCollection, getEntry } from 'astro:content';
import { TEMPLATE_ID, type Template } from '../lib/drill/template.ts';

/** The drill template with this id from the content collection, or null for an unknown or malformed id. */
export async function getTemplate(id: string | undefined): Promise<Template | null> {
  if (!id || !TEMPLATE_ID.test(id)) return null;
  const entry = await getEntry('templates', id);
  return entry ? { id: entry.id, ...entry.data } : null;
}

/** Every drill template, sorted by name. */
export async function getTemplates(): Promise<Template[]> {
  const entries = await getCollection('templates');
  return entries.map((e) => ({ id: e.id, ...e.data })).sort((a, b) => a.name.localeCompare(b.name));
}
