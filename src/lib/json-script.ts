/**
 * Data handed from a page to its browser code in `<script type="application/json">`.
 * Inside a script element the HTML parser ends the element at `</script` and treats
 * `<!--` specially, so the JSON must never contain those sequences as text.
 */

const UNSAFE = /[<>&\u2028\u2029]/g;

/**
 * `value` as JSON that is safe inside a `<script>` element: `<`, `>`, `&`, U+2028 and U+2029
 * are written as `\uXXXX` escapes, which `JSON.parse` (and JavaScript) read back unchanged.
 * `undefined` becomes `null`.
 */
export function jsonForScript(value: unknown): string {
  const json = JSON.stringify(value) ?? 'null';
  return json.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
