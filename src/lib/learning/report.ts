/** The academy's trainee progress table: sorting and CSV export. */

/** One trainee's row of the academy's progress table. */
export interface TraineeProgressRow {
  userId: number;
  name: string;
  email: string;
  lessonsDone: number;
  lessonsTotal: number;
  checksPassed: number;
  checksTotal: number;
  drillsSubmitted: number;
  bestDrillScore: number | null;
  lastActivity: Date | null;
  /** When the trainee left the academy (a former member, whose records still count); absent or null: a member. */
  formerSince?: Date | null;
}

/** The columns the progress table can be sorted by. */
export const SORT_KEYS = ['name', 'lessons', 'checks', 'drills', 'activity'] as const;
/** One of SORT_KEYS. */
export type SortKey = (typeof SORT_KEYS)[number];
/** Ascending or descending. */
export type SortDir = 'asc' | 'desc';

/**
 * The sort from the query string; unknown keys sort by name, and the default direction is A–Z for names and highest
 * first for figures.
 */
export function parseSort(key: string | null, dir: string | null): { key: SortKey; dir: SortDir } {
  const k = (SORT_KEYS as readonly string[]).includes(key ?? '') ? (key as SortKey) : 'name';
  const d: SortDir = dir === 'desc' ? 'desc' : dir === 'asc' ? 'asc' : k === 'name' ? 'asc' : 'desc';
  return { key: k, dir: d };
}

/** A name as the table sorts and searches it: lower-cased (English rules), compared code unit by code unit. */
export function nameKey(name: string): string {
  return name.toLocaleLowerCase('en');
}

const value = (r: TraineeProgressRow, key: SortKey): string | number => {
  switch (key) {
    case 'name':
      return nameKey(r.name);
    case 'lessons':
      return r.lessonsDone;
    case 'checks':
      return r.checksPassed;
    case 'drills':
      return r.bestDrillScore ?? -1;
    case 'activity':
      return r.lastActivity?.getTime() ?? 0;
  }
};

/**
 * Sorted copy; ties broken by name key (A–Z whatever the direction), then by user id, so the
 * order is total. This is the order the academy's summary table gives in SQL
 * (`src/server/academy-overview.ts`), index by index. Each row's sort value is computed once.
 */
export function sortRows(rows: TraineeProgressRow[], key: SortKey, dir: SortDir): TraineeProgressRow[] {
  const sign = dir === 'asc' ? 1 : -1;
  return rows
    .map((r) => ({ r, v: value(r, key), k: nameKey(r.name) }))
    .sort((a, b) => {
      const c = a.v < b.v ? -1 : a.v > b.v ? 1 : 0;
      if (c !== 0) return sign * c;
      if (key !== 'name' && a.k !== b.k) return a.k < b.k ? -1 : 1;
      return a.r.userId - b.r.userId;
    })
    .map((x) => x.r);
}

/**
 * One CSV field: quoted when needed, and defused when it would start a spreadsheet formula
 * (=, +, -, @, tab, CR) — a trainee's name must not run as a formula in an admin's Excel.
 */
export function csvField(v: string | number | null): string {
  if (v === null) return '';
  if (typeof v === 'number') return String(v); // digits, '.', 'e', '-': nothing to quote or defuse
  let s = v;
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const CSV_HEADER = [
  'Name',
  'Email',
  'Lessons completed',
  'Lessons in course',
  'Checks passed',
  'Checks in course',
  'Drills submitted',
  'Best drill score',
  'Last activity (UTC)',
  'Former member since (UTC)',
];

/** The CSV header line, with its CRLF. */
export function progressCsvHeader(): string {
  return `${CSV_HEADER.join(',')}\r\n`;
}

/** One trainee's CSV line, with its CRLF, every field defused against spreadsheet formulas. */
export function progressCsvLine(r: TraineeProgressRow): string {
  // Field by field rather than through an array: the export writes one line per trainee.
  return (
    `${csvField(r.name)},${csvField(r.email)},${r.lessonsDone},${r.lessonsTotal},${r.checksPassed},` +
    `${r.checksTotal},${r.drillsSubmitted},${csvField(r.bestDrillScore)},` +
    `${r.lastActivity ? csvField(r.lastActivity.toISOString()) : ''},` +
    `${r.formerSince ? csvField(r.formerSince.toISOString()) : ''}\r\n`
  );
}

/** The progress table as CSV with a header row, every field defused against spreadsheet formulas. */
export function progressCsv(rows: TraineeProgressRow[]): string {
  return progressCsvHeader() + rows.map(progressCsvLine).join('');
}
