/**
 * Keyboard work can be natural: a trainee who only uses the arrow keys (free-hand steps of
 * about half a spacing, `keyboardStep`) and Enter, placing every two or three steps along
 * serpentine rows, passes the practice patch; with the old exact one-spacing steps the same
 * routine reads as a grid and fails.
 */
import { describe, expect, it } from 'vitest';
import { keyboardStep } from '../../../src/client/drill-keyboard.ts';
import { scoreDrill } from '../../../src/lib/drill/scoring.ts';
import { seededRng } from '../../../src/lib/drill/patterns.ts';
import { template } from '../../support/templates.ts';
import { workPatchByKeyboard } from '../../support/keyboard-user.ts';

const DIR: Record<string, [number, number]> = {
  ArrowLeft: [-1, 0],
  ArrowRight: [1, 0],
  ArrowUp: [0, -1],
  ArrowDown: [0, 1],
};

async function play(choose: () => number, step: (d: [number, number], fine: boolean) => [number, number]) {
  const t = template('patch-square');
  let x = t.width / 2;
  let y = t.height / 2;
  const dots: Array<{ x: number; y: number }> = [];
  await workPatchByKeyboard(
    { left: 5, top: 5, right: 35, bottom: 35, spacing: t.targetSpacingMm },
    () => ({ x, y }),
    (k) => {
      if (k === 'Enter') return void dots.push({ x, y });
      const fine = k.startsWith('Shift+');
      const [dx, dy] = step(DIR[k.replace('Shift+', '')]!, fine);
      x = Math.min(t.width, Math.max(0, x + dx));
      y = Math.min(t.height, Math.max(0, y + dy));
    },
    choose,
  );
  return scoreDrill(t, { xs: dots.map((d) => d.x), ys: dots.map((d) => d.y) });
}

describe('keyboard work on the practice patch', () => {
  const t = template('patch-square');

  it('passes with free-hand steps, for every seed', async () => {
    for (let seed = 1; seed <= 12; seed++) {
      const random = seededRng(seed);
      const score = await play(seededRng(100 + seed), (d, fine) => keyboardStep(t.targetSpacingMm, d, fine, random));
      expect({
        seed,
        pass: score.pass,
        fails: score.findings.filter((f) => f.level === 'fail').map((f) => f.message),
      }).toEqual({ seed, pass: true, fails: [] });
    }
  });

  it('fails the old keyboard’s routine: exact one-spacing steps, Enter after each (a grid)', () => {
    const xs: number[] = [];
    const ys: number[] = [];
    for (let y = 6; y < 35; y += t.targetSpacingMm)
      for (let x = 6; x < 35; x += t.targetSpacingMm) {
        xs.push(x);
        ys.push(y);
      }
    const score = scoreDrill(t, { xs, ys });
    expect(score.pass).toBe(false);
    expect(score.findings.some((f) => f.level === 'fail' && /grid/.test(f.message))).toBe(true);
  });
});
