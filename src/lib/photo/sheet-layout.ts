/**
 * The printable practice sheet's geometry, shared by the PDF that draws it and the detector
 * that reads a photo of it. Everything is in the template's millimetres: the canvas is
 * 0…width × 0…height, and the registration marks, the QR code and the scale bar sit at fixed
 * offsets around it, so detection never depends on the paper size.
 */

/** Paper sizes in millimetres (portrait). */
export const PAPERS = {
  a4: { label: 'A4', width: 210, height: 297 },
  letter: { label: 'Letter', width: 215.9, height: 279.4 },
} as const;
/** A paper name: a4 or letter. */
export type Paper = keyof typeof PAPERS;

/** ArUco dictionary of the registration marks (js-aruco2 name): 6×6 bits inside a one-cell black border. */
export const MARKER_DICTIONARY = 'ARUCO_MIP_36h12';
/** Cells across a mark, border included. */
export const MARKER_CELLS = 8;
/** Side of a mark (mm). */
export const MARKER_MM = 12;
/** Gap between the canvas frame and a mark (mm). */
export const MARKER_GAP_MM = 4;
/** Side of the QR code (mm), quiet zone not included. */
export const QR_MM = 28;
/** Length of the printed scale bar (mm). */
export const SCALE_BAR_MM = 50;

/** A registration mark: its dictionary id and its four corners (clockwise from top-left) in template mm. */
export interface MarkerPlace {
  id: number;
  corners: [number, number][];
}

/** Where everything sits around a w × h canvas, in template mm. */
export interface SheetGeometry {
  width: number;
  height: number;
  markers: MarkerPlace[];
  /** Top-left corner of the QR code and its side. */
  qr: { x: number; y: number; size: number };
  /** Left end of the scale bar, its length and thickness. */
  scaleBar: { x: number; y: number; length: number; thickness: number };
  /** The extent of everything printed, for placing it on paper. */
  bounds: { left: number; top: number; right: number; bottom: number };
}

/** The marks' ids, clockwise from top-left: distinct, so any one of them tells which way up the sheet is. */
export const MARKER_IDS = [11, 22, 33, 44] as const;

/** The sheet's geometry around a canvas of width × height mm. */
export function sheetGeometry(width: number, height: number): SheetGeometry {
  const o = MARKER_GAP_MM + MARKER_MM;
  const tl: [number, number][] = [
    [-o, -o],
    [width + MARKER_GAP_MM, -o],
    [width + MARKER_GAP_MM, height + MARKER_GAP_MM],
    [-o, height + MARKER_GAP_MM],
  ];
  const markers = tl.map(([x, y], i) => ({
    id: MARKER_IDS[i]!,
    corners: [
      [x, y],
      [x + MARKER_MM, y],
      [x + MARKER_MM, y + MARKER_MM],
      [x, y + MARKER_MM],
    ] as [number, number][],
  }));
  const below = height + o + 6;
  const qr = { x: width - QR_MM, y: below, size: QR_MM };
  const scaleBar = { x: 0, y: below + 6, length: SCALE_BAR_MM, thickness: 2 };
  return {
    width,
    height,
    markers,
    qr,
    scaleBar,
    bounds: { left: -o, top: -o, right: width + o, bottom: below + QR_MM },
  };
}

/** What the sheet's QR code names. */
export interface SheetCode {
  templateId: string;
  version: number;
  /** The trainee's sheet: a short code printed on it and kept with the photo. */
  sheet: string;
}

const PREFIX = 'STIPPLE-SHEET';

/** The text of the QR code: `STIPPLE-SHEET;t=<template>;v=<version>;s=<sheet>`. */
export function encodeSheetCode(code: SheetCode): string {
  return `${PREFIX};t=${code.templateId};v=${code.version};s=${code.sheet}`;
}

/** Reads a QR text back; null when it is not a Stipple sheet's code. */
export function decodeSheetCode(text: string): SheetCode | null {
  const m = /^STIPPLE-SHEET;t=([a-z0-9][a-z0-9-]{0,63});v=(\d{1,6});s=([A-Za-z0-9-]{1,32})$/.exec(text.trim());
  if (!m) return null;
  return { templateId: m[1]!, version: Number(m[2]), sheet: m[3]! };
}

/** Where the sheet goes on the paper: the offset (mm) of the canvas's top-left corner from the paper's top-left corner. */
export function placeOnPaper(geometry: SheetGeometry, paper: Paper): { x: number; y: number; fits: boolean } {
  const p = PAPERS[paper];
  const { left, top, right, bottom } = geometry.bounds;
  const titleSpace = 18;
  const x = (p.width - (right - left)) / 2 - left;
  const y = Math.max(12 + titleSpace, (p.height - (bottom - top)) / 2) - top;
  const fits = x + left >= 5 && x + right <= p.width - 5 && y + bottom <= p.height - 8;
  return { x, y, fits };
}

/** A sheet code for a trainee: their id and the print time in base 36 (`U1F-LX3K9A`), unique per print. */
export function sheetCodeFor(userId: number, printedAtMs: number): string {
  return `U${userId.toString(36).toUpperCase()}-${Math.floor(printedAtMs / 1000)
    .toString(36)
    .toUpperCase()}`;
}

/** The trainee id a sheet code names, or null for a code not made by sheetCodeFor. */
export function traineeOfSheet(code: string): number | null {
  const m = /^U([0-9A-Z]{1,10})-[0-9A-Z]{1,12}$/.exec(code);
  return m ? parseInt(m[1]!, 36) : null;
}
