/**
 * Calibration: every natural variant passes on every template for seeds 1–10 (not only the
 * three seeds of verdicts.test.ts), with no fail-level finding and a total of 80+. The row,
 * track and grid-patch bands were set from a 20-seed sweep (`tests/unit/drill/sweep.ts`).
 */
import { describe, expect, it } from 'vitest';
import * as P from '../../../src/lib/drill/patterns.ts';
import { scoreDrill } from '../../../src/lib/drill/scoring.ts';
import { allTemplates } from '../../support/templates.ts';
import { NATURAL_VARIANTS } from './natural-variants.ts';

const SEEDS = Array.from({ length: 10 }, (_, i) => i + 1);

describe.each(allTemplates().map((t) => [t.id, t] as const))('natural work on %s, seeds 1–10', (_id, t) => {
  for (const [name, make, session] of NATURAL_VARIANTS) {
    it(`passes ${name} on every seed`, () => {
      const failed: string[] = [];
      for (const seed of SEEDS) {
        const s = scoreDrill(t, make(t, P.seededRng(seed)), session ? { session } : undefined);
        const fails = s.findings.filter((f) => f.level === 'fail');
        if (!s.pass || fails.length || s.total < 80)
          failed.push(`seed ${seed}: total ${s.total}; ${fails.map((f) => f.message).join(' | ')}`);
      }
      expect(failed).toEqual([]);
    });
  }
});
