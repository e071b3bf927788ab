/**
 * The printable practice sheet (`/drill/<templateId>/sheet.pdf`): the template at 1:1 scale,
 * drawn light so its lines are never read as impressions, four ArUco registration marks that
 * also tell which way up the sheet is, a QR code naming template, version and sheet, and a
 * 50 mm scale bar to check the print. Made with pdf-lib; the geometry is src/lib/photo/sheet-layout.ts.
 */
import { createRequire } from 'node:module';
import { PDFDocument, StandardFonts, rgb } from 'pdf-lib';
import QRCode from 'qrcode';
import type { Template } from '../../lib/drill/template.ts';
import {
  encodeSheetCode,
  MARKER_CELLS,
  MARKER_DICTIONARY,
  PAPERS,
  placeOnPaper,
  sheetGeometry,
  type Paper,
} from '../../lib/photo/sheet-layout.ts';

const require = createRequire(import.meta.url);
const { AR } = require('js-aruco2') as {
  AR: { Dictionary: new (name: string) => { codeList: string[] } };
};

/** The bits of an ArUco mark (row-major, '1' = white cell), from js-aruco2's dictionary. */
export function markerBits(id: number): string {
  const code = new AR.Dictionary(MARKER_DICTIONARY).codeList[id];
  if (!code) throw new Error(`no ArUco mark ${id}`);
  return code;
}

const PT = 72 / 25.4;
/** Template lines: light enough that the detector's darkness threshold never takes them for impressions. */
const LIGHT = rgb(0.84, 0.86, 0.9);
const LIGHTER = rgb(0.9, 0.91, 0.93);
const INK = rgb(0, 0, 0);
const TEXT = rgb(0.25, 0.25, 0.25);

/** What to print on a sheet. */
export interface SheetOptions {
  paper: Paper;
  /** The trainee's sheet code (printed and in the QR code). */
  sheet: string;
  /** Printed beside the code, so a class's sheets do not get mixed up. */
  traineeName?: string;
}

/** Builds the practice sheet PDF for a template. */
export async function practiceSheetPdf(template: Template, options: SheetOptions): Promise<Uint8Array> {
  const paper = PAPERS[options.paper];
  const g = sheetGeometry(template.width, template.height);
  const at = placeOnPaper(g, options.paper);
  const doc = await PDFDocument.create();
  doc.setTitle(`Practice sheet: ${template.name} (v${template.version})`);
  doc.setCreator('Stipple');
  doc.setProducer('Stipple');
  const page = doc.addPage([paper.width * PT, paper.height * PT]);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const H = paper.height * PT;
  // Template mm → PDF points (origin bottom-left).
  const X = (x: number) => (at.x + x) * PT;
  const Y = (y: number) => H - (at.y + y) * PT;
  const text = (s: string, x: number, y: number, size: number, bolder = false, color = TEXT) =>
    page.drawText(s, { x: X(x), y: Y(y), size, font: bolder ? bold : font, color });
  const rect = (x: number, y: number, w: number, h: number, color = INK) =>
    page.drawRectangle({ x: X(x), y: Y(y + h), width: w * PT, height: h * PT, color });
  const path = (d: string, color: ReturnType<typeof rgb>, width: number, dash?: number[]) =>
    page.drawSvgPath(d, {
      x: X(0),
      y: Y(0),
      scale: PT,
      borderColor: color,
      borderWidth: width / PT,
      borderDashArray: dash?.map((v) => v / PT),
    });
  const ring = (pts: [number, number][], close = true) =>
    pts.map(([x, y], i) => `${i ? 'L' : 'M'}${x} ${y}`).join(' ') + (close ? ' Z' : '');

  // Heading and instructions, above the top marks.
  const top = g.bounds.top;
  text(`${template.name}  ·  version ${template.version}  ·  practice sheet`, 0, top - 12, 11, true);
  text(
    `Print at 100 % (actual size, no "fit to page") on ${paper.label}. Check the bar below: it must measure 50 mm.`,
    0,
    top - 7,
    7.5,
  );
  text(
    'Work inside the frame, or trace the design onto a practice skin laid inside it. Photograph the whole sheet, flat,',
    0,
    top - 3.5,
    7.5,
  );
  text('with all four black squares and the QR code in view.', 0, top - 0.5 + 0.01, 7.5);

  // The template, drawn light.
  path(
    ring([
      [0, 0],
      [template.width, 0],
      [template.width, template.height],
      [0, template.height],
    ]),
    LIGHT,
    0.35,
  );
  if (template.outline) path(template.outline, LIGHTER, 0.3);
  path(ring(template.region), LIGHT, 0.35);
  for (const hole of template.holes) path(ring(hole), LIGHT, 0.35, [2, 1.5]);
  if (template.hairlineEdge) path(ring(template.hairlineEdge, false), LIGHT, 0.35, [3, 2]);
  for (const l of template.landmarks) {
    page.drawCircle({ x: X(l.x), y: Y(l.y), size: 0.6 * PT, borderColor: LIGHT, borderWidth: 0.4 });
    text(l.name, l.x + 1.2, l.y + 0.9, 5, false, LIGHT);
  }

  // Registration marks: ArUco, drawn upright so corner 0 of each is its top-left.
  const cell = g.markers[0]!.corners[1]![0] - g.markers[0]!.corners[0]![0];
  for (const m of g.markers) {
    const [x0, y0] = m.corners[0]!;
    const c = cell / MARKER_CELLS;
    rect(x0, y0, cell, cell);
    const bits = markerBits(m.id);
    const n = MARKER_CELLS - 2;
    for (let r = 0; r < n; r++)
      for (let k = 0; k < n; k++)
        if (bits[r * n + k] === '1') rect(x0 + (k + 1) * c, y0 + (r + 1) * c, c, c, rgb(1, 1, 1));
  }

  // QR code naming template, version and sheet.
  const payload = encodeSheetCode({ templateId: template.id, version: template.version, sheet: options.sheet });
  const qr = QRCode.create(payload, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const q = g.qr.size / n;
  for (let r = 0; r < n; r++)
    for (let k = 0; k < n; k++) if (qr.modules.get(r, k)) rect(g.qr.x + k * q, g.qr.y + r * q, q, q);

  // Scale bar with ticks every 10 mm.
  const b = g.scaleBar;
  rect(b.x, b.y, b.length, b.thickness);
  for (let t = 0; t <= b.length; t += 10) rect(b.x + t - 0.15, b.y - 1.5, 0.3, 1.5);
  text('0', b.x - 0.8, b.y - 2.3, 6);
  text('50 mm', b.x + b.length - 3, b.y - 2.3, 6);
  text('This bar must measure exactly 50 mm on paper.', b.x, b.y + b.thickness + 4, 7);
  text(
    `Sheet ${options.sheet}${options.traineeName ? ` · ${options.traineeName}` : ''}`,
    b.x,
    b.y + b.thickness + 8,
    8,
    true,
  );
  text(`Template ${template.id} v${template.version} · ${paper.label}`, b.x, b.y + b.thickness + 11.5, 7);
  return doc.save();
}

/** The page a sheet would not fit on, or null (every built-in template fits both papers). */
export function sheetFits(template: Template, paper: Paper): boolean {
  return placeOnPaper(sheetGeometry(template.width, template.height), paper).fits;
}
