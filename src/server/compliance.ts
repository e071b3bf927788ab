/** Compliance records of an academy's members (e.g. bloodborne-pathogens training), entered by admins. */
import { and, desc, eq } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { complianceRecords, memberships } from '../../db/schema.ts';
import { fail, ok, type Result } from '../lib/errors.ts';
import { audit } from './audit.ts';

/** A compliance record as an admin enters it. */
export interface ComplianceInput {
  kind: string;
  completedOn: Date;
  expiresOn: Date | null;
  reference: string;
}

/** Records compliance evidence for a member of `academyId`, audited; `not_found` for anyone else. */
export function addComplianceRecord(
  db: Queryable,
  academyId: number,
  userId: number,
  record: ComplianceInput,
  adminId: number,
): Result {
  return db.transaction((tx): Result => {
    const member = tx
      .select()
      .from(memberships)
      .where(and(eq(memberships.userId, userId), eq(memberships.academyId, academyId)))
      .get();
    if (!member) return fail('not_found', 'No such trainee in your academy.');
    const id = tx
      .insert(complianceRecords)
      .values({ ...record, academyId, userId, recordedBy: adminId })
      .returning({ id: complianceRecords.id })
      .get().id;
    audit(tx, {
      academyId,
      actorUserId: adminId,
      action: 'compliance.recorded',
      subject: `user:${userId}`,
      detail: { id, kind: record.kind },
    });
    return ok();
  });
}

/** A member's compliance records in one academy, most recently completed first. */
export function complianceOf(db: Queryable, academyId: number, userId: number) {
  return db
    .select()
    .from(complianceRecords)
    .where(and(eq(complianceRecords.academyId, academyId), eq(complianceRecords.userId, userId)))
    .orderBy(desc(complianceRecords.completedOn))
    .all();
}
