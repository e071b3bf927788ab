/**
 * How the problem overlay strokes each kind of mark (colour, dashed or solid), without the
 * legend's words: the score worker paints with these, the legends add their words
 * (`./overlay-legend.ts`).
 */
import type { MarkKind } from '../lib/drill/scoring.ts';

/** Stroke colour and dash of every overlay mark kind of scoring v2 (circles in mm round the problem). */
export const MARK_LOOKS: Record<MarkKind, { colour: string; dashed: boolean }> = {
  bare: { colour: '#e07b00', dashed: true },
  heavy: { colour: '#c62828', dashed: false },
  thin: { colour: '#f0a500', dashed: true },
  grid: { colour: '#00838f', dashed: false },
  track: { colour: '#3949ab', dashed: true },
  row: { colour: '#2f6fdf', dashed: false },
  blot: { colour: '#6d4c41', dashed: false },
  hole: { colour: '#ad1457', dashed: false },
  outside: { colour: '#8e24aa', dashed: false },
  'front-gap': { colour: '#9b6b47', dashed: true },
  'on-earlier': { colour: '#5d4037', dashed: true },
};

/** Colour of track lines (curved rows) in the overlay. */
export const TRACK_COLOUR = MARK_LOOKS.track.colour;
