/**
 * The shared start of the template commands (`score`, `detect`; DESIGN.md, Contracts): read
 * `<templateId> <file>` from the command line, or exit 1 with one line on stderr.
 */
import fs from 'node:fs';
import type { Template } from '../lib/drill/template.ts';
import { loadTemplate } from '../server/templates.ts';

/** Exits 1 with `<command>: <message>` as the one line on stderr. */
export function failWith(command: string, message: string): never {
  process.stderr.write(`${command}: ${message}\n`);
  process.exit(1);
}

/** The template named by the first argument and the bytes of the file named by the second. */
export function templateAndFile(command: string, usage: string): { template: Template; file: string; bytes: Buffer } {
  const [templateId, file] = process.argv.slice(2);
  if (!templateId || !file) failWith(command, `usage: ${usage}`);
  let template: Template | null | undefined;
  try {
    template = loadTemplate(templateId);
  } catch (e) {
    failWith(command, `template "${templateId}" is invalid: ${(e as Error).message.split('\n')[0]}`);
  }
  if (!template) failWith(command, `unknown template "${templateId}"`);
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch {
    failWith(command, `cannot read ${file}`);
  }
  return { template, file, bytes };
}
