import { describe, expect, it } from 'vitest';
import { PEN_GRACE_MS, PenPolicy, type PenSample, type PointerPhase } from '../../../src/client/pen-input.ts';
import { bindPointerEvents, PointerGestures, type TapIntent } from '../../../src/client/pointer-input.ts';

const pen = (x: number, y: number, buttons = 1, button = 0, pointerId = 2): PenSample => ({
  pointerId,
  pointerType: 'pen',
  button,
  buttons,
  x,
  y,
});
const touch = (pointerId: number, x: number, y: number): PenSample => ({
  pointerId,
  pointerType: 'touch',
  button: 0,
  buttons: 1,
  x,
  y,
});
const mouse = (x: number, y: number): PenSample => ({
  pointerId: 1,
  pointerType: 'mouse',
  button: 0,
  buttons: 1,
  x,
  y,
});

const EVENT: Record<PointerPhase, string> = {
  down: 'pointerdown',
  move: 'pointermove',
  up: 'pointerup',
  cancel: 'pointercancel',
  leave: 'pointerleave',
};

/**
 * The policy in front of a real gesture machine, bound by `bindPointerEvents` to a stand-in
 * element at the page's origin, with a clock the test sets: every tap is logged with its
 * intent, and every change of the hover preview.
 */
function rig() {
  const log: string[] = [];
  let clock = 0;
  const policy = new PenPolicy();
  const gestures = new PointerGestures(
    {
      tap: (p, intent: TapIntent) => log.push(`tap ${p.x},${p.y} ${intent}`),
      pan: (dx, dy) => log.push(`pan ${dx},${dy}`),
      zoom: (f) => log.push(`zoom ${Math.round(f * 100) / 100}`),
    },
    { mode: () => 'tap' },
  );
  const el = Object.assign(new EventTarget(), {
    getBoundingClientRect: () => ({ left: 0, top: 0 }),
    setPointerCapture: () => undefined,
  });
  bindPointerEvents(el as unknown as HTMLElement, gestures, {
    pen: policy,
    now: () => clock,
    preview: (p) => log.push(p ? `preview ${p.x},${p.y}` : 'preview hidden'),
  });
  const send = (phase: PointerPhase, s: PenSample) => {
    const { x, y, ...rest } = s;
    el.dispatchEvent(Object.assign(new Event(EVENT[phase]), { ...rest, clientX: x, clientY: y }));
  };
  const tap = (s: PenSample) => {
    send('down', s);
    send('up', { ...s, buttons: 0 });
  };
  return { log, send, tap, policy, advance: (ms: number) => (clock += ms), now: () => clock };
}

describe('pen input with palm rejection', () => {
  it('lets a mouse and a lone finger place, as before any pen', () => {
    const r = rig();
    r.tap(mouse(10, 10));
    r.tap(touch(5, 20, 20));
    expect(r.log).toEqual(['tap 10,10 tool', 'tap 20,20 tool']);
    expect(r.policy.penActive(r.now())).toBe(false);
  });

  it('places with the pen tip and erases with its eraser end (button 5)', () => {
    const r = rig();
    r.tap(pen(30, 30));
    r.tap(pen(40, 40, 32, 5));
    expect(r.log.filter((l) => l.startsWith('tap'))).toEqual(['tap 30,30 tool', 'tap 40,40 erase']);
  });

  it('ignores a palm that lands while the pen touches: no tap, no pinch, the pen still places', () => {
    const r = rig();
    r.send('down', pen(50, 50));
    r.send('down', touch(7, 200, 220)); // the palm
    r.send('move', touch(7, 210, 230));
    r.send('up', touch(7, 210, 230));
    r.send('up', pen(50, 50, 0));
    expect(r.log.filter((l) => !l.startsWith('preview'))).toEqual(['tap 50,50 tool']);
  });

  it('cancels a palm already down when the pen comes down: its release is no tap', () => {
    const r = rig();
    r.send('down', touch(7, 200, 220)); // the palm first, before any pen was seen
    r.send('down', pen(50, 50));
    r.send('up', touch(7, 200, 220));
    r.send('up', pen(50, 50, 0));
    expect(r.log.filter((l) => l.startsWith('tap'))).toEqual(['tap 50,50 tool']);
  });

  it('while the pen hovers in range, a touch places nothing but two fingers still zoom', () => {
    const r = rig();
    r.send('move', pen(60, 60, 0)); // hovering
    r.advance(10_000); // in range however long it hovers
    r.tap(touch(8, 100, 100));
    r.send('down', touch(8, 100, 100));
    r.send('down', touch(9, 200, 100));
    r.send('move', touch(9, 300, 100));
    r.send('up', touch(8, 100, 100));
    r.send('up', touch(9, 300, 100));
    expect(r.log).toEqual(['preview 60,60', 'tap 100,100 view', 'zoom 2', 'pan 50,0']);
  });

  it(`keeps rejecting touches for ${PEN_GRACE_MS} ms after the pen leaves, then lets them place again`, () => {
    const r = rig();
    r.tap(pen(10, 10));
    r.send('leave', pen(10, 10, 0));
    expect(r.policy.penActive(r.now())).toBe(true);
    r.advance(PEN_GRACE_MS - 1);
    r.tap(touch(3, 20, 20));
    r.advance(1);
    expect(r.policy.penActive(r.now())).toBe(false);
    r.tap(touch(4, 30, 30));
    expect(r.log.filter((l) => l.startsWith('tap'))).toEqual(['tap 10,10 tool', 'tap 20,20 view', 'tap 30,30 tool']);
  });

  it('shows the hover preview while the pen hovers and hides it on contact and when the pen leaves', () => {
    const r = rig();
    r.send('move', pen(1, 2, 0));
    r.send('move', pen(3, 4, 0));
    r.send('down', pen(3, 4));
    r.send('move', pen(5, 5)); // a drag while touching: no preview
    r.send('up', pen(5, 5, 0));
    r.send('move', pen(6, 6, 0)); // hovering again after lifting
    r.send('leave', pen(6, 6, 0));
    expect(r.log).toEqual([
      'preview 1,2',
      'preview 3,4',
      'preview hidden',
      'preview hidden',
      'tap 5,5 tool',
      'preview 6,6',
      'preview hidden',
    ]);
  });

  it('never shows a preview for a mouse or a finger', () => {
    const r = rig();
    r.send('move', { ...mouse(1, 1), buttons: 0 });
    r.send('move', { ...touch(3, 2, 2), buttons: 0 });
    expect(r.log).toEqual([]);
  });

  it('a pen cancelled by the browser hides its preview and is no longer touching', () => {
    const r = rig();
    r.send('down', pen(5, 5));
    r.send('cancel', pen(5, 5));
    r.send('leave', pen(5, 5, 0));
    r.advance(PEN_GRACE_MS);
    expect(r.policy.penActive(r.now())).toBe(false);
    r.tap(touch(3, 9, 9));
    expect(r.log).toEqual(['preview hidden', 'preview hidden', 'preview hidden', 'tap 9,9 tool']);
  });
});
