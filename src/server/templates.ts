/** Reads drill templates from `content/templates/<id>.json` (server and command line). */
import fs from 'node:fs';
import path from 'node:path';
import { parseTemplate, TEMPLATE_ID, type Template } from '../lib/drill/template.ts';

/** Where drill templates live: `STIPPLE_TEMPLATES`, else `content/templates`. */
export function templatesDir(): string {
  return path.resolve(process.env.STIPPLE_TEMPLATES ?? 'content/templates');
}

const cache = new Map<string, Template>();

/** The template with this id, or null when there is none. Validated with the shared schema. */
export function loadTemplate(id: string, dir = templatesDir()): Template | null {
  if (!TEMPLATE_ID.test(id)) return null;
  const key = path.join(dir, id);
  const hit = cache.get(key);
  if (hit) return hit;
  const file = path.join(dir, `${id}.json`);
  if (!fs.existsSync(file)) return null;
  const template = parseTemplate(id, JSON.parse(fs.readFileSync(file, 'utf8')));
  cache.set(key, template);
  return template;
}

/** Every template, sorted by name. */
export function listTemplates(dir = templatesDir()): Template[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => loadTemplate(f.slice(0, -5), dir)!)
    .sort((a, b) => a.name.localeCompare(b.name));
}
