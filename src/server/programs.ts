/** An academy's certification programs: listing, one by id, and saving (create or edit). */
import { and, asc, eq } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { programs } from '../../db/schema.ts';
import {
  renewalSchema,
  requirementsSchema,
  type Renewal,
  type Requirements,
} from '../lib/certification/requirements.ts';
import { fail, ok, type Result } from '../lib/errors.ts';
import { audit } from './audit.ts';

/** A certification program of an academy: what a trainee must do, and how long a certificate lasts. */
export interface Program {
  id: number;
  academyId: number;
  name: string;
  description: string;
  hours: number;
  validityMonths: number;
  requirements: Requirements;
  renewal: Renewal;
}

/** A row as read, with its rules validated again: a program saved under older rules must still make sense. */
function toProgram(r: typeof programs.$inferSelect): Program {
  return { ...r, requirements: requirementsSchema.parse(r.requirements), renewal: renewalSchema.parse(r.renewal) };
}

/** The programs of an academy, oldest first. */
export function listPrograms(db: Queryable, academyId: number): Program[] {
  return db
    .select()
    .from(programs)
    .where(eq(programs.academyId, academyId))
    .orderBy(asc(programs.id))
    .all()
    .map(toProgram);
}

/** The program `id` if it belongs to academy `academyId`, else null (another academy's looks missing). */
export function getProgram(db: Queryable, academyId: number, id: number): Program | null {
  const r = db
    .select()
    .from(programs)
    .where(and(eq(programs.academyId, academyId), eq(programs.id, id)))
    .get();
  return r ? toProgram(r) : null;
}

/** What an admin edits: a program without its id and academy. */
export type ProgramInput = Omit<Program, 'id' | 'academyId'>;

/** The outcome of `saveProgram`: the program's id, or why nothing was written. */
export type SaveProgramResult = Result<{ id: number }>;

/**
 * Creates a program of `academyId` (no `id`) or edits program `id`, audited, in one
 * transaction. An `id` that is not a program of this academy — missing, or another
 * academy's — is refused and nothing is written.
 */
export function saveProgram(
  db: Queryable,
  academyId: number,
  input: ProgramInput,
  adminId: number | null,
  id?: number,
  now = new Date(),
): SaveProgramResult {
  return db.transaction((tx): SaveProgramResult => {
    let programId = id;
    if (programId !== undefined) {
      const updated = tx
        .update(programs)
        .set({ ...input, updatedAt: now })
        .where(and(eq(programs.id, programId), eq(programs.academyId, academyId)))
        .run();
      if (updated.changes === 0) return fail('not_found', 'No such program in your academy.');
    } else {
      programId = tx
        .insert(programs)
        .values({ ...input, academyId, updatedAt: now })
        .returning({ id: programs.id })
        .get().id;
    }
    audit(tx, {
      academyId,
      actorUserId: adminId,
      action: id !== undefined ? 'program.updated' : 'program.created',
      subject: `program:${programId}`,
      detail: { name: input.name },
    });
    return ok({ id: programId });
  });
}
