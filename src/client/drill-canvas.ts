/**
 * The drill canvas in the browser: the Konva drawing and view of a canvas, put together
 * from its parts. Geometry is in millimetres; the stage's scale and position do zoom and
 * pan. All impressions are drawn by one Konva.Shape (one path, one fill) on a
 * non-listening layer straight from the dot store's typed arrays, so 5,000+ stay fluid.
 *
 * - `./dot-store.ts` holds the impressions, the undo/redo history and the placement clock;
 * - `./pointer-input.ts` turns Pointer Events into taps, pans, pinches, wheel zooms and strokes;
 * - `./pen-input.ts` decides which pointers may place (palm rejection while a pen is in use) and
 *   where a hovering pen shows its preview;
 * - this module draws (template, impressions, problem overlay, annotations, keyboard cursor),
 *   keeps the view (fit, zoom, pan, screen ↔ mm) and acts on the gestures.
 */
// Only the parts of Konva the canvas uses (stage, layers, the generic Shape it draws with), not
// its core bundle (which adds tweens, animations, groups) nor the full build with every shape.
import type { Context } from 'konva/lib/Context';
import { Konva } from 'konva/lib/Global';
import { Layer } from 'konva/lib/Layer';
import { Shape } from 'konva/lib/Shape';
import { Stage, stages } from 'konva/lib/Stage';
import type { StoredDot } from '../lib/drill/dots.ts';
import type { DrillScore } from '../lib/drill/scoring.ts';
import type { Template } from '../lib/drill/template.ts';
import { DotStore, type DotSessionsInput } from './dot-store.ts';
import type { paintOverlay } from './overlay-draw.ts';
import { sameView, viewMatrix, type OverlayImage, type OverlayView } from './overlay-paint.ts';
import { SESSION_COLOURS } from './session-colours.ts';
import { PenPolicy } from './pen-input.ts';
import { bindPointerEvents, PointerGestures, type ScreenPoint, type TapIntent } from './pointer-input.ts';

// `window.Konva.stages` as Konva's bundles set it (the browser journeys read the stage's view there).
Object.assign(Konva, { stages });

/** After the view has not moved for this long (ms), the impressions are redrawn sharp. */
const VIEW_REST_MS = 120;

/** The tool a tap uses on an editable canvas: place an impression, erase one, or (move) drag to pan. */
export type Tool = 'place' | 'erase' | 'move';

/** An instructor's mark drawn over the canvas: a numbered pin, or a circle of `radius` mm. */
export interface Annotation {
  kind: 'pin' | 'circle';
  x: number;
  y: number;
  radius: number;
  label: string;
}

const PIGMENT = '#2b2622';
/** Impressions of earlier sessions have healed: lighter, and a little spread (softened). */
const HEALED_PIGMENT = 'rgba(43, 38, 34, 0.42)';
const HEALED_SPREAD = 1.25;

const SKIN = '#f1d7c1';
/** The hovering pen's preview: the impression it would leave, ringed in the focus blue. */
const PREVIEW_FILL = 'rgba(43, 38, 34, 0.45)';
const PREVIEW_RING = '#2f6fdf';
const CANVAS_BG = '#fbf8f4';
/** The eraser takes the impression nearest a tap within this many screen pixels. */
const ERASE_RADIUS_PX = 8;

/** Receives a single pointer's press, drag and release, in mm (instructors drawing pins and circles). */
export interface PointerHandler {
  /** The pointer was pressed at `p` (mm). */
  down(p: { x: number; y: number }): void;
  /** The pressed pointer moved to `p` (mm). */
  move(p: { x: number; y: number }): void;
  /** The pointer was released at `p` (mm). */
  up(p: { x: number; y: number }): void;
}

/** What a `DrillCanvas` shows and how it reports back. */
export interface DrillCanvasOptions {
  /** The element the stage fills (it should have `touch-action: none`). */
  container: HTMLDivElement;
  template: Template;
  /** The impressions to start with, in placement order. */
  dots: StoredDot[];
  /** Whether taps place and erase impressions (the drill page) or only look (a submitted attempt). */
  editable: boolean;
  /** The session of each impression and the session being worked (default: one session). */
  sessions?: DotSessionsInput;
  /** Colour impressions by session (`SESSION_COLOURS`) instead of drawing earlier sessions healed. */
  colourBySession?: boolean;
  /** Called after every change of the impressions (placement, erase, undo, clear, next session). */
  onChange?: () => void;
  /** Called when the user clicks the canvas in "annotate" mode (instructor review). */
  onCanvasClick?: (x: number, y: number) => void;
  /**
   * Called when the overlay shown is a bitmap painted for another view (`setOverlayImage`) and
   * the view has rested: paint it again for `view` (until then it is shown moved and scaled).
   */
  onOverlayStale?: (view: OverlayView) => void;
}

/** A template with its impressions on a Konva stage: editing (when editable), zoom and pan, overlay, replay. */
export class DrillCanvas {
  readonly template: Template;
  /** The impressions and their history; edit through the canvas so it redraws and reports changes. */
  readonly store: DotStore;
  private stage: Stage;
  private dotLayer: Layer;
  private overlayLayer: Layer;
  private previewLayer: Layer;
  /** Where a hovering pen's impression would land (mm), or null. */
  private penPreview: { x: number; y: number } | null = null;
  /** For replay: only the first `visible` impressions are drawn (null: all). */
  private visible: number | null = null;
  private overlay: DrillScore['overlay'] | null = null;
  private overlayImage: OverlayImage | null = null;
  private overlayTimer: ReturnType<typeof setTimeout> | undefined;
  /** The overlay's drawing (`./overlay-draw.ts`), loaded the first time it is drawn here. */
  private paintOverlay: typeof paintOverlay | null = null;
  private annotations: Annotation[] = [];
  private keyboardCursor: { x: number; y: number } | null = null;
  private dotCache: HTMLCanvasElement | null = null;
  private dotCacheContent = '';
  private dotCacheView = '';
  private dotCacheMatrix: DOMMatrix | null = null;
  private dotCacheCount = 0;
  /** The stage (scale, x, y, pixel ratio) the layer and its bitmap were last drawn for; see `drawAppended`. */
  private dotCacheStage = '';
  private dotCacheTimer: ReturnType<typeof setTimeout> | undefined;
  private unbindPointer: () => void;
  private resizeObserver: ResizeObserver;
  /** What a tap does on an editable canvas. */
  tool: Tool = 'place';
  /** When set, pointer input goes here (in mm) instead of placing or panning: used for annotating. */
  pointerHandler: PointerHandler | null = null;
  /** Diameter (mm) of the impressions placed from now on (the needle). */
  diameterMm: number;
  private fitScale = 1;

  private readonly opts: DrillCanvasOptions;

  /** Draws `opts.dots` on `opts.template` inside `opts.container`, fitted to it, and starts listening to input. */
  constructor(opts: DrillCanvasOptions) {
    this.opts = opts;
    this.template = opts.template;
    this.diameterMm = opts.template.impressionDiameterMm;
    this.store = new DotStore(opts.dots, {
      bounds: { width: opts.template.width, height: opts.template.height },
      sessions: opts.sessions,
    });
    const { container } = opts;
    this.stage = new Stage({
      container,
      width: container.clientWidth,
      height: container.clientHeight || 480,
      listening: false,
    });
    const background = new Layer({ listening: false });
    background.add(this.templateShape());
    this.dotLayer = new Layer({ listening: false });
    this.dotLayer.add(new Shape({ sceneFunc: (ctx) => this.drawDots(ctx) }));
    this.overlayLayer = new Layer({ listening: false });
    this.overlayLayer.add(new Shape({ sceneFunc: (ctx) => this.drawOverlay(ctx) }));
    this.previewLayer = new Layer({ listening: false });
    this.previewLayer.add(new Shape({ sceneFunc: (ctx) => this.drawPreview(ctx) }));
    this.stage.add(background, this.dotLayer, this.overlayLayer, this.previewLayer);
    this.unbindPointer = bindPointerEvents(container, this.gestures(), {
      pen: new PenPolicy(),
      preview: (p) => this.showPenPreview(p),
    });
    this.resizeObserver = new ResizeObserver(() => this.resize());
    this.resizeObserver.observe(container);
    this.fit();
    this.describe();
  }

  // ---- impressions -------------------------------------------------------------------

  /** Number of impressions. */
  get count(): number {
    return this.store.count;
  }

  /** Columns for the scorer (views, not copies): during a replay, only the impressions shown. */
  columns() {
    return this.store.columns(this.shownCount());
  }

  /** Every impression, as the server stores them. */
  dots(): StoredDot[] {
    return this.store.dots();
  }

  /** The session of every impression (parallel to `dots()`). */
  sessions(): number[] {
    return this.store.sessions();
  }

  /** The session being worked (1-based). */
  get session(): number {
    return this.store.session;
  }

  /** Heals everything placed so far (drawn lighter, no longer editable) and starts the next session. */
  startNextSession(): number {
    const k = this.store.startNextSession();
    this.changed();
    return k;
  }

  /** Places an impression of the current diameter at (x, y) mm; nothing off the canvas. */
  place(x: number, y: number): void {
    if (this.store.place(x, y, this.diameterMm)) this.changed();
  }

  /** Erases the impression nearest (x, y) within `radiusMm`; true when one was erased. */
  eraseNear(x: number, y: number, radiusMm: number): boolean {
    if (!this.store.eraseNear(x, y, radiusMm)) return false;
    this.changed();
    return true;
  }

  /** Removes every impression (one undoable step). */
  clear(): void {
    if (this.store.clear()) this.changed();
  }

  /** Undoes the latest edit; false when there is none. */
  undo(): boolean {
    if (!this.store.undo()) return false;
    this.changed();
    return true;
  }

  /** Redoes the latest undone edit; false when there is none. */
  redo(): boolean {
    if (!this.store.redo()) return false;
    this.changed();
    return true;
  }

  /** Whether there is an edit to undo. */
  canUndo(): boolean {
    return this.store.canUndo();
  }

  /** Whether there is an undone edit to redo. */
  canRedo(): boolean {
    return this.store.canRedo();
  }

  private changed(): void {
    if (!this.drawAppended()) this.dotLayer.batchDraw();
    this.describe();
    this.opts.onChange?.();
  }

  /**
   * Mirrors what is drawn on the container (`data-session`, `data-placed`, `data-healed`) for tests and styles;
   * `data-impressions` is `moving` while the impressions are shown as a moved bitmap and `sharp` once redrawn.
   */
  private describe(): void {
    const box = this.opts.container.dataset;
    box.session = String(this.store.session);
    box.placed = String(this.store.count);
    box.healed = String(this.store.healedCount);
  }

  private shownCount(): number {
    return this.visible === null ? this.store.count : Math.min(this.visible, this.store.count);
  }

  // ---- replay ------------------------------------------------------------------------

  /** Shows only the first k impressions (placement order); null shows all. */
  setVisibleCount(k: number | null): void {
    this.visible = k === null ? null : Math.max(0, Math.min(this.store.count, k));
    this.dotLayer.batchDraw();
  }

  /** Placement time of impression i, in ms since the attempt started. */
  timeOf(i: number): number {
    return this.store.timeOf(i);
  }

  // ---- overlay and annotations ---------------------------------------------------------

  /** Draws the scorer's problem overlay (clumps, rows, gaps, strays); null hides it. */
  setOverlay(overlay: DrillScore['overlay'] | null): void {
    this.overlay = overlay;
    this.setImage(null);
    this.overlayLayer.batchDraw();
  }

  /**
   * Shows the problem overlay as a bitmap painted elsewhere (the score worker) for `image.view`,
   * instead of drawing it here; shown moved and scaled while the view differs, and
   * `onOverlayStale` asks for it again once the view rests. Null hides it.
   */
  setOverlayImage(image: OverlayImage | null): void {
    this.overlay = null;
    this.setImage(image);
    this.overlayLayer.batchDraw();
  }

  private setImage(image: OverlayImage | null): void {
    if (this.overlayImage && this.overlayImage !== image) this.overlayImage.bitmap.close();
    this.overlayImage = image;
    if (!image) clearTimeout(this.overlayTimer);
  }

  /** The view the overlay is drawn in now (canvas size, pixel ratio, scale, position). */
  overlayView(): OverlayView {
    return {
      width: this.stage.width(),
      height: this.stage.height(),
      pixelRatio: this.overlayLayer.getCanvas().getPixelRatio(),
      scale: this.stage.scaleX(),
      x: this.stage.x(),
      y: this.stage.y(),
    };
  }

  /** Draws these instructor annotations (replacing the previous ones). */
  setAnnotations(annotations: Annotation[]): void {
    this.annotations = annotations;
    this.overlayLayer.batchDraw();
  }

  // ---- drawing -----------------------------------------------------------------------

  private templateShape(): Shape {
    const t = this.template;
    return new Shape({
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

  /** Paints impressions [from, to) on a 2D context in mm (the stage's transform applied). */
  private paintDots(c: CanvasRenderingContext2D, from: number, to: number): void {
    const n = to;
    const { xs, ys, diameters } = this.store;
    // Never draw an impression smaller than a screen pixel, so it stays visible zoomed out.
    const minR = 0.6 / this.stage.scaleX();
    // One path per fill: by session (replay, review), or healed sessions then the current one.
    const fillRange = (a: number, b: number, fill: string, spread = 1) => {
      if (b <= a) return;
      c.beginPath();
      for (let i = a; i < b; i++) {
        const r = Math.max((diameters[i]! / 2) * spread, minR);
        c.moveTo(xs[i]! + r, ys[i]!);
        c.arc(xs[i]!, ys[i]!, r, 0, 2 * Math.PI);
      }
      c.fillStyle = fill;
      c.fill();
    };
    if (this.opts.colourBySession) {
      // Sessions never go back, so each session is one run of indices.
      let start = from;
      for (let i = from + 1; i <= n; i++) {
        if (i === n || this.store.sessionOf(i) !== this.store.sessionOf(start)) {
          const k = this.store.sessionOf(start);
          fillRange(start, i, SESSION_COLOURS[(k - 1) % SESSION_COLOURS.length] ?? PIGMENT);
          start = i;
        }
      }
    } else {
      const healed = Math.min(n, this.store.healedCount);
      fillRange(from, healed, HEALED_PIGMENT, HEALED_SPREAD);
      fillRange(Math.max(from, healed), n, PIGMENT);
    }
  }

  /** What the impressions' bitmap holds for a layer canvas of this size, as a key. */
  private contentKey(canvas: HTMLCanvasElement): string {
    return `${canvas.width}x${canvas.height},${this.store.revision},${this.opts.colourBySession}`;
  }

  /** The stage's scale, position and pixel ratio, as a key. */
  private stageKey(): string {
    const pr = this.dotLayer.getCanvas().getPixelRatio();
    return `${this.stage.scaleX()},${this.stage.x()},${this.stage.y()},${pr}`;
  }

  /**
   * After impressions were only appended: paints just the new ones on the layer and into its
   * bitmap, as the full redraw would (the layer holds the bitmap copied 1:1, so the pixels are
   * the same), instead of clearing the layer and copying the whole bitmap again. False when
   * anything else changed (view, size, an erase or undo, replay, the keyboard cursor drawn on
   * top): then the layer must be redrawn.
   */
  private drawAppended(): boolean {
    const n = this.store.count;
    const m = this.dotCacheMatrix;
    const cc = this.dotCache?.getContext('2d');
    const c = this.dotLayer.getContext()._context;
    if (this.visible !== null || this.keyboardCursor || !m || !cc || n <= this.dotCacheCount) return false;
    if (this.contentKey(c.canvas) !== this.dotCacheContent || this.stageKey() !== this.dotCacheStage) return false;
    for (const ctx of [cc, c]) {
      ctx.save();
      ctx.setTransform(m);
      this.paintDots(ctx, this.dotCacheCount, n);
      ctx.restore();
    }
    this.dotCacheCount = n;
    return true;
  }

  /**
   * Draws the impressions through a bitmap cache: the impressions drawn so far stay in an
   * offscreen canvas of the layer's size, so a click that adds one impression paints only
   * that one and copies the bitmap. While the view pans or zooms, the bitmap is moved and
   * scaled with it, and redrawn sharp once the view rests; any other change (erase, undo,
   * session, size) redraws it at once.
   */
  private drawDots(ctx: Context): void {
    const c = ctx._context;
    const n = this.shownCount();
    const m = c.getTransform();
    const w = c.canvas.width;
    const h = c.canvas.height;
    const content = this.contentKey(c.canvas);
    const view = `${m.a},${m.b},${m.c},${m.d},${m.e},${m.f}`;
    const cache = (this.dotCache ??= document.createElement('canvas'));
    const cc = cache.getContext('2d');
    if (!cc) {
      this.paintDots(c, 0, n);
    } else if (
      content === this.dotCacheContent &&
      view !== this.dotCacheView &&
      n === this.dotCacheCount &&
      this.dotCacheMatrix
    ) {
      // The view moved: show the bitmap moved with it now, redraw it sharp when the view rests.
      this.opts.container.dataset.impressions = 'moving';
      c.save();
      c.setTransform(m.multiply(this.dotCacheMatrix.inverse()));
      c.drawImage(cache, 0, 0);
      c.restore();
      clearTimeout(this.dotCacheTimer);
      this.dotCacheTimer = setTimeout(() => {
        this.dotCacheMatrix = null;
        this.dotLayer.batchDraw();
      }, VIEW_REST_MS);
    } else {
      if (content !== this.dotCacheContent || view !== this.dotCacheView || n < this.dotCacheCount) {
        if (cache.width !== w || cache.height !== h) ((cache.width = w), (cache.height = h));
        else (cc.setTransform(1, 0, 0, 1, 0, 0), cc.clearRect(0, 0, w, h));
        this.dotCacheContent = content;
        this.dotCacheView = view;
        this.dotCacheCount = 0;
      }
      this.dotCacheMatrix = m;
      this.dotCacheStage = this.stageKey();
      this.opts.container.dataset.impressions = 'sharp';
      if (n > this.dotCacheCount) {
        cc.setTransform(m);
        this.paintDots(cc, this.dotCacheCount, n);
        this.dotCacheCount = n;
      }
      c.save();
      c.setTransform(1, 0, 0, 1, 0, 0);
      c.drawImage(cache, 0, 0);
      c.restore();
    }
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

  private drawOverlay(ctx: Context): void {
    const c = ctx._context;
    const px = 1 / this.stage.scaleX();
    const view = this.overlayView();
    const image = this.overlayImage;
    if (image) {
      c.save();
      if (sameView(image.view, view)) c.setTransform(1, 0, 0, 1, 0, 0);
      else {
        // Painted for another view: shown moved and scaled with it, painted again once the view rests.
        c.setTransform(c.getTransform().multiply(new DOMMatrix(viewMatrix(image.view)).inverse()));
        clearTimeout(this.overlayTimer);
        this.overlayTimer = setTimeout(() => this.opts.onOverlayStale?.(this.overlayView()), VIEW_REST_MS);
      }
      c.drawImage(image.bitmap, 0, 0);
      c.restore();
    } else if (this.overlay && this.paintOverlay) {
      this.paintOverlay(c, this.overlay, this.store.xs, this.store.ys, this.store.count, view);
    } else if (this.overlay) {
      void import('./overlay-draw.ts').then((m) => {
        this.paintOverlay = m.paintOverlay;
        this.overlayLayer.batchDraw();
      });
    }
    /** Strokes the current path in this colour, `width` screen pixels wide. */
    const stroke = (colour: string, width: number) => {
      c.strokeStyle = colour;
      c.lineWidth = width * px;
      c.stroke();
    };
    // Instructor annotations: numbered pins and rough circles.
    this.annotations.forEach((a, k) => {
      c.beginPath();
      if (a.kind === 'circle') {
        c.arc(a.x, a.y, a.radius, 0, 2 * Math.PI);
        stroke('#c2185b', 2.5);
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

  /** The hovering pen's impression: its true size filled, in a ring that stays visible when it is tiny. */
  private drawPreview(ctx: Context): void {
    const p = this.penPreview;
    if (!p) return;
    const c = ctx._context;
    const px = 1 / this.stage.scaleX();
    const r = Math.max(this.diameterMm / 2, 0.6 * px);
    c.beginPath();
    c.arc(p.x, p.y, r, 0, 2 * Math.PI);
    c.fillStyle = PREVIEW_FILL;
    c.fill();
    c.beginPath();
    c.arc(p.x, p.y, r + 3 * px, 0, 2 * Math.PI);
    c.strokeStyle = PREVIEW_RING;
    c.lineWidth = 1.5 * px;
    c.stroke();
  }

  /**
   * Shows where a hovering pen would place an impression (screen point), or hides it (null).
   * Only while the canvas places: not with the eraser or the move tool, nor when annotating.
   */
  showPenPreview(p: ScreenPoint | null): void {
    const t = this.template;
    const mm = p && this.placesOnTap() ? this.toMm(p) : null;
    const inside = mm && mm.x >= 0 && mm.y >= 0 && mm.x <= t.width && mm.y <= t.height ? mm : null;
    if (!inside && !this.penPreview) return;
    this.penPreview = inside;
    // For tests and styles: where the preview is, in mm, with the diameter it shows.
    const box = this.opts.container.dataset;
    if (inside) box.penPreview = `${inside.x.toFixed(2)},${inside.y.toFixed(2)},${this.diameterMm}`;
    else delete box.penPreview;
    this.previewLayer.batchDraw();
  }

  private placesOnTap(): boolean {
    return this.opts.editable && !this.opts.onCanvasClick && !this.pointerHandler && this.tool === 'place';
  }

  /** Redraws every layer (e.g. after the page changed the template's look). */
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

  /** Moves the view by (dx, dy) screen pixels. */
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

  /** Where Enter acts: the keyboard cursor (mm), shown at the centre if it was hidden. */
  keyboardPoint(): { x: number; y: number } {
    return this.keyboardCursor ?? this.moveKeyboardCursor(0, 0);
  }

  /** Hides the keyboard cursor (the canvas lost focus). */
  hideKeyboardCursor(): void {
    this.keyboardCursor = null;
    this.dotLayer.batchDraw();
  }

  // ---- pointer input -------------------------------------------------------------------

  /** Pointer gestures and what they do here: see `./pointer-input.ts` for how they are told apart. */
  private gestures(): PointerGestures {
    const handler = () => this.pointerHandler;
    return new PointerGestures(
      {
        tap: (p, intent) => this.tap(p, intent),
        pan: (dx, dy) => this.pan(dx, dy),
        zoom: (factor, at) => this.zoom(factor, at),
        press: (p) => handler()?.down(this.toMm(p)),
        drag: (p) => handler()?.move(this.toMm(p)),
        release: (p) => handler()?.up(this.toMm(p)),
      },
      { mode: () => (this.pointerHandler ? 'stroke' : this.tool === 'move' ? 'pan' : 'tap') },
    );
  }

  /** A tap: the tool acts, unless the press may only look (a touch while a pen is in use); a pen's eraser end erases. */
  private tap(p: ScreenPoint, intent: TapIntent): void {
    if (intent === 'view') return;
    const mm = this.toMm(p);
    if (this.opts.onCanvasClick) {
      this.opts.onCanvasClick(mm.x, mm.y);
      return;
    }
    if (!this.opts.editable) return;
    const tool = intent === 'erase' ? 'erase' : this.tool;
    if (tool === 'place') this.place(mm.x, mm.y);
    else if (tool === 'erase') this.eraseNear(mm.x, mm.y, ERASE_RADIUS_PX / this.stage.scaleX());
  }

  /** Stops listening and removes the stage. */
  destroy(): void {
    clearTimeout(this.dotCacheTimer);
    this.setImage(null);
    this.unbindPointer();
    this.resizeObserver.disconnect();
    this.stage.destroy();
  }
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, v));
}
