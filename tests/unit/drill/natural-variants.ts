/**
 * The natural variants a master accepts (each with the session it is judged as, when not
 * finished work), shared by the calibration test and the calibration sweep script.
 */
import * as P from '../../../src/lib/drill/patterns.ts';
import type { Template } from '../../../src/lib/drill/template.ts';
import * as V from '../../../src/lib/drill/variants.ts';

/** Makes one sheet of work on a template from a seeded generator. */
export type Make = (t: Template, r: P.Rng) => V.Work;

/** Name, generator and (for unfinished work) the session it is judged as. */
export const NATURAL_VARIANTS: Array<[string, Make, number?]> = [
  ['soft fade', (t, r) => P.naturalWithSoftEdge(t, r)],
  ['irregular fade', V.irregularFade],
  ['human-like', V.humanLike],
  ['0.9× spacing', (t, r) => V.naturalAtSpacing(t, 0.9, r)],
  ['1.2× spacing', (t, r) => V.naturalAtSpacing(t, 1.2, r)],
  ['1.25× density', (t, r) => V.naturalAtDensity(t, 1.25, r)],
  ['0.7× density', (t, r) => V.naturalAtDensity(t, 0.7, r)],
  ['multi-session', (t, r) => V.multiSession(t, r)],
  ['session 1 as 1', V.sessionOne, 1],
];
