import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../support/temp.ts';
import { naturalPattern, squareGrid, seededRng } from '../../src/lib/drill/patterns.ts';
import { template } from '../support/templates.ts';

const dir = tempDir('stipple-score-');
function file(name: string, content: string): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, content);
  return p;
}
function score(...args: string[]) {
  const r = spawnSync(process.execPath, ['src/cli/score.ts', ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const dotsJson = (xs: number[], ys: number[]) => JSON.stringify({ dots: xs.map((x, i) => ({ x, y: ys[i] })) });

describe('npm run score', () => {
  const crown = template('crown-whorl');

  it('prints one JSON line with the contract fields for natural work, which passes', () => {
    const d = naturalPattern(crown, seededRng(11));
    const r = score('crown-whorl', file('natural.json', dotsJson(d.xs, d.ys)));
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    const out = JSON.parse(r.stdout);
    for (const k of ['total', 'spacing', 'randomness', 'coverage', 'pass', 'scoreVersion', 'ms'])
      expect(out).toHaveProperty(k);
    expect(out.pass).toBe(true);
    expect(out.total).toBeGreaterThanOrEqual(90);
    expect(out.ms).toBeGreaterThan(0);
  });

  it('fails a square grid on randomness', () => {
    const d = squareGrid(crown, seededRng(11));
    const out = JSON.parse(score('crown-whorl', file('grid.json', dotsJson(d.xs, d.ys))).stdout);
    expect(out.pass).toBe(false);
    expect(out.randomness).toBeLessThan(50);
  });

  it('scores an empty canvas 0 without error', () => {
    const r = score('crown-whorl', file('empty.json', '{"dots": []}'));
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ total: 0, pass: false });
  });

  const bad: Array<[string, string, RegExp]> = [
    ['not JSON', 'dots: nope', /is not valid JSON/],
    ['NaN', '{"dots":[{"x":NaN,"y":1}]}', /is not valid JSON/],
    ['a missing coordinate', '{"dots":[{"x":1}]}', /dots\[0\]\.y: y is missing/],
    ['a non-finite coordinate', '{"dots":[{"x":1e999,"y":1}]}', /dots\[0\]\.x: x must be a finite number/],
    ['a string coordinate', '{"dots":[{"x":"3","y":1}]}', /dots\[0\]\.x: x must be a number/],
    ['no dots array', '{"points":[]}', /dots/],
    ['a dot off the canvas', '{"dots":[{"x":500,"y":1}]}', /dots\[0\] lies off the 100×100 mm canvas/],
    [
      'more than 20,000 dots',
      JSON.stringify({ dots: Array.from({ length: 20_001 }, () => ({ x: 1, y: 1 })) }),
      /at most 20,000 impressions/,
    ],
  ];
  for (const [what, content, message] of bad) {
    it(`exits non-zero with a one-line message for ${what}`, () => {
      const r = score('crown-whorl', file(`bad-${what.replace(/\W+/g, '-')}.json`, content));
      expect(r.code).not.toBe(0);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(message);
    });
  }

  it('refuses an unknown template and a missing file', () => {
    const ok = file('one.json', '{"dots":[{"x":1,"y":1}]}');
    const unknown = score('no-such-template', ok);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toMatch(/unknown template "no-such-template"/);
    const missing = score('crown-whorl', path.join(dir, 'absent.json'));
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/cannot read/);
    expect(score('../etc/passwd', ok).stderr).toMatch(/unknown template/);
  });
});
