import { describe, expect, it } from 'vitest';
import { drillLock, drillPath, estimateWork } from '../../../src/lib/drill/path.ts';
import { allTemplates, template } from '../../support/templates.ts';
import { submitQuestion, whatFails } from '../../../src/client/work-guide.ts';
import { scoreDrill } from '../../../src/lib/drill/scoring.ts';
import * as P from '../../../src/lib/drill/patterns.ts';

describe('estimateWork', () => {
  it('says how many impressions a finished canvas holds and how long it takes', () => {
    // 30 × 30 mm at 2.5 mm: natural work holds 0.72 × 900 / 6.25 ≈ 104 impressions, two seconds each.
    expect(estimateWork(template('patch-square'))).toEqual({ impressions: 104, minutes: 3 });
    const crown = estimateWork(template('crown-whorl'));
    expect(crown.impressions).toBeGreaterThan(500);
    expect(crown.minutes).toBeGreaterThan(15);
  });
});

describe('drillPath', () => {
  const templates = allTemplates();

  it('puts the patches first and the full templates last, each template in one level', () => {
    const path = drillPath(templates, new Set());
    expect(path.map((l) => l.level)).toEqual([...new Set(templates.map((t) => t.level))].sort());
    expect(path[0]!.templates.map((t) => t.id)).toContain('patch-square');
    expect(path.at(-1)!.templates.map((t) => t.id)).toContain('crown-whorl');
    expect(path.flatMap((l) => l.templates).length).toBe(templates.length);
  });

  it('opens only the first level for a new trainee, and the next once a canvas of the level before passed', () => {
    const fresh = drillPath(templates, new Set());
    expect(fresh.map((l) => l.open)).toEqual(fresh.map((_, i) => i === 0));
    const after = drillPath(templates, new Set(['patch-square']));
    expect(after[0]).toMatchObject({ passed: true, open: true });
    expect(after[1]).toMatchObject({ open: true, after: 1 });
  });
});

describe('drillLock: the one lock rule of pages and API', () => {
  const templates = allTemplates();
  const crown = template('crown-whorl');
  const whorl = template('segment-whorl');
  const patch = template('patch-square');

  it('opens level 1 to everyone and locks the later levels for a new trainee, naming what to pass first', () => {
    expect(drillLock(templates, patch, new Set(), 'trainee')).toBeNull();
    const seg = drillLock(templates, whorl, new Set(), 'trainee')!;
    expect(seg).toMatchObject({ level: 2, after: 1, afterName: 'Small patches' });
    expect(seg.passFirst.map((t) => t.id)).toEqual(['patch-square']);
    expect(seg.message).toContain('Pass level 1 first: “Practice patch: 30 mm square”');
    const full = drillLock(templates, crown, new Set(), 'trainee')!;
    expect(full).toMatchObject({ level: 3, after: 2 });
    expect(full.passFirst.map((t) => t.id).sort()).toEqual(['segment-scar-border', 'segment-temple', 'segment-whorl']);
    expect(full.message).toContain('Level 2 itself opens after level 1.');
  });

  it('opens each level once a template of the level before is passed, one level at a time', () => {
    expect(drillLock(templates, whorl, new Set(['patch-square']), 'trainee')).toBeNull();
    expect(drillLock(templates, crown, new Set(['patch-square']), 'trainee')).toMatchObject({ level: 3, after: 2 });
    expect(drillLock(templates, crown, new Set(['patch-square', 'segment-scar-border']), 'trainee')).toBeNull();
  });

  it('never locks staff', () => {
    expect(drillLock(templates, crown, new Set(), 'instructor')).toBeNull();
    expect(drillLock(templates, crown, new Set(), 'admin')).toBeNull();
  });
});

describe('the submit guard', () => {
  it('names what fails on a canvas that does not pass, and asks the plain question on one that passes', () => {
    const t = template('patch-square');
    const sparse = scoreDrill(t, P.sparse(t, 2.2, P.seededRng(3)));
    expect(sparse.pass).toBe(false);
    const fails = whatFails(sparse);
    expect(fails.length).toBeGreaterThan(0);
    expect(submitQuestion(sparse, 1)).toMatch(/^This canvas does not pass yet:\n• /);
    expect(submitQuestion(sparse, 1)).toContain(fails[0]);
    const natural = scoreDrill(t, P.naturalPattern(t, P.seededRng(3)));
    expect(natural.pass).toBe(true);
    expect(whatFails(natural)).toEqual([]);
    expect(submitQuestion(natural, 1)).toMatch(/^Submit this canvas for review/);
  });
});
