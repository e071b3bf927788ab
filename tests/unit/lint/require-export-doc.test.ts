import { RuleTester } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, it } from 'vitest';
import { requireExportDoc } from '../../../lint/require-export-doc.js';

RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

const tester = new RuleTester({ languageOptions: { parser: tseslint.parser } });
const missing = (name: string) => ({ messageId: 'missing', data: { name } });

tester.run('require-export-doc', requireExportDoc, {
  valid: [
    '/** Adds. */\nexport function add(a: number, b: number) { return a + b; }',
    '/** Limit. */\nexport const MAX = 3;',
    '/** Shape. */\nexport interface Point { x: number }',
    '/** Alias. */\nexport type Id = number;',
    '/** Default. */\nexport default function main() {}',
    "export { helper } from './helper.ts';",
    "export * from './helper.ts';",
    'const a = 1;\nexport { a };',
    '/** Overloaded. */\nexport function f(a: string): string;\nexport function f(a: number): number;\nexport function f(a: unknown) { return a; }',
  ],
  invalid: [
    { code: 'export function add(a: number, b: number) { return a + b; }', errors: [missing('add')] },
    { code: '// a line comment is not a doc comment\nexport const MAX = 3;', errors: [missing('MAX')] },
    { code: '/* nor is a plain block */\nexport type Id = number;', errors: [missing('Id')] },
    { code: 'export interface Point { x: number }', errors: [missing('Point')] },
    { code: 'export class Store {}', errors: [missing('Store')] },
    { code: 'export const a = 1, b = 2;', errors: [missing('a, b')] },
    { code: 'export default 42;', errors: [missing('default')] },
    {
      // The doc comment belongs to the first declaration, not to the export after it.
      code: '/** The first. */\nconst first = 1;\nexport const second = first;',
      errors: [missing('second')],
    },
  ],
});
