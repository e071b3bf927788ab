/**
 * Canvas input from Pointer Events only: one stream for mouse, pen and touch, classified
 * into taps, pans, pinch zooms, wheel zooms and strokes (press, drag, release) by a small
 * state machine over the pointers that are down. `PointerGestures` is the logic, with no
 * DOM, fed plain samples (unit-tested with synthetic sequences); `bindPointerEvents` feeds
 * it a real element's events.
 *
 * Two mistakes of the earlier mouse-and-touch handling cannot happen here by construction:
 * - A tap is never dropped for timing. There is no clock: whether a release is a tap depends
 *   only on the pointers involved. A pointer that took part in a pinch is spent and its
 *   release is never a tap; any fresh pointer is, however soon it comes.
 * - A tap is acted on once. Only pointer events are read, never `mouse*`, `touch*` or
 *   `click`, so the mouse events a browser emulates after a touch never reach the logic; and
 *   each pointer id is pressed and released once (repeated or unknown events are ignored).
 *
 * The one rule with a clock is palm rejection (`./pen-input.ts`, given to `bindPointerEvents`):
 * while a pen is in use, touches are dropped or only pan and zoom before they reach the gestures.
 */
import type { PenPolicy, PenSample, PointerPhase } from './pen-input.ts';

/** A point in CSS pixels relative to the canvas element's top-left corner. */
export interface ScreenPoint {
  x: number;
  y: number;
}

/** What the logic reads of a pointer event (a `PointerEvent` with coordinates made relative to the canvas). */
export interface PointerSample extends ScreenPoint {
  pointerId: number;
  /** `'mouse'`, `'pen'` or `'touch'`. */
  pointerType: string;
  /** The button that changed: 0 primary (and every touch or pen contact), 1 middle, 2 secondary, 5 a pen's eraser. */
  button: number;
  /** The buttons held (`PointerEvent.buttons`): 0 while a mouse or pen hovers. */
  buttons?: number;
  /** On a press: what its tap may do (default `tool`); see `TapIntent`. */
  intent?: TapIntent;
}

/**
 * What a press's tap may do, decided before it reaches the gestures (see `./pen-input.ts`):
 * `tool` the selected tool (place, erase…), `erase` erase whatever the tool (a pen's eraser
 * end), `view` nothing but pan and zoom (a touch while a pen is in use: palm rejection).
 */
export type TapIntent = 'tool' | 'erase' | 'view';

/**
 * How a single pointer's press is read, asked at each press:
 * - `tap`: its release is a tap, wherever it moved in between (placing, erasing);
 * - `pan`: dragging pans the view; a release that never moved beyond the slop is a tap;
 * - `stroke`: press, drag and release are reported as they happen (drawing annotations).
 * A middle-button drag always pans, and two pointers always pinch, whatever the mode.
 */
export type InputMode = 'tap' | 'pan' | 'stroke';

/** What the gestures mean; every callback is optional. Points are in canvas pixels. */
export interface GestureHandlers {
  /** A single pointer pressed and released (see `InputMode`); at the release point, with its press's intent. */
  tap?(p: ScreenPoint, intent: TapIntent): void;
  /** Move the view by (dx, dy) pixels. */
  pan?(dx: number, dy: number): void;
  /** Scale the view by `factor` around `at` (pinch or wheel). */
  zoom?(factor: number, at: ScreenPoint): void;
  /** A stroke began (mode `stroke`). */
  press?(p: ScreenPoint): void;
  /** The stroke's pointer moved while pressed. */
  drag?(p: ScreenPoint): void;
  /** The stroke ended where the pointer was released. */
  release?(p: ScreenPoint): void;
  /** The stroke was abandoned: a second pointer turned it into a pinch, or the browser cancelled it. */
  cancelStroke?(): void;
}

/** Options of `PointerGestures`. */
export interface PointerGesturesOptions {
  /** Asked when a single pointer is pressed (see `InputMode`). */
  mode: () => InputMode;
  /** In `pan` mode, a release within this many pixels of the press is still a tap (default 4). */
  tapSlopPx?: number;
}

/** Zoom step of one wheel notch. */
export const WHEEL_ZOOM_STEP = 1.15;

type Role = 'tap' | 'pan' | 'stroke';

type State =
  | { kind: 'idle' }
  | { kind: 'single'; id: number; role: Role; intent: TapIntent; start: ScreenPoint; moved: boolean }
  | { kind: 'pinch'; a: number; b: number; dist: number; centre: ScreenPoint }
  /** Pointers are still down but their gesture is over: nothing they do means anything. */
  | { kind: 'spent' };

/** The gesture state machine; see the module comment. Feed it with `down`, `move`, `up`, `cancel` and `wheel`. */
export class PointerGestures {
  private readonly pointers = new Map<number, ScreenPoint>();
  private state: State = { kind: 'idle' };
  private readonly handlers: GestureHandlers;
  private readonly options: PointerGesturesOptions;

  /** A state machine reporting to `handlers`, reading the mode of each press from `options.mode`. */
  constructor(handlers: GestureHandlers, options: PointerGesturesOptions) {
    this.handlers = handlers;
    this.options = options;
  }

  /** Number of pointers currently down (and tracked). */
  get pointersDown(): number {
    return this.pointers.size;
  }

  /**
   * A pointer was pressed. True when it is tracked (the caller may capture it); false for a
   * repeated press of a pointer already down, or a secondary (or other) mouse button.
   */
  down(s: PointerSample): boolean {
    if (this.pointers.has(s.pointerId)) return false;
    if (s.pointerType === 'mouse' && s.button !== 0 && s.button !== 1) return false;
    this.pointers.set(s.pointerId, { x: s.x, y: s.y });
    const st = this.state;
    if (this.pointers.size === 1) {
      const intent = s.intent ?? 'tool';
      let role: Role = s.pointerType === 'mouse' && s.button === 1 ? 'pan' : this.options.mode();
      // A press that may only look (a palm beside a pen) never draws a stroke.
      if (intent === 'view' && role === 'stroke') role = 'tap';
      this.state = { kind: 'single', id: s.pointerId, role, intent, start: { x: s.x, y: s.y }, moved: false };
      if (role === 'stroke') this.handlers.press?.({ x: s.x, y: s.y });
    } else if (this.pointers.size === 2 && (st.kind === 'single' || st.kind === 'spent')) {
      if (st.kind === 'single' && st.role === 'stroke') this.handlers.cancelStroke?.();
      const [a, b] = [...this.pointers.keys()] as [number, number];
      this.state = { kind: 'pinch', a, b, ...this.pinchGeometry(a, b) };
    }
    // A third pointer (or more) joins nothing: the pinch goes on with the first two.
    return true;
  }

  /** A pointer moved; ignored unless it is down (hovering means nothing). */
  move(s: PointerSample): void {
    const last = this.pointers.get(s.pointerId);
    if (!last) return;
    this.pointers.set(s.pointerId, { x: s.x, y: s.y });
    const st = this.state;
    if (st.kind === 'single' && st.id === s.pointerId) {
      const slop = this.options.tapSlopPx ?? 4;
      if (Math.hypot(s.x - st.start.x, s.y - st.start.y) > slop) st.moved = true;
      if (st.role === 'pan') this.handlers.pan?.(s.x - last.x, s.y - last.y);
      else if (st.role === 'stroke') this.handlers.drag?.({ x: s.x, y: s.y });
    } else if (st.kind === 'pinch' && (st.a === s.pointerId || st.b === s.pointerId)) {
      const { dist, centre } = this.pinchGeometry(st.a, st.b);
      if (st.dist > 0 && dist > 0) this.handlers.zoom?.(dist / st.dist, centre);
      this.handlers.pan?.(centre.x - st.centre.x, centre.y - st.centre.y);
      st.dist = dist;
      st.centre = centre;
    }
  }

  /** A pointer was released; ignored unless it is down. */
  up(s: PointerSample): void {
    if (!this.pointers.has(s.pointerId)) return;
    this.pointers.set(s.pointerId, { x: s.x, y: s.y });
    const st = this.state;
    if (st.kind === 'single' && st.id === s.pointerId) {
      const p = { x: s.x, y: s.y };
      if (st.role === 'stroke') this.handlers.release?.(p);
      else if (st.role === 'tap') this.handlers.tap?.(p, st.intent);
      else if (!st.moved && !(s.pointerType === 'mouse' && s.button === 1)) this.handlers.tap?.(p, st.intent);
    }
    this.lift(s.pointerId);
  }

  /** The browser took the pointer away (`pointercancel`): forget it without a tap or a release. */
  cancel(s: PointerSample): void {
    if (!this.pointers.has(s.pointerId)) return;
    const st = this.state;
    if (st.kind === 'single' && st.id === s.pointerId && st.role === 'stroke') this.handlers.cancelStroke?.();
    this.lift(s.pointerId);
  }

  /** A wheel turn at `at`: one zoom step in (negative `deltaY`) or out (positive). */
  wheel(deltaY: number, at: ScreenPoint): void {
    if (deltaY === 0 || !Number.isFinite(deltaY)) return;
    this.handlers.zoom?.(deltaY < 0 ? WHEEL_ZOOM_STEP : 1 / WHEEL_ZOOM_STEP, at);
  }

  private lift(id: number): void {
    this.pointers.delete(id);
    const st = this.state;
    if (this.pointers.size === 0) this.state = { kind: 'idle' };
    else if (st.kind === 'pinch' && (st.a === id || st.b === id)) this.state = { kind: 'spent' };
  }

  private pinchGeometry(a: number, b: number): { dist: number; centre: ScreenPoint } {
    const p = this.pointers.get(a)!;
    const q = this.pointers.get(b)!;
    return { dist: Math.hypot(p.x - q.x, p.y - q.y), centre: { x: (p.x + q.x) / 2, y: (p.y + q.y) / 2 } };
  }
}

/** Options of `bindPointerEvents`: palm rejection and the pen's hover preview. */
export interface BindOptions {
  /** Decides which pointers reach the gestures and what their taps may do (see `./pen-input.ts`). */
  pen?: PenPolicy;
  /** Shows the pen's hover preview at a point on the element, or hides it (null). */
  preview?(p: ScreenPoint | null): void;
  /** The clock the pen policy reads (ms; default `performance.now`). */
  now?: () => number;
}

/**
 * Feeds `gestures` with `element`'s pointer events (and wheel turns) in coordinates relative
 * to the element, capturing each tracked pointer so a drag may leave the element. With
 * `options.pen`, every event passes the pen policy first (palm rejection, hover preview).
 * The element should have `touch-action: none`, or the browser takes touches for scrolling.
 * Returns a function that removes the listeners.
 */
export function bindPointerEvents(
  element: HTMLElement,
  gestures: PointerGestures,
  options: BindOptions = {},
): () => void {
  const now = options.now ?? (() => performance.now());
  const sample = (e: PointerEvent): PenSample => {
    const box = element.getBoundingClientRect();
    return {
      pointerId: e.pointerId,
      pointerType: e.pointerType,
      button: e.button,
      buttons: e.buttons,
      x: e.clientX - box.left,
      y: e.clientY - box.top,
    };
  };
  /** Runs the pen policy on an event: false when the gestures must not see it. */
  const admit = (phase: PointerPhase, s: PenSample): boolean => {
    const { pen } = options;
    if (!pen) return phase !== 'leave';
    const t = now();
    if (phase === 'down') s.intent = pen.intentOf(s, t);
    const d = pen.handle(phase, s, t);
    for (const id of d.cancel) gestures.cancel({ ...s, pointerId: id });
    if (d.preview !== undefined) options.preview?.(d.preview);
    return d.feed;
  };
  const onDown = (e: PointerEvent) => {
    const s = sample(e);
    if (!admit('down', s) || !gestures.down(s)) return;
    try {
      element.setPointerCapture(e.pointerId);
    } catch {
      /* the pointer is already gone */
    }
  };
  const onMove = (e: PointerEvent) => {
    const s = sample(e);
    if (admit('move', s)) gestures.move(s);
  };
  const onUp = (e: PointerEvent) => {
    const s = sample(e);
    if (admit('up', s)) gestures.up(s);
  };
  const onCancel = (e: PointerEvent) => {
    const s = sample(e);
    if (admit('cancel', s)) gestures.cancel(s);
  };
  const onLeave = (e: PointerEvent) => void admit('leave', sample(e));
  const onWheel = (e: WheelEvent) => {
    e.preventDefault();
    const box = element.getBoundingClientRect();
    gestures.wheel(e.deltaY, { x: e.clientX - box.left, y: e.clientY - box.top });
  };
  element.addEventListener('pointerdown', onDown);
  element.addEventListener('pointermove', onMove);
  element.addEventListener('pointerup', onUp);
  element.addEventListener('pointercancel', onCancel);
  element.addEventListener('pointerleave', onLeave);
  element.addEventListener('wheel', onWheel, { passive: false });
  return () => {
    element.removeEventListener('pointerdown', onDown);
    element.removeEventListener('pointermove', onMove);
    element.removeEventListener('pointerup', onUp);
    element.removeEventListener('pointercancel', onCancel);
    element.removeEventListener('pointerleave', onLeave);
    element.removeEventListener('wheel', onWheel);
  };
}
