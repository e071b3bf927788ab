/** The real templates from content/templates, for tests. */
import { listTemplates, loadTemplate } from '../../src/server/templates.ts';
import type { Template } from '../../src/lib/drill/template.ts';

export const allTemplates = (): Template[] => listTemplates();

export function template(id: string): Template {
  const t = loadTemplate(id);
  if (!t) throw new Error(`no template ${id}`);
  return t;
}
