import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../support/temp.ts';
import { naturalPattern, squareGrid, seededRng } from '../../src/lib/drill/patterns.ts';
import { SCORE_VERSION } from '../../src/lib/drill/scoring-config.ts';
import { inHoles, multiSession, sessionOne } from '../../src/lib/drill/variants.ts';
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

  it('reports score version 2 and judges the impression diameter "d" of each dot', () => {
    const d = naturalPattern(crown, seededRng(11));
    const fine = JSON.parse(score('crown-whorl', file('fine.json', dotsJson(d.xs, d.ys))).stdout);
    expect(fine.scoreVersion).toBe(SCORE_VERSION);
    expect(SCORE_VERSION).toBe(2);
    const blots = JSON.stringify({ dots: d.xs.map((x, i) => ({ x, y: d.ys[i], d: 3 })) });
    const out = JSON.parse(score('crown-whorl', file('blots.json', blots)).stdout);
    expect(out.pass).toBe(false);
    expect(
      out.findings.some(
        (f: { level: string; message: string }) => f.level === 'fail' && /3\.0 mm diameter/.test(f.message),
      ),
    ).toBe(true);
  });

  it('judges a canvas as the end of a session with a top-level "session", and as finished work without it', () => {
    const one = sessionOne(crown, seededRng(12));
    const dots = one.xs.map((x, i) => ({ x, y: one.ys[i], session: 1 }));
    const asOne = JSON.parse(score('crown-whorl', file('s1.json', JSON.stringify({ dots, session: 1 }))).stdout);
    expect(asOne.pass).toBe(true);
    expect(asOne.session).toMatchObject({ session: 1, of: 3, name: 'Foundation', final: false });
    const finished = JSON.parse(score('crown-whorl', file('s1-final.json', JSON.stringify({ dots }))).stdout);
    expect(finished.pass).toBe(false);
    expect(finished.session.final).toBe(true);
    const full = multiSession(crown, seededRng(12));
    const all = full.xs.map((x, i) => ({ x, y: full.ys[i], session: full.sessions![i] }));
    expect(JSON.parse(score('crown-whorl', file('s3.json', JSON.stringify({ dots: all }))).stdout).pass).toBe(true);
  });

  it('fails impressions on the keloid with a message saying where', () => {
    const scar = template('scar-patch');
    const d = inHoles(scar, seededRng(13), 2);
    const out = JSON.parse(score('scar-patch', file('keloid.json', dotsJson(d.xs, d.ys))).stdout);
    expect(out.pass).toBe(false);
    expect(out.counts.inHole).toBe(2);
    expect(out.findings[0]).toMatchObject({ level: 'fail', criterion: 'coverage' });
    expect(
      out.findings.some((f: { message: string }) =>
        /2 impressions are inside an area to leave untouched near the keloid/.test(f.message),
      ),
    ).toBe(true);
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
    ['a diameter too large', '{"dots":[{"x":1,"y":1,"d":5}]}', /dots\[0\]\.d: d must be at most 3 mm/],
    ['a diameter that is not a number', '{"dots":[{"x":1,"y":1,"d":"big"}]}', /dots\[0\]\.d: d must be a number/],
    [
      'a fractional session',
      '{"dots":[{"x":1,"y":1,"session":1.5}]}',
      /dots\[0\]\.session: session must be a whole number/,
    ],
    ['a session beyond the plan', '{"dots":[{"x":1,"y":1}],"session":4}', /session 4 is beyond the 3 sessions/],
    [
      'a dot session beyond the plan',
      '{"dots":[{"x":1,"y":1,"session":4}]}',
      /dots\[0\]\.session is beyond the 3 sessions/,
    ],
    ['a session of 0', '{"dots":[],"session":0}', /session: session must be 1 or more/],
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
