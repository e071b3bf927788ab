import { describe, expect, it } from 'vitest';
import { jsonForScript } from '../../../src/lib/json-script.ts';

describe('jsonForScript', () => {
  const hostile = {
    name: '</script><script>alert(1)</script>',
    comment: '<!-- x --> & <b>',
    lines: 'a\u2028b\u2029c',
    nested: [{ text: '</SCRIPT >' }],
  };

  it('leaves no character that can end or confuse a <script> element', () => {
    const out = jsonForScript(hostile);
    expect(out).not.toMatch(/[<>&\u2028\u2029]/);
    expect(out).toContain('\\u003c/script\\u003e');
    expect(out).toContain('\\u0026');
    expect(out).toContain('\\u2028');
    expect(out).toContain('\\u2029');
  });

  it('reads back unchanged with JSON.parse and as a JavaScript literal', () => {
    const out = jsonForScript(hostile);
    expect(JSON.parse(out)).toEqual(hostile);
    expect(new Function(`return ${out};`)()).toEqual(hostile);
  });

  it('keeps plain data as JSON.stringify writes it, and writes undefined as null', () => {
    const plain = { dots: [[1.5, 2, 0, 0.3]], ok: true, n: null };
    expect(jsonForScript(plain)).toBe(JSON.stringify(plain));
    expect(jsonForScript(undefined)).toBe('null');
  });
});
