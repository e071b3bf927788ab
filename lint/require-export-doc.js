// @ts-check
/**
 * ESLint rule `stipple/require-export-doc`: every exported declaration carries a doc comment
 * (a block comment starting with `/**`) right before it, so a reader of `src/lib`, `src/server`
 * and `src/client` learns what an export is for without reading its body. Re-exports
 * (`export { x } from …`, `export * from …`) and the later signatures of an overloaded function
 * are not reported.
 */

/** @param {import('eslint').AST.Program['body'][number]} node */
function exportedNames(node) {
  if (node.type === 'ExportDefaultDeclaration') return ['default'];
  if (node.type !== 'ExportNamedDeclaration' || !node.declaration) return [];
  const d =
    /** @type {{ type: string, id?: { name?: string } | null, declarations?: Array<{ id: { type: string, name?: string } }> }} */ (
      node.declaration
    );
  if (d.type === 'VariableDeclaration') {
    return (d.declarations ?? []).map((v) => (v.id.type === 'Identifier' ? (v.id.name ?? '?') : '(destructured)'));
  }
  return [d.id?.name ?? '?'];
}

/** @type {import('eslint').Rule.RuleModule} */
export const requireExportDoc = {
  meta: {
    type: 'suggestion',
    docs: { description: 'Require a doc comment (/** … */) on every exported declaration' },
    schema: [],
    messages: { missing: "Export '{{name}}' has no doc comment (/** … */) saying what it is for." },
  },
  create(context) {
    const source = context.sourceCode;
    return {
      Program(program) {
        /** @type {Set<string>} names already documented, so overload signatures after the first pass */
        const seen = new Set();
        for (const node of program.body) {
          const names = exportedNames(node);
          if (names.length === 0) continue;
          const before = source.getCommentsBefore(node).at(-1);
          const documented = before?.type === 'Block' && before.value.startsWith('*');
          const overload = names.length === 1 && seen.has(names[0] ?? '');
          if (!documented && !overload)
            context.report({ node, messageId: 'missing', data: { name: names.join(', ') } });
          for (const name of names) seen.add(name);
        }
      },
    };
  },
};

/** The local plugin holding the rule, for `plugins: { stipple: … }` in eslint.config.js. */
export default { rules: { 'require-export-doc': requireExportDoc } };
