import { describe, expect, it } from 'vitest';
import {
  areaOf,
  distanceToPolyline,
  inArea,
  pointInRing,
  ringArea,
  arcPositionOnPolyline,
} from '../../../src/lib/drill/geometry.ts';
import { rasterInArea, rasterizeArea } from '../../../src/lib/drill/raster.ts';

const square = [
  [0, 0],
  [10, 0],
  [10, 10],
  [0, 10],
] as const;
const hole = [
  [4, 4],
  [6, 4],
  [6, 6],
  [4, 6],
] as const;

describe('geometry', () => {
  it('measures polygon areas, with holes cut out', () => {
    expect(ringArea(square)).toBe(100);
    expect(areaOf({ region: square, holes: [hole] })).toBe(96);
  });

  it('tells inside from outside and from a hole', () => {
    expect(pointInRing(5, 5, square)).toBe(true);
    expect(pointInRing(11, 5, square)).toBe(false);
    expect(inArea(5, 5, { region: square, holes: [hole] })).toBe(false);
    expect(inArea(2, 2, { region: square, holes: [hole] })).toBe(true);
  });

  it('measures distance and position along a polyline', () => {
    const line = [
      [0, 0],
      [10, 0],
      [10, 10],
    ] as const;
    expect(distanceToPolyline(5, 3, line)).toBe(3);
    expect(distanceToPolyline(13, 5, line)).toBe(3);
    expect(arcPositionOnPolyline(5, 3, line)).toBe(5);
    expect(arcPositionOnPolyline(12, 4, line)).toBe(14);
  });

  it('rasterises the same area the exact test describes', () => {
    const area = { region: square, holes: [hole] };
    const r = rasterizeArea(area, 12, 12, 0.5);
    expect(r.areaCells * 0.25).toBeCloseTo(96, 0);
    for (let i = 0; i < 2000; i++) {
      const x = (i * 7.31) % 12;
      const y = (i * 3.77) % 12;
      expect(rasterInArea(r, x, y)).toBe(inArea(x, y, area));
    }
  });
});
