/**
 * Scoring v2 verdicts on generated work, on every template a pattern applies to, with three
 * seeds each: natural variants a master accepts must pass cleanly; each way of bad work a
 * master rejects must fail with its own fail-level finding (and overlay mark).
 */
import { describe, expect, it } from 'vitest';
import * as P from '../../../src/lib/drill/patterns.ts';
import { scoreDrill, type DrillScore, type MarkKind } from '../../../src/lib/drill/scoring.ts';
import { templateLevel, type Template } from '../../../src/lib/drill/template.ts';
import { sessionPlan } from '../../../src/lib/drill/sessions.ts';
import * as V from '../../../src/lib/drill/variants.ts';
import { allTemplates } from '../../support/templates.ts';

const SEEDS = [11, 12, 13];
const templates = allTemplates();
const hairline = (t: Template) => Boolean(t.hairlineEdge);
const withHoles = (t: Template) => t.holes.length > 0;
const every = () => true;
/**
 * Full templates only. Practice patches (drill level 1, ~100 impressions) are too small for the
 * statistics that tell a ±30 % honeycomb, over-relaxed work or a density gradient from
 * natural work (a handful of order windows, a gradient within the noise); a patch teaches
 * spacing, rows and grids, and the full templates judge the rest. Segments (level 2,
 * 240–330 impressions) are still too small for them too (fewer than 250 interior impressions,
 * so neighbour counts and local areas are not judged): the 40-seed sweep passes a ±30 %
 * honeycomb on every segment, and a density drift across a segment fails only 17 of 20 sheets
 * on the temple point and the whorl. Segments still fail a ±20 % honeycomb, a ±25 % square
 * lattice, grid patches, rows, tracks, bare patches, overwork and a heavy or straight hairline.
 */
const fullTemplate = (t: Template) => templateLevel(t) >= 3;
/** Segments: part of a build (drill level 2). */
const segment = (t: Template) => templateLevel(t) === 2;
/** Templates built in more than one session (a practice patch is worked in one pass). */
const multiSession = (t: Template) => sessionPlan(t).length > 1;

/** No passing sheet carries a fail-level finding; every fail-level sheet fails. */
function consistent(s: DrillScore): void {
  const fails = s.findings.filter((f) => f.level === 'fail');
  if (s.pass) expect(fails).toEqual([]);
  if (fails.length) expect(s.pass).toBe(false);
}

const natural: Array<[string, (t: Template, r: P.Rng) => V.Work]> = [
  ['natural work with a soft hairline', (t, r) => P.naturalWithSoftEdge(t, r)],
  ['an irregular fade 5–10 mm deep', V.irregularFade],
  ['human-like clicking (local sweeps, motor noise, spacing by eye)', V.humanLike],
  ['natural work at 0.9× the spacing', (t, r) => V.naturalAtSpacing(t, 0.9, r)],
  ['natural work at 1.2× the spacing', (t, r) => V.naturalAtSpacing(t, 1.2, r)],
  ['natural work at 1.25× the density', (t, r) => V.naturalAtDensity(t, 1.25, r)],
  ['natural work at 0.7× the density', (t, r) => V.naturalAtDensity(t, 0.7, r)],
  ['finished multi-session work', (t, r) => V.multiSession(t, r)],
];

describe.each(templates.map((t) => [t.id, t] as const))('natural work passes on %s', (_id, t) => {
  for (const [name, make] of natural) {
    it(`passes ${name} (3 seeds) with no fail-level finding and a total of 80+`, () => {
      for (const seed of SEEDS) {
        const s = scoreDrill(t, make(t, P.seededRng(seed)));
        consistent(s);
        expect(s.findings.filter((f) => f.level === 'fail')).toEqual([]);
        expect(s.pass).toBe(true);
        expect(s.total).toBeGreaterThanOrEqual(80);
      }
    });
  }
});

interface Mistake {
  name: string;
  applies: (t: Template) => boolean;
  make: (t: Template, r: P.Rng) => V.Work;
  /** A fail-level finding whose message matches. */
  says: RegExp;
  /** The overlay mark the finding points at, when it has one. */
  mark?: MarkKind;
}

const mistakes: Mistake[] = [
  {
    name: 'full density up to the front edge',
    applies: hairline,
    make: P.naturalPattern,
    says: /hairline is too heavy/,
  },
  { name: 'an evenly drawn front row', applies: hairline, make: V.evenFrontRow, says: /too heavy|smooth line/ },
  { name: 'a perfectly smooth wavy front row', applies: hairline, make: V.smoothWavyFront, says: /smooth line/ },
  {
    name: 'a ruler-straight front ignoring the design line',
    applies: (t) => hairline(t) && !segment(t),
    make: V.straightFront,
    says: /smooth line|straight row|leaves the design line|stops short/,
  },
  {
    // On a temple point the straight line cuts through the recession corner, so the corner is
    // worked at full density right up to the edge: "too heavy" is what fails there first.
    name: 'a ruler-straight front across a temple point',
    applies: (t) => hairline(t) && segment(t),
    make: V.straightFront,
    says: /hairline is too heavy|smooth line|straight row|leaves the design line|stops short/,
  },
  { name: 'a heavy band behind a soft front', applies: hairline, make: V.heavyBandBehindFront, says: /dark band/ },
  {
    name: 'a bare patch four spacings wide',
    applies: every,
    make: (t, r) => V.barePatch(t, r, 4),
    says: /bare patch .* across near the/,
    mark: 'bare',
  },
  { name: '1.5× the target density', applies: every, make: (t, r) => V.overworked(t, 1.5, r), says: /overworked/ },
  { name: '2× the target density', applies: every, make: (t, r) => V.overworked(t, 2, r), says: /overworked/ },
  {
    name: 'impressions on the keloid',
    applies: withHoles,
    make: V.inHoles,
    says: /inside an area to leave untouched near the keloid/,
    mark: 'hole',
  },
  {
    name: 'work spilling 1–2 mm out of the area',
    applies: every,
    make: V.spill,
    says: /outside the treatment area \(up to \d\.\d mm beyond/,
    mark: 'outside',
  },
  {
    name: 'a hexagonal lattice jittered ±20 %',
    applies: every,
    make: (t, r) => V.jitteredLattice(t, r, true, 0.2),
    says: /honeycomb|too even|grid/,
  },
  {
    name: 'a hexagonal lattice jittered ±30 %',
    applies: fullTemplate,
    make: (t, r) => V.jitteredLattice(t, r, true, 0.3),
    says: /too even|honeycomb/,
  },
  {
    name: 'a square lattice jittered ±25 %',
    applies: every,
    make: (t, r) => V.jitteredLattice(t, r, false, 0.25),
    says: /grid/,
  },
  {
    name: 'over-relaxed, machine-even (Lloyd) work',
    applies: fullTemplate,
    make: (t, r) => V.lloydRelaxed(t, r),
    says: /machine-even|too even/,
    mark: 'grid',
  },
  {
    name: 'patches of grid at different angles',
    applies: every,
    make: (t, r) => V.gridPatches(t, r),
    says: /Patches of grid/,
    mark: 'grid',
  },
  { name: 'curved tracks', applies: every, make: V.curvedTracks, says: /curved tracks|rows|row of/, mark: 'track' },
  {
    name: 'one long straight row',
    applies: every,
    make: (t, r) => V.longRow(t, r),
    says: /straight row of 1\d impressions runs near the/,
    mark: 'row',
  },
  {
    name: 'dense on one side, sparse on the other',
    // On segments a density drift fails 17–20 sheets of 20 (temple point and whorl 17, scar border 20).
    applies: fullTemplate,
    make: (t, r) => V.gradient(t, r),
    says: /drifts across the work|thin area|heavy area/,
  },
  {
    name: 'a tenth of impressions double-tapped',
    applies: every,
    make: (t, r) => V.doubleTaps(t, r, 0.1),
    says: /double taps/,
    mark: 'blot',
  },
  {
    name: '3 mm impressions (overlapping blots)',
    applies: every,
    make: (t, r) => V.bigNeedle(t, r, 3),
    says: /touch or overlap a neighbour at their 3\.0 mm diameter/,
    mark: 'blot',
  },
  {
    name: 'a session-1 foundation judged as finished work',
    applies: multiSession,
    make: V.sessionOne,
    says: /impressions it needs|too far apart/,
  },
];

describe.each(templates.map((t) => [t.id, t] as const))('what a master rejects fails on %s', (_id, t) => {
  const natural = SEEDS.map((seed) => scoreDrill(t, P.naturalWithSoftEdge(t, P.seededRng(seed))).total);
  for (const m of mistakes.filter((x) => x.applies(t))) {
    it(`fails ${m.name} (3 seeds) with its own fail-level finding`, () => {
      for (const seed of SEEDS) {
        const s = scoreDrill(t, m.make(t, P.seededRng(seed)));
        consistent(s);
        expect(s.pass).toBe(false);
        const f = s.findings.find((x) => x.level === 'fail' && m.says.test(x.message));
        expect(
          f,
          `${m.name}, seed ${seed}: ${s.findings.map((x) => `${x.level}: ${x.message}`).join(' / ')}`,
        ).toBeDefined();
        if (m.mark) expect(s.overlay.marks!.some((k) => k.kind === m.mark)).toBe(true);
        // The total still ranks it below every natural sheet.
        expect(s.total).toBeLessThan(Math.min(...natural));
      }
    });
  }
});

describe('sessions', () => {
  for (const t of templates.filter(multiSession)) {
    it(`passes a correct session-1 canvas on ${t.id} as session 1 and fails it as finished work`, () => {
      for (const seed of SEEDS) {
        const work = V.sessionOne(t, P.seededRng(seed));
        const asOne = scoreDrill(t, work, { session: 1 });
        consistent(asOne);
        expect(asOne.pass).toBe(true);
        expect(asOne.session).toMatchObject({ session: 1, final: false });
        expect(asOne.edge).toBeNull();
        expect(asOne.findings.some((f) => f.level === 'ok' && /session 1 of/.test(f.message))).toBe(true);
        const finished = scoreDrill(t, work);
        expect(finished.pass).toBe(false);
        expect(finished.session!.final).toBe(true);
      }
    });
  }

  it('flags new impressions placed on top of earlier ones instead of between them', () => {
    const t = templates.find((x) => x.id === 'crown-whorl')!;
    const one = V.sessionOne(t, P.seededRng(3));
    // Session 2 taps right beside the foundation's impressions.
    const xs = [...one.xs, ...one.xs.map((x) => x + 0.2)];
    const ys = [...one.ys, ...one.ys];
    const sessions = [...one.xs.map(() => 1), ...one.xs.map(() => 2)];
    const s = scoreDrill(t, { xs, ys, sessions }, { session: 2 });
    expect(s.pass).toBe(false);
    expect(s.findings.some((f) => f.level === 'fail' && /sit on top of healed ones/.test(f.message))).toBe(true);
    const good = scoreDrill(t, V.multiSession(t, P.seededRng(3), 2), { session: 2 });
    expect(good.metrics.onEarlierShare).toBe(0);
    expect(good.pass).toBe(true);
  });
});

describe('degenerate input exits cleanly with sensible findings', () => {
  for (const t of templates) {
    it(`on ${t.id}`, () => {
      const cases: Array<[string, P.Dots]> = [
        [
          'one line',
          {
            xs: Array.from({ length: 200 }, (_, i) => t.width * 0.2 + i * 0.2),
            ys: Array.from({ length: 200 }, () => t.height / 2),
          },
        ],
        ['500 identical', V.identical(t, 500)],
        ['19,000 in one mm', V.clumpInOneMm(t, P.seededRng(1))],
        ['points exactly on edges', V.onEdges(t)],
      ];
      for (const [name, d] of cases) {
        const s = scoreDrill(t, d);
        consistent(s);
        expect(s.pass, name).toBe(false);
        expect(Number.isFinite(s.total)).toBe(true);
        // Nothing praises degenerate input.
        expect(
          s.findings.filter((f) => f.level === 'ok'),
          name,
        ).toEqual([]);
        expect(s.findings.some((f) => /like natural follicles|evenly covered/.test(f.message))).toBe(false);
      }
    });
  }
});
