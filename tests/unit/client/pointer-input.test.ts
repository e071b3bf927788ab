import { describe, expect, it } from 'vitest';
import {
  bindPointerEvents,
  PointerGestures,
  WHEEL_ZOOM_STEP,
  type InputMode,
  type PointerSample,
} from '../../../src/client/pointer-input.ts';

/** Records every gesture reported, in order, as short strings. */
function recorder(mode: InputMode = 'tap') {
  const log: string[] = [];
  const r = (v: number) => Math.round(v * 1000) / 1000;
  let current = mode;
  const gestures = new PointerGestures(
    {
      tap: (p) => log.push(`tap ${r(p.x)},${r(p.y)}`),
      pan: (dx, dy) => log.push(`pan ${r(dx)},${r(dy)}`),
      zoom: (f, at) => log.push(`zoom ${r(f)} at ${r(at.x)},${r(at.y)}`),
      press: (p) => log.push(`press ${r(p.x)},${r(p.y)}`),
      drag: (p) => log.push(`drag ${r(p.x)},${r(p.y)}`),
      release: (p) => log.push(`release ${r(p.x)},${r(p.y)}`),
      cancelStroke: () => log.push('cancel'),
    },
    { mode: () => current },
  );
  return { gestures, log, setMode: (m: InputMode) => (current = m) };
}

const touch = (pointerId: number, x: number, y: number): PointerSample => ({
  pointerId,
  pointerType: 'touch',
  button: 0,
  x,
  y,
});
const mouse = (x: number, y: number, button = 0): PointerSample => ({
  pointerId: 1,
  pointerType: 'mouse',
  button,
  x,
  y,
});

/** A one-finger tap as Chromium reports it in Pointer Events. */
function tapWithFinger(g: PointerGestures, id: number, x: number, y: number): void {
  g.down(touch(id, x, y));
  g.up(touch(id, x, y));
}

/** Two fingers pinching apart by `spread` pixels each, then lifting one after the other. */
function pinch(g: PointerGestures, a: number, b: number, spread: number): void {
  g.down(touch(a, 100, 100));
  g.down(touch(b, 200, 100));
  g.move(touch(a, 100 - spread, 100));
  g.move(touch(b, 200 + spread, 100));
  g.up(touch(a, 100 - spread, 100));
  g.move(touch(b, 210 + spread, 120)); // the remaining finger wanders before it lifts
  g.up(touch(b, 210 + spread, 120));
}

describe('taps', () => {
  it('a mouse click is one tap at the release point', () => {
    const { gestures, log } = recorder();
    gestures.down(mouse(10, 20));
    gestures.up(mouse(10, 20));
    expect(log).toEqual(['tap 10,20']);
  });

  it('a finger tap is one tap: only pointer events are read, so emulated mouse events cannot add a second', () => {
    const { gestures, log } = recorder();
    // What reaches the logic after a tap: one pointerdown and one pointerup for the touch
    // pointer. The compatibility mousedown/mouseup/click that follow are not pointer events.
    tapWithFinger(gestures, 7, 30, 40);
    // A repeated release, or a release of a pointer never pressed, means nothing.
    gestures.up(touch(7, 30, 40));
    gestures.up(touch(99, 30, 40));
    expect(log).toEqual(['tap 30,40']);
  });

  it('each pointer is pressed once: a repeated press of a pointer already down is ignored', () => {
    const { gestures, log } = recorder();
    expect(gestures.down(touch(3, 5, 5))).toBe(true);
    expect(gestures.down(touch(3, 5, 5))).toBe(false);
    gestures.up(touch(3, 5, 5));
    expect(log).toEqual(['tap 5,5']);
    expect(gestures.pointersDown).toBe(0);
  });

  it('taps come through however soon they follow the page load or each other: there is no clock', () => {
    const { gestures, log } = recorder();
    for (let i = 0; i < 5; i++) tapWithFinger(gestures, 10 + i, i * 10, 0);
    expect(log).toEqual(['tap 0,0', 'tap 10,0', 'tap 20,0', 'tap 30,0', 'tap 40,0']);
  });

  it('a tap right after a pinch counts; the pinching fingers never tap', () => {
    const { gestures, log } = recorder();
    pinch(gestures, 1, 2, 50);
    expect(log.filter((l) => l.startsWith('tap'))).toEqual([]);
    tapWithFinger(gestures, 3, 60, 70);
    expect(log.at(-1)).toBe('tap 60,70');
    expect(log.filter((l) => l.startsWith('tap'))).toHaveLength(1);
  });

  it('a finger tapping while another is down is part of a pinch, not a tap', () => {
    const { gestures, log } = recorder();
    gestures.down(touch(1, 0, 0));
    tapWithFinger(gestures, 2, 50, 0);
    gestures.up(touch(1, 0, 0));
    expect(log).toEqual([]);
  });

  it('in place mode a press that slid still taps where it was released', () => {
    const { gestures, log } = recorder('tap');
    gestures.down(touch(1, 10, 10));
    gestures.move(touch(1, 25, 10));
    gestures.up(touch(1, 30, 10));
    expect(log).toEqual(['tap 30,10']);
  });

  it('ignores the secondary mouse button, and the middle button never taps', () => {
    const { gestures, log } = recorder();
    expect(gestures.down(mouse(5, 5, 2))).toBe(false);
    gestures.up(mouse(5, 5, 2));
    gestures.down(mouse(5, 5, 1));
    gestures.up(mouse(5, 5, 1));
    expect(log).toEqual([]);
  });

  it('a cancelled pointer (the browser took it) neither taps nor releases', () => {
    const { gestures, log } = recorder();
    gestures.down(touch(1, 5, 5));
    gestures.cancel(touch(1, 5, 5));
    gestures.up(touch(1, 5, 5));
    expect(log).toEqual([]);
    expect(gestures.pointersDown).toBe(0);
  });
});

describe('pans', () => {
  it('in pan mode a drag pans by each movement, and is no tap', () => {
    const { gestures, log } = recorder('pan');
    gestures.down(mouse(10, 10));
    gestures.move(mouse(15, 12));
    gestures.move(mouse(25, 20));
    gestures.up(mouse(25, 20));
    expect(log).toEqual(['pan 5,2', 'pan 10,8']);
  });

  it('in pan mode a press that stays within the slop is still a tap', () => {
    const { gestures, log } = recorder('pan');
    gestures.down(mouse(10, 10));
    gestures.move(mouse(12, 11));
    gestures.up(mouse(12, 11));
    expect(log).toEqual(['pan 2,1', 'tap 12,11']);
  });

  it('a middle-button drag pans whatever the mode', () => {
    const { gestures, log } = recorder('tap');
    gestures.down(mouse(0, 0, 1));
    gestures.move({ ...mouse(-4, 6, 1), button: -1 });
    gestures.up(mouse(-4, 6, 1));
    expect(log).toEqual(['pan -4,6']);
  });

  it('hovering (moving with nothing pressed) means nothing', () => {
    const { gestures, log } = recorder('pan');
    gestures.move({ ...mouse(10, 10), button: -1 });
    expect(log).toEqual([]);
  });

  it('reads the mode at each press', () => {
    const { gestures, log, setMode } = recorder('tap');
    gestures.down(mouse(0, 0));
    setMode('pan'); // switching tools mid-press does not change the press under way
    gestures.move(mouse(20, 0));
    gestures.up(mouse(20, 0));
    gestures.down(mouse(0, 0));
    gestures.move(mouse(20, 0));
    gestures.up(mouse(20, 0));
    expect(log).toEqual(['tap 20,0', 'pan 20,0']);
  });
});

describe('pinch and wheel', () => {
  it('two fingers zoom by the ratio of their distances around their centre and pan with it', () => {
    const { gestures, log } = recorder();
    gestures.down(touch(1, 100, 100));
    gestures.down(touch(2, 200, 100));
    gestures.move(touch(2, 300, 100)); // distance 100 → 200, centre 150 → 200
    expect(log).toEqual(['zoom 2 at 200,100', 'pan 50,0']);
  });

  it('a third finger joins nothing; lifting a pinching finger ends the pinch', () => {
    const { gestures, log } = recorder();
    gestures.down(touch(1, 0, 0));
    gestures.down(touch(2, 100, 0));
    gestures.down(touch(3, 50, 50));
    gestures.move(touch(3, 70, 70));
    expect(log).toEqual([]);
    gestures.up(touch(1, 0, 0));
    gestures.move(touch(2, 150, 0));
    gestures.up(touch(2, 150, 0));
    gestures.up(touch(3, 70, 70));
    expect(log).toEqual([]);
    expect(gestures.pointersDown).toBe(0);
  });

  it('a finger left from a pinch pinches again with a new second finger', () => {
    const { gestures, log } = recorder();
    gestures.down(touch(1, 0, 0));
    gestures.down(touch(2, 100, 0));
    gestures.up(touch(2, 100, 0));
    gestures.down(touch(3, 50, 0));
    gestures.move(touch(3, 100, 0)); // distance 50 → 100
    expect(log).toEqual(['zoom 2 at 50,0', 'pan 25,0']);
  });

  it('zooms one step per wheel notch around the pointer, in for up and out for down', () => {
    const { gestures, log } = recorder();
    gestures.wheel(-120, { x: 5, y: 6 });
    gestures.wheel(53, { x: 5, y: 6 });
    gestures.wheel(0, { x: 5, y: 6 }); // a sideways scroll does not zoom
    expect(log).toEqual([
      `zoom ${Math.round(WHEEL_ZOOM_STEP * 1000) / 1000} at 5,6`,
      `zoom ${Math.round((1 / WHEEL_ZOOM_STEP) * 1000) / 1000} at 5,6`,
    ]);
  });
});

describe('strokes (annotating)', () => {
  it('reports press, drags while pressed, and release', () => {
    const { gestures, log } = recorder('stroke');
    gestures.move({ ...mouse(1, 1), button: -1 }); // hover before pressing: nothing
    gestures.down(mouse(10, 10));
    gestures.move(mouse(12, 10));
    gestures.move(mouse(15, 14));
    gestures.up(mouse(15, 14));
    expect(log).toEqual(['press 10,10', 'drag 12,10', 'drag 15,14', 'release 15,14']);
  });

  it('a finger tap drops exactly one pin: one press and one release', () => {
    const { gestures, log } = recorder('stroke');
    tapWithFinger(gestures, 4, 20, 30);
    expect(log).toEqual(['press 20,30', 'release 20,30']);
  });

  it('a second finger turns a stroke into a pinch: the stroke is cancelled, not released', () => {
    const { gestures, log } = recorder('stroke');
    gestures.down(touch(1, 0, 0));
    gestures.down(touch(2, 100, 0));
    gestures.move(touch(2, 200, 0));
    gestures.up(touch(1, 0, 0));
    gestures.up(touch(2, 200, 0));
    expect(log).toEqual(['press 0,0', 'cancel', 'zoom 2 at 100,0', 'pan 50,0']);
  });
});

describe('bindPointerEvents', () => {
  /** A stand-in for the canvas element: a Node EventTarget placed at (100, 50) on the page. */
  function fakeElement() {
    const target = new EventTarget() as EventTarget & {
      getBoundingClientRect(): { left: number; top: number };
      setPointerCapture(id: number): void;
      captured: number[];
    };
    target.captured = [];
    target.getBoundingClientRect = () => ({ left: 100, top: 50 });
    target.setPointerCapture = (id) => target.captured.push(id);
    return target;
  }
  const fire = (el: EventTarget, type: string, props: Record<string, unknown> = {}) => {
    const e = Object.assign(new Event(type, { cancelable: true }), props);
    el.dispatchEvent(e);
    return e;
  };
  const finger = { pointerId: 5, pointerType: 'touch', button: 0, clientX: 130, clientY: 90 };

  it('reads pointer events only: the mouse events and click a browser emulates after a touch do nothing', () => {
    const el = fakeElement();
    const { gestures, log } = recorder();
    bindPointerEvents(el as unknown as HTMLElement, gestures);
    fire(el, 'pointerdown', finger);
    fire(el, 'pointerup', finger);
    // What Chromium sends next for the same tap.
    for (const type of ['mousedown', 'mouseup', 'click', 'touchstart', 'touchend'])
      fire(el, type, { button: 0, clientX: 130, clientY: 90 });
    expect(log).toEqual(['tap 30,40']); // relative to the element
    expect(el.captured).toEqual([5]);
  });

  it('zooms on the wheel and keeps the page from scrolling; unbinding stops everything', () => {
    const el = fakeElement();
    const { gestures, log } = recorder();
    const unbind = bindPointerEvents(el as unknown as HTMLElement, gestures);
    const wheel = fire(el, 'wheel', { deltaY: -3, clientX: 110, clientY: 60 });
    expect(wheel.defaultPrevented).toBe(true);
    expect(log).toEqual([`zoom ${Math.round(WHEEL_ZOOM_STEP * 1000) / 1000} at 10,10`]);
    unbind();
    fire(el, 'wheel', { deltaY: -3, clientX: 110, clientY: 60 });
    fire(el, 'pointerdown', finger);
    fire(el, 'pointerup', finger);
    expect(log).toHaveLength(1);
  });
});
