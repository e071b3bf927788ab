/**
 * The drill path's segments (level 2): part of a build between the 30 mm patch and the full
 * templates. Each is a real template the v2 scorer judges like the others: natural work passes
 * and the mistakes a master rejects fail, each with its own finding. The wider sweep is
 * `npx node tests/unit/drill/sweep.ts 40 segment`.
 */
import { describe, expect, it } from 'vitest';
import { estimateWork } from '../../../src/lib/drill/path.ts';
import * as P from '../../../src/lib/drill/patterns.ts';
import { scoreDrill, type DrillScore } from '../../../src/lib/drill/scoring.ts';
import { templateLevel, type Template } from '../../../src/lib/drill/template.ts';
import * as V from '../../../src/lib/drill/variants.ts';
import { allTemplates, template } from '../../support/templates.ts';

const SEGMENTS = ['segment-temple', 'segment-whorl', 'segment-scar-border'] as const;
const SEEDS = [1, 2, 3, 4, 5];

function failsWith(s: DrillScore, says: RegExp): void {
  expect(s.pass).toBe(false);
  expect(
    s.findings.some((f) => f.level === 'fail' && says.test(f.message)),
    s.findings.map((f) => `${f.level}: ${f.message}`).join(' / '),
  ).toBe(true);
}

describe('the segments', () => {
  it('are the level-2 templates: a temple point, part of the whorl and a scar border', () => {
    const level2 = allTemplates()
      .filter((t) => templateLevel(t) === 2)
      .map((t) => t.id)
      .sort();
    expect(level2).toEqual([...SEGMENTS].sort());
    expect(template('segment-temple')).toMatchObject({ family: 'hairline' });
    expect(template('segment-temple').hairlineEdge!.length).toBeGreaterThan(10);
    expect(template('segment-whorl')).toMatchObject({ family: 'crown' });
    expect(template('segment-scar-border')).toMatchObject({ family: 'scar' });
    expect(template('segment-scar-border').holes).toHaveLength(1);
  });

  it.each(SEGMENTS)('%s asks for 150–400 impressions, between the patch and the full templates', (id) => {
    const work = estimateWork(template(id));
    expect(work.impressions).toBeGreaterThanOrEqual(150);
    expect(work.impressions).toBeLessThanOrEqual(400);
    expect(work.impressions).toBeGreaterThan(estimateWork(template('patch-square')).impressions);
    for (const full of allTemplates().filter((t) => templateLevel(t) === 3))
      expect(work.impressions).toBeLessThan(estimateWork(full).impressions);
  });
});

describe.each(SEGMENTS)('on %s', (id) => {
  const t: Template = template(id);

  it('passes natural work (soft edge, human-like clicking, 0.9× and 1.2× the spacing) cleanly', () => {
    const makers = [
      (r: P.Rng) => P.naturalWithSoftEdge(t, r),
      (r: P.Rng) => V.humanLike(t, r),
      (r: P.Rng) => V.naturalAtSpacing(t, 0.9, r),
      (r: P.Rng) => V.naturalAtSpacing(t, 1.2, r),
    ];
    for (const make of makers)
      for (const seed of SEEDS) {
        const s = scoreDrill(t, make(P.seededRng(seed)));
        expect(s.findings.filter((f) => f.level === 'fail')).toEqual([]);
        expect(s.pass).toBe(true);
        expect(s.total).toBeGreaterThanOrEqual(80);
      }
  });

  it('fails a grid: square, hexagonal, ±25 % jittered, and patches of grid', () => {
    for (const seed of SEEDS) {
      failsWith(scoreDrill(t, P.squareGrid(t, P.seededRng(seed))), /grid/);
      failsWith(scoreDrill(t, P.hexGrid(t, P.seededRng(seed))), /grid|honeycomb|too even/);
      failsWith(scoreDrill(t, V.jitteredLattice(t, P.seededRng(seed), false, 0.25)), /grid/);
      failsWith(scoreDrill(t, V.gridPatches(t, P.seededRng(seed))), /Patches of grid/);
    }
  });

  it('fails rows, a bare patch and overworked skin', () => {
    for (const seed of SEEDS) {
      failsWith(scoreDrill(t, P.rows(t, P.seededRng(seed))), /row/);
      failsWith(scoreDrill(t, V.barePatch(t, P.seededRng(seed), 4)), /bare patch/);
      failsWith(scoreDrill(t, V.overworked(t, 1.5, P.seededRng(seed))), /overworked/);
    }
  });

  if (t.hairlineEdge)
    it('fails a hairline worked at full density to the edge, and a ruler-straight front', () => {
      for (const seed of SEEDS) {
        failsWith(scoreDrill(t, P.naturalPattern(t, P.seededRng(seed))), /hairline is too heavy/);
        failsWith(
          scoreDrill(t, V.straightFront(t, P.seededRng(seed))),
          /hairline is too heavy|smooth line|straight row|leaves the design line|stops short/,
        );
        failsWith(scoreDrill(t, V.evenFrontRow(t, P.seededRng(seed))), /too heavy|smooth line/);
      }
    });

  if (t.holes.length)
    it('fails any impression on the scar, however good the rest', () => {
      for (const seed of SEEDS) failsWith(scoreDrill(t, V.inHoles(t, P.seededRng(seed))), /area to leave untouched/);
      // One single impression in the middle of the scar is enough.
      const good = P.naturalPattern(t, P.seededRng(1));
      expect(scoreDrill(t, good).pass).toBe(true);
      const [x, y] = [32, 22];
      failsWith(scoreDrill(t, { xs: [...good.xs, x], ys: [...good.ys, y] }), /1 impression is inside an area/);
    });
});
