/**
 * The drill canvas in the browser, on Konva. Geometry is in millimetres; the stage's
 * scale and position do zoom and pan. All impressions are drawn by one Konva.Shape (one
 * path, one fill) on a non-listening layer, from typed arrays, so 5,000+ stay fluid; the
 * eraser hit-tests with a kdbush index instead of per-dot event nodes.
 */
import Konva from 'konva';
import KDBush from 'kdbush';
import type { StoredDot } from '../lib/drill/dots.ts';
import type { DrillScore } from '../lib/drill/scoring.ts';
import type { Template } from '../lib/drill/template.ts';

export type Tool = 'place' | 'erase' | 'move';

export interface Annotation {
  kind: 'pin' | 'circle';
  x: number;
  y: number;
  radius: number;
  label: string;
}

type Op =
  | { kind: 'add'; dot: StoredDot }
  | { kind: 'erase'; index: number; dot: StoredDot }
  | { kind: 'clear'; dots: StoredDot[] };

const PIGMENT = '#2b2622';
const SKIN = '#f1d7c1';
const CANVAS_BG = '#fbf8f4';

export interface PointerHandler {
  down(p: { x: number; y: number }): void;
  move(p: { x: number; y: number }): void;
  up(p: { x: number; y: number }): void;
}

export interface DrillCanvasOptions {
  container: HTMLDivElement;
  template: Template;
  dots: StoredDot[];
  editable: boolean;
  /** Called after every change of the impressions (placement, erase, undo, clear). */
  onChange?: () => void;
  /** Called when the user clicks the canvas in "annotate" mode (instructor review). */
  onCanvasClick?: (x: number, y: number) => void;
}

export class DrillCanvas {
  readonly template: Template;
  private stage: Konva.Stage;
  private dotLayer: Konva.Layer;
  private overlayLayer: Konva.Layer;
  private xs = new Float64Array(1024);
  private ys = new Float64Array(1024);
  private ts = new Float64Array(1024);
  private ds = new Float64Array(1024);
  private n = 0;
  /** For replay: only the first `visible` impressions are drawn (null: all). */
  private visible: number | null = null;
  private undoStack: Op[] = [];
  private redoStack: Op[] = [];
  private index: KDBush | null = null;
  private overlay: DrillScore['overlay'] | null = null;
  private annotations: Annotation[] = [];
  private keyboardCursor: { x: number; y: number } | null = null;
  private startedAt = performance.now();
  private timeOffset = 0;
  tool: Tool = 'place';
  /** When set, pointer input goes here (in mm) instead of placing or panning: used for annotating. */
  pointerHandler: PointerHandler | null = null;
  diameterMm: number;
  private fitScale = 1;

  private readonly opts: DrillCanvasOptions;

  constructor(opts: DrillCanvasOptions) {
    this.opts = opts;
    this.template = opts.template;
    this.diameterMm = opts.template.impressionDiameterMm;
    const { container } = opts;
    this.stage = new Konva.Stage({ container, width: container.clientWidth, height: container.clientHeight || 480 });
    const background = new Konva.Layer({ listening: false });
    background.add(this.templateShape());
    this.dotLayer = new Konva.Layer({ listening: false });
    this.dotLayer.add(new Konva.Shape({ sceneFunc: (ctx) => this.drawDots(ctx) }));
    this.overlayLayer = new Konva.Layer({ listening: false });
    this.overlayLayer.add(new Konva.Shape({ sceneFunc: (ctx) => this.drawOverlay(ctx) }));
    this.stage.add(background, this.dotLayer, this.overlayLayer);
    this.load(opts.dots);
    this.bindPointer();
    new ResizeObserver(() => this.resize()).observe(container);
    this.fit();
  }

  // ---- impressions -------------------------------------------------------------------

  private load(dots: StoredDot[]): void {
    this.n = 0;
    for (const d of dots) this.push(d);
    this.timeOffset = dots.length ? dots[dots.length - 1]![2] : 0;
    this.startedAt = performance.now();
    this.changed(false);
  }

  private push(d: StoredDot): void {
    if (this.n === this.xs.length) {
      const grow = (a: Float64Array) => {
        const b = new Float64Array(a.length * 2);
        b.set(a);
        return b;
      };
      this.xs = grow(this.xs);
      this.ys = grow(this.ys);
      this.ts = grow(this.ts);
      this.ds = grow(this.ds);
    }
    this.xs[this.n] = d[0];
    this.ys[this.n] = d[1];
    this.ts[this.n] = d[2];
    this.ds[this.n] = d[3];
    this.n++;
  }

  private removeAt(i: number): StoredDot {
    const dot = this.dotAt(i);
    this.xs.copyWithin(i, i + 1, this.n);
    this.ys.copyWithin(i, i + 1, this.n);
    this.ts.copyWithin(i, i + 1, this.n);
    this.ds.copyWithin(i, i + 1, this.n);
    this.n--;
    return dot;
  }

  private insertAt(i: number, d: StoredDot): void {
    this.push(d);
    for (const a of [this.xs, this.ys, this.ts, this.ds]) a.copyWithin(i + 1, i, this.n - 1);
    this.xs[i] = d[0];
    this.ys[i] = d[1];
    this.ts[i] = d[2];
    this.ds[i] = d[3];
  }

  private dotAt(i: number): StoredDot {
    return [this.xs[i]!, this.ys[i]!, this.ts[i]!, this.ds[i]!];
  }

  get count(): number {
    return this.n;
  }

  /** Columns for the scorer (views, not copies). */
  columns() {
    const n = this.visible ?? this.n;
    return { xs: this.xs.subarray(0, n), ys: this.ys.subarray(0, n), diameters: this.ds.subarray(0, n) };
  }

  dots(): StoredDot[] {
    return Array.from({ length: this.n }, (_, i) => this.dotAt(i));
  }

  private now(): number {
    // Times never run backwards, even across a reload of the draft.
    const last = this.n ? this.ts[this.n - 1]! : 0;
    return Math.max(last, Math.round(this.timeOffset + performance.now() - this.startedAt));
  }

  place(x: number, y: number): void {
    if (x < 0 || y < 0 || x > this.template.width || y > this.template.height) return;
    const dot: StoredDot = [round(x), round(y), this.now(), this.diameterMm];
    this.push(dot);
    this.apply({ kind: 'add', dot });
  }

  /** Erases the impression nearest (x, y) within `radiusMm`; true when one was erased. */
  eraseNear(x: number, y: number, radiusMm: number): boolean {
    if (!this.n) return false;
    if (!this.index) {
      this.index = new KDBush(this.n);
      for (let i = 0; i < this.n; i++) this.index.add(this.xs[i]!, this.ys[i]!);
      this.index.finish();
    }
    let best = -1;
    let bestD = radiusMm;
    for (const i of this.index.within(x, y, radiusMm)) {
      const d = Math.hypot(this.xs[i]! - x, this.ys[i]! - y);
      if (d <= bestD) ((bestD = d), (best = i));
    }
    if (best < 0) return false;
    const dot = this.removeAt(best);
    this.apply({ kind: 'erase', index: best, dot });
    return true;
  }

  clear(): void {
    if (!this.n) return;
    const dots = this.dots();
    this.n = 0;
    this.apply({ kind: 'clear', dots });
  }

  private apply(op: Op): void {
    this.undoStack.push(op);
    this.redoStack.length = 0;
    this.changed(true);
  }

  undo(): boolean {
    const op = this.undoStack.pop();
    if (!op) return false;
    if (op.kind === 'add') this.n--;
    else if (op.kind === 'erase') this.insertAt(op.index, op.dot);
    else for (const d of op.dots) this.push(d);
    this.redoStack.push(op);
    this.changed(true);
    return true;
  }

  redo(): boolean {
    const op = this.redoStack.pop();
    if (!op) return false;
    if (op.kind === 'add') this.push(op.dot);
    else if (op.kind === 'erase') this.removeAt(op.index);
    else this.n = 0;
    this.undoStack.push(op);
    this.changed(true);
    return true;
  }

  canUndo(): boolean {
    return this.undoStack.length > 0;
  }

  canRedo(): boolean {
    return this.redoStack.length > 0;
  }

  private changed(notify: boolean): void {
    this.index = null;
    this.dotLayer.batchDraw();
    if (notify) this.opts.onChange?.();
  }

  // ---- replay ------------------------------------------------------------------------

  /** Shows only the first k impressions (placement order); null shows all. */
  setVisibleCount(k: number | null): void {
    this.visible = k === null ? null : Math.max(0, Math.min(this.n, k));
    this.dotLayer.batchDraw();
  }

  /** Placement time of impression i, in ms since the attempt started. */
  timeOf(i: number): number {
    return this.ts[i] ?? 0;
  }

  // ---- overlay and annotations ---------------------------------------------------------

  setOverlay(overlay: DrillScore['overlay'] | null): void {
    this.overlay = overlay;
    this.overlayLayer.batchDraw();
  }

  setAnnotations(annotations: Annotation[]): void {
    this.annotations = annotations;
    this.overlayLayer.batchDraw();
  }

  // ---- drawing -----------------------------------------------------------------------

  private templateShape(): Konva.Shape {
    const t = this.template;
    return new Konva.Shape({
      sceneFunc: (ctx) => {
        const c = ctx._context;
        c.fillStyle = CANVAS_BG;
        c.fillRect(0, 0, t.width, t.height);
        c.beginPath();
        for (const ring of [t.region, ...t.holes]) {
          ring.forEach(([x, y], i) => (i ? c.lineTo(x, y) : c.moveTo(x, y)));
          c.closePath();
        }
        c.fillStyle = SKIN;
        c.fill('evenodd');
        c.lineWidth = 1.5 / this.stage.scaleX();
        c.strokeStyle = '#c9a68a';
        c.stroke();
        if (t.hairlineEdge) {
          c.beginPath();
          t.hairlineEdge.forEach(([x, y], i) => (i ? c.lineTo(x, y) : c.moveTo(x, y)));
          c.setLineDash([6 / this.stage.scaleX(), 4 / this.stage.scaleX()]);
          c.strokeStyle = '#9b6b47';
          c.lineWidth = 1.5 / this.stage.scaleX();
          c.stroke();
          c.setLineDash([]);
        }
        if (t.outline) {
          c.strokeStyle = '#b89a82';
          c.lineWidth = 1 / this.stage.scaleX();
          c.stroke(new Path2D(t.outline));
        }
      },
    });
  }

  private drawDots(ctx: Konva.Context): void {
    const c = ctx._context;
    const n = this.visible ?? this.n;
    // Never draw an impression smaller than a screen pixel, so it stays visible zoomed out.
    const minR = 0.6 / this.stage.scaleX();
    c.beginPath();
    for (let i = 0; i < n; i++) {
      const r = Math.max(this.ds[i]! / 2, minR);
      c.moveTo(this.xs[i]! + r, this.ys[i]!);
      c.arc(this.xs[i]!, this.ys[i]!, r, 0, 2 * Math.PI);
    }
    c.fillStyle = PIGMENT;
    c.fill();
    if (this.keyboardCursor) {
      const k = this.keyboardCursor;
      const s = 6 / this.stage.scaleX();
      c.beginPath();
      c.moveTo(k.x - s, k.y);
      c.lineTo(k.x + s, k.y);
      c.moveTo(k.x, k.y - s);
      c.lineTo(k.x, k.y + s);
      c.strokeStyle = '#2f6fdf';
      c.lineWidth = 1.5 / this.stage.scaleX();
      c.stroke();
    }
  }

  private drawOverlay(ctx: Konva.Context): void {
    const c = ctx._context;
    const px = 1 / this.stage.scaleX();
    const o = this.overlay;
    if (o) {
      // Clumps: a red bar joining each pair that will blur together.
      c.beginPath();
      for (const [i, j] of o.clumps) {
        if (i >= this.n || j >= this.n) continue;
        c.moveTo(this.xs[i]!, this.ys[i]!);
        c.lineTo(this.xs[j]!, this.ys[j]!);
        c.moveTo(this.xs[i]! + 2.5 * px, this.ys[i]!);
        c.arc(this.xs[i]!, this.ys[i]!, 2.5 * px, 0, 2 * Math.PI);
      }
      c.strokeStyle = '#d0342c';
      c.lineWidth = 2 * px;
      c.stroke();
      // Rows: a blue line through each straight run.
      c.beginPath();
      for (const run of o.rows) {
        run.forEach((i, k) => (k ? c.lineTo(this.xs[i]!, this.ys[i]!) : c.moveTo(this.xs[i]!, this.ys[i]!)));
      }
      c.strokeStyle = 'rgba(47, 111, 223, 0.75)';
      c.lineWidth = 2 * px;
      c.stroke();
      // Gaps: the largest empty circles.
      c.beginPath();
      for (const g of o.gaps.slice(0, 30)) {
        c.moveTo(g.x + g.r, g.y);
        c.arc(g.x, g.y, g.r, 0, 2 * Math.PI);
      }
      c.setLineDash([5 * px, 4 * px]);
      c.strokeStyle = '#e07b00';
      c.lineWidth = 2 * px;
      c.stroke();
      c.setLineDash([]);
      // Outside the area: a ring round each stray impression.
      c.beginPath();
      for (const i of o.outside) {
        if (i >= this.n) continue;
        c.moveTo(this.xs[i]! + 5 * px, this.ys[i]!);
        c.arc(this.xs[i]!, this.ys[i]!, 5 * px, 0, 2 * Math.PI);
      }
      c.strokeStyle = '#8e24aa';
      c.lineWidth = 2 * px;
      c.stroke();
    }
    // Instructor annotations: numbered pins and rough circles.
    this.annotations.forEach((a, k) => {
      c.beginPath();
      if (a.kind === 'circle') {
        c.arc(a.x, a.y, a.radius, 0, 2 * Math.PI);
        c.strokeStyle = '#c2185b';
        c.lineWidth = 2.5 * px;
        c.stroke();
      }
      c.beginPath();
      c.arc(a.x, a.y, 9 * px, 0, 2 * Math.PI);
      c.fillStyle = '#c2185b';
      c.fill();
      c.fillStyle = '#fff';
      c.font = `bold ${11 * px}px system-ui, sans-serif`;
      c.textAlign = 'center';
      c.textBaseline = 'middle';
      c.fillText(a.label || String(k + 1), a.x, a.y + 0.5 * px);
    });
  }

  redrawAll(): void {
    this.stage.batchDraw();
  }

  // ---- view: zoom, pan, fit ------------------------------------------------------------

  private resize(): void {
    const { container } = this.opts;
    this.stage.size({ width: container.clientWidth, height: container.clientHeight || 480 });
    this.fit();
  }

  /** Scales and centres the whole template in view. */
  fit(): void {
    const t = this.template;
    const w = this.stage.width();
    const h = this.stage.height();
    const scale = Math.min(w / t.width, h / t.height) * 0.96;
    this.fitScale = scale;
    this.stage.scale({ x: scale, y: scale });
    this.stage.position({ x: (w - t.width * scale) / 2, y: (h - t.height * scale) / 2 });
    this.stage.batchDraw();
  }

  /** Zooms by `factor` around a point in screen pixels (default: the centre). */
  zoom(factor: number, at?: { x: number; y: number }): void {
    const old = this.stage.scaleX();
    const scale = Math.max(this.fitScale * 0.5, Math.min(this.fitScale * 40, old * factor));
    const p = at ?? { x: this.stage.width() / 2, y: this.stage.height() / 2 };
    const mm = { x: (p.x - this.stage.x()) / old, y: (p.y - this.stage.y()) / old };
    this.stage.scale({ x: scale, y: scale });
    this.stage.position({ x: p.x - mm.x * scale, y: p.y - mm.y * scale });
    this.stage.batchDraw();
  }

  pan(dx: number, dy: number): void {
    this.stage.position({ x: this.stage.x() + dx, y: this.stage.y() + dy });
    this.stage.batchDraw();
  }

  /** Screen pixel → template millimetres. */
  toMm(p: { x: number; y: number }): { x: number; y: number } {
    const s = this.stage.scaleX();
    return { x: (p.x - this.stage.x()) / s, y: (p.y - this.stage.y()) / s };
  }

  // ---- keyboard cursor -----------------------------------------------------------------

  /** Moves the keyboard cursor (mm); shows it at the centre first. */
  moveKeyboardCursor(dx: number, dy: number): { x: number; y: number } {
    const t = this.template;
    const k = this.keyboardCursor ?? { x: t.width / 2, y: t.height / 2 };
    this.keyboardCursor = { x: clamp(k.x + dx, 0, t.width), y: clamp(k.y + dy, 0, t.height) };
    this.dotLayer.batchDraw();
    return this.keyboardCursor;
  }

  keyboardPoint(): { x: number; y: number } {
    return this.keyboardCursor ?? this.moveKeyboardCursor(0, 0);
  }

  hideKeyboardCursor(): void {
    this.keyboardCursor = null;
    this.dotLayer.batchDraw();
  }

  // ---- pointer input -------------------------------------------------------------------

  private bindPointer(): void {
    const stage = this.stage;
    let dragFrom: { x: number; y: number } | null = null;
    let moved = false;
    let pinch: { dist: number; centre: { x: number; y: number } } | null = null;
    let pinchEndedAt = -Infinity;
    // After touch input browsers also fire emulated mouse events (mousedown, mouseup, click):
    // act on the touch only, or a tap would place two impressions or drop two pins.
    let lastTouchAt = -Infinity;
    const emulated = (evt: Event): boolean => {
      if (evt.type.startsWith('touch')) {
        lastTouchAt = performance.now();
        return false;
      }
      return performance.now() - lastTouchAt < 800;
    };

    stage.on('wheel', (e) => {
      e.evt.preventDefault();
      const p = stage.getPointerPosition();
      this.zoom(e.evt.deltaY < 0 ? 1.15 : 1 / 1.15, p ?? undefined);
    });

    stage.on('mousedown touchstart', (e) => {
      if (emulated(e.evt)) return;
      const touches = (e.evt as TouchEvent).touches;
      if (this.pointerHandler && (!touches || touches.length === 1)) {
        const p = stage.getPointerPosition();
        if (p) this.pointerHandler.down(this.toMm(p));
        return;
      }
      if (touches && touches.length === 2) {
        pinch = { dist: touchDistance(touches), centre: touchCentre(touches, stage) };
        dragFrom = null;
        return;
      }
      const mouse = e.evt as MouseEvent;
      const panButton = mouse.button === 1 || (this.tool === 'move' && !touches) || (touches && this.tool === 'move');
      if (panButton) {
        dragFrom = stage.getPointerPosition();
        moved = false;
      }
    });

    stage.on('mousemove touchmove', (e) => {
      if (emulated(e.evt)) return;
      const touches = (e.evt as TouchEvent).touches;
      if (this.pointerHandler && (!touches || touches.length === 1)) {
        const p = stage.getPointerPosition();
        if (p) this.pointerHandler.move(this.toMm(p));
        return;
      }
      if (touches && touches.length === 2 && pinch) {
        e.evt.preventDefault();
        const dist = touchDistance(touches);
        const centre = touchCentre(touches, stage);
        this.zoom(dist / pinch.dist, centre);
        this.pan(centre.x - pinch.centre.x, centre.y - pinch.centre.y);
        pinch = { dist, centre };
        return;
      }
      if (!dragFrom) return;
      const p = stage.getPointerPosition();
      if (!p) return;
      this.pan(p.x - dragFrom.x, p.y - dragFrom.y);
      dragFrom = p;
      moved = true;
    });

    stage.on('mouseup touchend', (e) => {
      if (emulated(e.evt)) return;
      if (this.pointerHandler && !pinch) {
        const p = stage.getPointerPosition();
        if (p) this.pointerHandler.up(this.toMm(p));
        return;
      }
      if (pinch) pinchEndedAt = performance.now();
      pinch = null;
      dragFrom = null;
    });

    stage.on('click tap', (e) => {
      if (this.pointerHandler || emulated(e.evt)) return;
      if ((e.evt as MouseEvent).button === 1 || moved) {
        moved = false;
        return;
      }
      if (performance.now() - pinchEndedAt < 300) return; // the end of a pinch is not a tap
      const p = stage.getPointerPosition();
      if (!p) return;
      const mm = this.toMm(p);
      if (this.opts.onCanvasClick) {
        this.opts.onCanvasClick(mm.x, mm.y);
        return;
      }
      if (!this.opts.editable) return;
      if (this.tool === 'place') this.place(mm.x, mm.y);
      else if (this.tool === 'erase') this.eraseNear(mm.x, mm.y, 8 / stage.scaleX());
    });
  }

  destroy(): void {
    this.stage.destroy();
  }
}

function round(v: number): number {
  return Math.round(v * 1000) / 1000;
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, v));
}

function touchDistance(t: TouchList): number {
  return Math.hypot(t[0]!.clientX - t[1]!.clientX, t[0]!.clientY - t[1]!.clientY);
}

function touchCentre(t: TouchList, stage: Konva.Stage): { x: number; y: number } {
  const box = stage.container().getBoundingClientRect();
  return { x: (t[0]!.clientX + t[1]!.clientX) / 2 - box.left, y: (t[0]!.clientY + t[1]!.clientY) / 2 - box.top };
}
