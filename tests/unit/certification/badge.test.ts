import { describe, expect, it } from 'vitest';
import { badgeSvg, wrapWords } from '../../../src/lib/certification/badge.ts';

describe('the badge image', () => {
  it('shows the program, hours and academy, escaped', () => {
    const svg = badgeSvg({ programName: 'SMP <Level 1>', hours: 40, academyName: 'Reyes & Co' });
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).toContain('<title>SMP &lt;Level 1&gt; — Reyes &amp; Co</title>');
    expect(svg).toContain('40 hours');
    expect(svg).toContain('REYES &amp; CO');
    expect(svg).not.toContain('<Level');
  });
  it('wraps long names into at most three lines, cutting the rest', () => {
    expect(wrapWords('SMP Technician — Level 1', 16, 3)).toEqual(['SMP Technician —', 'Level 1']);
    const lines = wrapWords('one two three four five six seven eight nine ten eleven twelve', 10, 3);
    expect(lines).toHaveLength(3);
    expect(lines[2]!.endsWith('…')).toBe(true);
    expect(wrapWords('Supercalifragilisticexpialidocious', 10, 3)).toEqual(['Supercali…']);
  });
});
