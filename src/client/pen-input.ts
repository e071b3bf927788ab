/**
 * Pen input and palm rejection, as pure logic over pointer samples (no DOM, no clock of its
 * own: the caller passes the time of each event). It sits in front of `PointerGestures`
 * (`./pointer-input.ts`) and decides, event by event, which pointers reach the gestures and
 * what a tap of each may do.
 *
 * - A pen places (its eraser end, button 5, erases) and is "in use" while it touches or hovers
 *   in range, and for `graceMs` after its last event.
 * - While a pen touches the canvas, touches are ignored altogether (a resting palm neither
 *   places, nor pans, nor turns the pen's stroke into a pinch); a touch already down when the
 *   pen comes down is cancelled (its release is no tap).
 * - While a pen is in use but not touching, a touch still pans and pinch-zooms, but its tap
 *   places nothing (`intent: 'view'`).
 * - A mouse, and touch when no pen is in use, work as before (`intent: 'tool'`).
 * - A pen hovering (moving with no button pressed) shows a preview where its impression would
 *   land; the preview hides when the pen touches down, leaves or is cancelled.
 */
import type { PointerSample, ScreenPoint, TapIntent } from './pointer-input.ts';

/** How long (ms) after its last event a pen still counts as in use: touches do not place meanwhile. */
export const PEN_GRACE_MS = 2000;

/** The pointer-event phases the policy reads. `leave`: the pointer left the canvas (a pen: or its hover range). */
export type PointerPhase = 'down' | 'move' | 'up' | 'cancel' | 'leave';

/** A pointer sample with the buttons held (`PointerEvent.buttons`; 0 while a pen hovers). */
export interface PenSample extends PointerSample {
  buttons: number;
}

/** What to do with one pointer event. */
export interface PenDecision {
  /** Pass the event to the gesture machine (false: drop it). */
  feed: boolean;
  /** Pointers the gesture machine tracks that must be cancelled first (touches under a pen coming down). */
  cancel: number[];
  /** Show the hover preview at this point, hide it (null), or leave it as it is (undefined). */
  preview?: ScreenPoint | null;
}

/** Options of `PenPolicy`. */
export interface PenPolicyOptions {
  /** See `PEN_GRACE_MS`. */
  graceMs?: number;
}

/** The palm-rejection and hover-preview policy; see the module comment. */
export class PenPolicy {
  private readonly graceMs: number;
  private lastPenAt = Number.NEGATIVE_INFINITY;
  private penInRange = false;
  private readonly pensDown = new Set<number>();
  /** Touch pointers fed to the gestures, still down. */
  private readonly touches = new Set<number>();

  /** A policy with no pen seen yet. */
  constructor(options: PenPolicyOptions = {}) {
    this.graceMs = options.graceMs ?? PEN_GRACE_MS;
  }

  /** Whether a pen is in use at time `now` (ms): touching, hovering in range, or seen within the grace time. */
  penActive(now: number): boolean {
    return this.pensDown.size > 0 || this.penInRange || now - this.lastPenAt < this.graceMs;
  }

  /**
   * The intent a press carries into the gestures (what its tap may do): `tool` (the selected
   * tool: place, erase, move), `erase` (a pen's eraser end) or `view` (a touch while a pen is in
   * use: pan and zoom only). Only meaningful for a `down` that is fed.
   */
  intentOf(s: PenSample, now: number): TapIntent {
    if (s.pointerType === 'pen') return s.button === 5 ? 'erase' : 'tool';
    if (s.pointerType === 'touch' && this.penActive(now)) return 'view';
    return 'tool';
  }

  /** Decides what one pointer event does, at time `now` (ms, any monotonic clock). */
  handle(phase: PointerPhase, s: PenSample, now: number): PenDecision {
    if (s.pointerType === 'pen') return this.pen(phase, s, now);
    if (s.pointerType === 'touch') return this.touch(phase, s);
    return { feed: phase !== 'leave', cancel: [] };
  }

  private pen(phase: PointerPhase, s: PenSample, now: number): PenDecision {
    this.lastPenAt = now;
    switch (phase) {
      case 'down': {
        this.pensDown.add(s.pointerId);
        this.penInRange = true;
        const cancel = [...this.touches];
        this.touches.clear();
        return { feed: true, cancel, preview: null };
      }
      case 'move': {
        this.penInRange = true;
        const hovering = s.buttons === 0 && !this.pensDown.has(s.pointerId);
        return { feed: true, cancel: [], preview: hovering ? { x: s.x, y: s.y } : null };
      }
      case 'up':
        this.pensDown.delete(s.pointerId);
        return { feed: true, cancel: [] };
      case 'cancel':
        this.pensDown.delete(s.pointerId);
        return { feed: true, cancel: [], preview: null };
      case 'leave':
        // Leaving while touching (a drag off the canvas) is not leaving the hover range.
        if (!this.pensDown.has(s.pointerId)) this.penInRange = false;
        return { feed: false, cancel: [], preview: null };
    }
  }

  private touch(phase: PointerPhase, s: PenSample): PenDecision {
    switch (phase) {
      case 'down':
        if (this.pensDown.size > 0) return { feed: false, cancel: [] };
        this.touches.add(s.pointerId);
        return { feed: true, cancel: [] };
      case 'move':
        return { feed: this.touches.has(s.pointerId), cancel: [] };
      case 'up':
      case 'cancel': {
        const tracked = this.touches.delete(s.pointerId);
        return { feed: tracked, cancel: [] };
      }
      case 'leave':
        return { feed: false, cancel: [] };
    }
  }
}
