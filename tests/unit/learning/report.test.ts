import { describe, expect, it } from 'vitest';
import {
  csvField,
  parseSort,
  progressCsv,
  sortRows,
  type TraineeProgressRow,
} from '../../../src/lib/learning/report.ts';

const row = (
  name: string,
  lessonsDone: number,
  last: number | null,
  best: number | null = null,
): TraineeProgressRow => ({
  userId: lessonsDone,
  name,
  email: `${name.toLowerCase()}@x.test`,
  lessonsDone,
  lessonsTotal: 16,
  checksPassed: 0,
  checksTotal: 5,
  drillsSubmitted: best === null ? 0 : 1,
  bestDrillScore: best,
  lastActivity: last === null ? null : new Date(last),
});

describe('progress report', () => {
  const rows = [row('Bea', 3, 2000, 80), row('ada', 9, null), row('Cy', 3, 5000, 55)];
  it('sorts by name, counts and activity, breaking ties by name', () => {
    expect(sortRows(rows, 'name', 'asc').map((r) => r.name)).toEqual(['ada', 'Bea', 'Cy']);
    expect(sortRows(rows, 'lessons', 'desc').map((r) => r.name)).toEqual(['ada', 'Bea', 'Cy']);
    expect(sortRows(rows, 'activity', 'desc').map((r) => r.name)).toEqual(['Cy', 'Bea', 'ada']);
    expect(sortRows(rows, 'drills', 'desc').map((r) => r.name)).toEqual(['Bea', 'Cy', 'ada']);
  });
  it('falls back to a safe sort for unknown parameters', () => {
    expect(parseSort('drop table', 'sideways')).toEqual({ key: 'name', dir: 'asc' });
    expect(parseSort('activity', null)).toEqual({ key: 'activity', dir: 'desc' });
  });
  it('quotes CSV fields and defuses spreadsheet formulas', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('Lee, Jamie')).toBe('"Lee, Jamie"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('=HYPERLINK("http://evil")')).toBe('"\'=HYPERLINK(""http://evil"")"');
    expect(csvField('+1')).toBe("'+1");
    expect(csvField(-3)).toBe('-3');
    expect(csvField(null)).toBe('');
  });
  it('writes a header and one line per trainee', () => {
    const csv = progressCsv([rows[0]!]);
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toBe(
      'Name,Email,Lessons completed,Lessons in course,Checks passed,Checks in course,Drills submitted,Best drill score,Last activity (UTC),Former member since (UTC)',
    );
    expect(lines[1]).toBe('Bea,bea@x.test,3,16,0,5,1,80,1970-01-01T00:00:02.000Z,');
    const former = progressCsv([{ ...rows[0]!, formerSince: new Date(5000) }])
      .trim()
      .split('\r\n');
    expect(former[1]).toBe('Bea,bea@x.test,3,16,0,5,1,80,1970-01-01T00:00:02.000Z,1970-01-01T00:00:05.000Z');
  });
});
