import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../support/temp.ts';

/** Runs the pre-build content check (first step of `npm run build`) on a courses folder. */
function check(coursesDir?: string) {
  const r = spawnSync(process.execPath, ['src/cli/check-content.ts'], {
    encoding: 'utf8',
    env: { ...process.env, ...(coursesDir ? { STIPPLE_COURSES: coursesDir } : {}) },
  });
  return { code: r.status, out: r.stdout + r.stderr };
}

/** A copy of the real course with one lesson's (or check's) frontmatter edited. */
function brokenCopy(lesson: string, edit: (frontmatter: string) => string, folder = 'lessons'): string {
  const dir = tempDir('stipple-courses-');
  fs.cpSync('content/courses', dir, { recursive: true });
  const file = path.join(dir, 'smp-foundations', folder, `${lesson}.mdx`);
  const text = fs.readFileSync(file, 'utf8');
  const end = text.indexOf('\n---', 4);
  fs.writeFileSync(file, edit(text.slice(0, end)) + text.slice(end));
  return dir;
}

describe('the build gate on course content', () => {
  it('passes the real course', () => {
    const r = check();
    expect(r.code).toBe(0);
    expect(r.out).toContain('16 lessons, 5 checks — consistent');
    expect(r.out).toContain('check skin-and-depth asks 7 of a bank of 15 questions');
  });

  it('fails the build on a question bank smaller than twice what an attempt asks', () => {
    const r = check(brokenCopy('artistry', (f) => f.replace('ask: 7', 'ask: 8'), 'checks'));
    expect(r.code).toBe(1);
    expect(r.out).toContain('check artistry: an attempt asks 8 questions, so the bank needs at least 16; it has 15');
  });

  it('fails the build on a question linked to a section its lesson does not have', () => {
    const r = check(
      brokenCopy('client-care', (f) => f.replace('section: long-term-care', 'section: long-term-cares'), 'checks'),
    );
    expect(r.code).toBe(1);
    expect(r.out).toContain(
      'check client-care: question long-term points at section "long-term-cares", not a heading of healing-and-aftercare',
    );
  });

  it('fails the build on correct options bunched at one position', () => {
    // Every single-choice answer of the hygiene bank moved to the first option.
    const r = check(
      brokenCopy(
        'hygiene-and-safety',
        (f) =>
          f
            .split('\n  - id: ')
            .map((q) => {
              if (!/kind: single/.test(q)) return q;
              const answer = /answer: \[([a-z0-9-]+)\]/.exec(q)![1]!;
              const lines = q.split('\n');
              const options = lines.filter((l) => l.startsWith('      - {'));
              const right = options.find((l) => l.includes(`id: ${answer},`))!;
              const reordered = [right, ...options.filter((l) => l !== right)];
              let i = 0;
              return lines.map((l) => (l.startsWith('      - {') ? reordered[i++]! : l)).join('\n');
            })
            .join('\n  - id: '),
        'checks',
      ),
    );
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/check hygiene-and-safety: \d+% of the correct options are option 1; spread them/);
  });

  it('fails the build on a prerequisite that does not exist', () => {
    const r = check(
      brokenCopy('reading-the-skin', (f) => f.replace('  - finding-the-right-depth', '  - finding-the-wrong-depth')),
    );
    expect(r.code).toBe(1);
    expect(r.out).toContain('lesson reading-the-skin: prerequisite "finding-the-wrong-depth" does not exist');
    expect(r.out).toContain('Content check failed');
  });

  it('fails the build on two lessons with the same order in a module', () => {
    const r = check(brokenCopy('reading-the-skin', (f) => f.replace('order: 3', 'order: 2')));
    expect(r.code).toBe(1);
    expect(r.out).toContain('both have order 2 in module skin-and-depth');
  });

  it('fails the build on a prerequisite loop', () => {
    const r = check(
      brokenCopy('scalp-skin-anatomy', (f) => f.replace('prerequisites: []', 'prerequisites:\n  - reading-the-skin')),
    );
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/prerequisites loop: .*scalp-skin-anatomy/);
  });
});
