/**
 * Certification programs belong to one academy: `saveProgram` itself refuses to edit
 * another academy's program (not only the page), and the programs form reads its
 * `programId` strictly, so a tampered id is an error rather than a new program.
 */
import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/client.ts';
import { auditLog, programs } from '../../db/schema.ts';
import { getProgram, listPrograms, saveProgram, type ProgramInput } from '../../src/server/programs.ts';
import { freshDb } from '../support/db.ts';
import { addAcademyWithStaff } from '../support/fixtures.ts';
import { Client } from '../support/http.ts';
import { DEMO_PASSWORD, startServer, type RunningServer } from '../support/server.ts';

const input = (name: string): ProgramInput => ({
  name,
  description: 'What a technician of this level can do.',
  hours: 40,
  validityMonths: 12,
  requirements: { allLessons: true, allChecks: true, drills: [], compliance: [] },
  renewal: { drills: [], withinMonths: 12, compliance: [] },
});
const programCount = (db: Db) => db.select({ n: count() }).from(programs).get()!.n;
const auditCount = (db: Db, action: string) =>
  db.select({ n: count() }).from(auditLog).where(eq(auditLog.action, action)).get()!.n;

describe('saveProgram', () => {
  let db: Db;
  let north: { academyId: number; ids: Record<string, number> };
  let south: { academyId: number; ids: Record<string, number> };
  let northProgram = 0;

  beforeAll(async () => {
    db = freshDb();
    north = await addAcademyWithStaff(db, 'north', 'North Studio', 'pw-north-123');
    south = await addAcademyWithStaff(db, 'south', 'South Studio', 'pw-south-123');
    const created = saveProgram(db, north.academyId, input('North Level 1'), north.ids.admin!);
    expect(created.ok).toBe(true);
    if (created.ok) northProgram = created.value.id;
  });
  afterAll(() => db?.$client.close());

  it('creates and edits a program of its own academy, audited', () => {
    const edited = saveProgram(db, north.academyId, input('North Level 1 (2027)'), north.ids.admin!, northProgram);
    expect(edited).toEqual({ ok: true, value: { id: northProgram } });
    expect(getProgram(db, north.academyId, northProgram)!.name).toBe('North Level 1 (2027)');
    expect(auditCount(db, 'program.created')).toBe(1);
    expect(auditCount(db, 'program.updated')).toBe(1);
  });

  it('refuses another academy’s program id, and writes nothing', () => {
    const before = { programs: programCount(db), audit: auditCount(db, 'program.updated') };
    const r = saveProgram(db, south.academyId, input('Taken over'), south.ids.admin!, northProgram);
    expect(r).toEqual({ ok: false, error: { kind: 'not_found', message: 'No such program in your academy.' } });
    expect(getProgram(db, north.academyId, northProgram)!.name).toBe('North Level 1 (2027)');
    expect(listPrograms(db, south.academyId)).toEqual([]);
    expect(programCount(db)).toBe(before.programs);
    expect(auditCount(db, 'program.updated')).toBe(before.audit);
    expect(
      db
        .select({ n: count() })
        .from(auditLog)
        .where(and(eq(auditLog.academyId, south.academyId), eq(auditLog.subject, `program:${northProgram}`)))
        .get()!.n,
    ).toBe(0);
  });

  it('refuses an id no program has', () => {
    const before = programCount(db);
    expect(saveProgram(db, north.academyId, input('Ghost'), north.ids.admin!, 987_654)).toMatchObject({
      ok: false,
      error: { kind: 'not_found' },
    });
    expect(programCount(db)).toBe(before);
  });
});

describe('the programs form', () => {
  let server: RunningServer;
  let northAdmin: Client;
  beforeAll(async () => {
    server = await startServer();
    await addAcademyWithStaff(server.db, 'northline', 'Northline SMP Studio', DEMO_PASSWORD);
    northAdmin = new Client(server.baseUrl);
    expect((await northAdmin.login('admin@northline.test', DEMO_PASSWORD)).status).toBe(303);
  });
  afterAll(() => server?.stop());

  const fields = (programId: string) => ({
    programId,
    name: 'Northline Level 1',
    description: 'What a Northline technician can do.',
    hours: '30',
    validityMonths: '24',
    allLessons: 'on',
    allChecks: 'on',
  });

  it('answers another academy’s program id with 400 and changes nothing', async () => {
    const demoProgram = server.db.select().from(programs).where(eq(programs.academyId, 1)).get()!;
    const before = programCount(server.db);
    const res = await northAdmin.postForm('/academy/programs', fields(String(demoProgram.id)));
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('No such program in your academy.');
    expect(server.db.select().from(programs).where(eq(programs.id, demoProgram.id)).get()).toEqual(demoProgram);
    expect(programCount(server.db)).toBe(before);
  });

  it('answers a programId that is not an id with 400 instead of creating a program', async () => {
    const before = programCount(server.db);
    for (const bad of ['abc', '0', '1.5', '-1']) {
      const res = await northAdmin.postForm('/academy/programs', fields(bad));
      expect(res.status, bad).toBe(400);
      expect(await res.text()).toContain('No such program in your academy.');
    }
    expect(programCount(server.db)).toBe(before);
  });

  it('still creates a program when programId is empty', async () => {
    const before = programCount(server.db);
    const res = await northAdmin.postForm('/academy/programs', fields(''));
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('“Northline Level 1” saved.');
    expect(programCount(server.db)).toBe(before + 1);
  });
});
