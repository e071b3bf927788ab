/** Appends to the audit log: who did what to which subject, inside the caller's transaction. */
import type { Queryable } from '../../db/client.ts';
import { auditLog } from '../../db/schema.ts';

/** One audit entry: the academy (null for account events), who acted, what, on which subject, and details. */
export interface AuditEntry {
  academyId: number | null;
  actorUserId: number | null;
  action: string;
  subject: string;
  detail?: Record<string, unknown>;
}

/** Appends one entry, on the caller's transaction. */
export function audit(db: Pick<Queryable, 'insert'>, entry: AuditEntry): void {
  db.insert(auditLog)
    .values({ ...entry, detail: entry.detail ?? null })
    .run();
}
