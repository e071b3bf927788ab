/** Who is ready for certification: per program of an academy, the trainees a certificate may be issued to now. */
import type { Db } from '../../db/client.ts';
import type { CourseShape } from '../lib/certification/requirements.ts';
import { traineesOf } from './academies.ts';
import { standing } from './certificates.ts';
import { listPrograms, type Program } from './programs.ts';

/** One program and the trainees who meet it (or its renewal) and may be issued a certificate now. */
export interface ProgramReadiness {
  program: Program;
  ready: Array<{ id: number; name: string; email: string }>;
}

/** For every program of the academy, the trainees ready for a certificate at `now` (the academy page's list). */
export function readinessByProgram(
  db: Db,
  academyId: number,
  shape: CourseShape,
  now = new Date(),
): ProgramReadiness[] {
  const trainees = traineesOf(db, academyId);
  return listPrograms(db, academyId).map((program) => ({
    program,
    ready: trainees.filter((t) => {
      const s = standing(db, program, t.id, shape, now);
      return s.decision.ok && s.checklist.allMet;
    }),
  }));
}
