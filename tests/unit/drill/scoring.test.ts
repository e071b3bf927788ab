import { describe, expect, it } from 'vitest';
import * as P from '../../../src/lib/drill/patterns.ts';
import { SCORE_VERSION } from '../../../src/lib/drill/scoring-config.ts';
import { scoreDrill } from '../../../src/lib/drill/scoring.ts';
import { allTemplates, template } from '../../support/templates.ts';

const MARGIN = 20;

describe.each(allTemplates().map((t) => [t.id, t] as const))('score separation on %s', (_id, t) => {
  const seeds = [1, 2, 3];
  const natural = seeds.map((seed) => scoreDrill(t, P.naturalWithSoftEdge(t, P.seededRng(seed))));
  const worstNatural = Math.min(...natural.map((s) => s.total));

  it('passes natural (Poisson-disk) work at the target spacing', () => {
    for (const s of natural) {
      expect(s.pass).toBe(true);
      expect(s.total).toBeGreaterThanOrEqual(90);
    }
  });

  const n = P.naturalPattern(t, P.seededRng(9)).xs.length;
  const mistakes: Array<[string, () => P.Dots, 'spacing' | 'randomness' | 'coverage']> = [
    ['a square grid', () => P.squareGrid(t, P.seededRng(4)), 'randomness'],
    ['a hex grid', () => P.hexGrid(t, P.seededRng(4)), 'randomness'],
    ['a grid jittered ±12.5 %', () => P.squareGrid(t, P.seededRng(4), 0.125), 'randomness'],
    ['rows', () => P.rows(t, P.seededRng(4)), 'randomness'],
    ['a clustered pattern', () => P.clustered(t, n, 25, 1.2 * t.targetSpacingMm, P.seededRng(4)), 'spacing'],
    ['uniform random placement', () => P.uniformRandom(t, n, P.seededRng(4)), 'spacing'],
    ['a sparse pattern at 3× spacing', () => P.sparse(t, 3, P.seededRng(4)), 'coverage'],
    ['work covering half the region', () => P.halfCovered(t, P.seededRng(4)), 'coverage'],
  ];
  for (const [name, make, failing] of mistakes) {
    it(`fails ${name} on ${failing}, ${MARGIN}+ points below natural work`, () => {
      const s = scoreDrill(t, make());
      expect(s.pass).toBe(false);
      expect(s[failing]).toBeLessThan(50);
      expect(worstNatural - s.total).toBeGreaterThanOrEqual(MARGIN);
      expect(s.findings.some((f) => f.criterion === failing && f.level === 'fail')).toBe(true);
    });
  }
});

describe('explanations', () => {
  const crown = template('crown-whorl');
  it('names clumps with a count and the distance that makes them blur', () => {
    const s = scoreDrill(crown, P.clustered(crown, 600, 25, 3, P.seededRng(1)));
    const f = s.findings.find((x) => x.criterion === 'spacing' && x.message.includes('closer than'))!;
    expect(f.message).toMatch(
      /^\d+ impressions are closer than 0\.6× the spacing \(1\.5 mm\) to a neighbour: they will blur into blots/,
    );
    expect(s.overlay.clumps.length).toBeGreaterThan(50);
  });

  it('names rows and returns them for the overlay', () => {
    const s = scoreDrill(crown, P.rows(crown, P.seededRng(1)));
    expect(s.findings.map((f) => f.message).join(' ')).toMatch(/straight, evenly spaced lines \(rows\)/);
    expect(s.overlay.rows.length).toBeGreaterThan(10);
  });

  it('says where the largest gap is, by the nearest landmark', () => {
    const nat = P.naturalPattern(crown, P.seededRng(3));
    const keep = nat.xs.map((x, i) => Math.hypot(x - 18, nat.ys[i]! - 50) > 8);
    const s = scoreDrill(crown, { xs: nat.xs.filter((_, i) => keep[i]), ys: nat.ys.filter((_, i) => keep[i]) });
    const gapFinding = s.findings.find((f) => f.message.includes('bare skin'))!;
    expect(gapFinding.message).toContain('near the left side of the crown');
    expect(s.overlay.gaps[0]!.where).toBe('near the left side of the crown');
  });

  it('calls out a hard hairline and praises a soft one', () => {
    const frontal = template('frontal-hairline');
    const hard = scoreDrill(frontal, P.naturalPattern(frontal, P.seededRng(2)));
    const soft = scoreDrill(frontal, P.naturalWithSoftEdge(frontal, P.seededRng(2)));
    expect(hard.edge!).toBeLessThan(50);
    expect(hard.findings.some((f) => f.criterion === 'edge' && /too heavy/.test(f.message))).toBe(true);
    expect(soft.edge).toBe(100);
    expect(soft.findings.some((f) => f.criterion === 'edge' && f.level === 'ok')).toBe(true);
  });
});

describe('small and empty canvases', () => {
  const crown = template('crown-whorl');
  it('scores an empty canvas 0 without error', () => {
    const s = scoreDrill(crown, { xs: [], ys: [] });
    expect(s).toMatchObject({
      total: 0,
      spacing: 0,
      randomness: 0,
      coverage: 0,
      pass: false,
      scoreVersion: SCORE_VERSION,
    });
    expect(s.findings[0]!.message).toBe('Place impressions on the canvas to get a score.');
  });

  it('scores only spacing below 20 impressions', () => {
    const xs = [40, 42.5, 45, 41, 43.6, 46, 40.2, 42.8, 45.4, 43];
    const ys = [40, 40.3, 40, 42.2, 42.4, 42.1, 44.6, 44.5, 44.8, 47];
    const s = scoreDrill(crown, { xs, ys });
    expect(s.spacing).toBeGreaterThan(0);
    expect(s.randomness).toBe(0);
    expect(s.coverage).toBe(0);
    expect(s.findings.some((f) => f.message.startsWith('Place at least 20 impressions'))).toBe(true);
  });

  it('is deterministic', () => {
    const d = P.naturalPattern(crown, P.seededRng(5));
    expect(scoreDrill(crown, d)).toEqual(scoreDrill(crown, d));
  });
});
