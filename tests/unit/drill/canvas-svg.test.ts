import { describe, expect, it } from 'vitest';
import { canvasSvg } from '../../../src/lib/drill/canvas-svg.ts';

describe('the static canvas picture', () => {
  it('draws the area with its holes and one circle per impression, in millimetres', () => {
    const svg = canvasSvg(
      {
        width: 60,
        height: 40,
        region: [
          [0, 0],
          [60, 0],
          [60, 40],
        ],
        holes: [
          [
            [10, 5],
            [20, 5],
            [20, 10],
          ],
        ],
      },
      [
        [10, 10, 0, 0.5],
        [30.123, 20, 700, 1],
      ],
      'Canvas "A" <1>',
    );
    expect(svg).toContain('viewBox="0 0 60 40"');
    expect(svg).toContain('aria-label="Canvas &quot;A&quot; &lt;1>"');
    expect(svg).toContain('M0 0L60 0L60 40ZM10 5L20 5L20 10Z');
    expect(svg).toContain('M29.62 20a0.5 0.5 0 1 0 1 0a0.5 0.5 0 1 0 -1 0'); // the 1 mm impression: two half-arcs
    expect(svg.match(/a0\.25 /g)).toHaveLength(2);
  });
});
