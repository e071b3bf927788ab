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

/** A copy of the real course with one lesson's frontmatter edited. */
function brokenCopy(lesson: string, edit: (frontmatter: string) => string): string {
  const dir = tempDir('stipple-courses-');
  fs.cpSync('content/courses', dir, { recursive: true });
  const file = path.join(dir, 'smp-foundations', 'lessons', `${lesson}.mdx`);
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
