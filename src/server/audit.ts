/** Appends to the audit log: who did what to which subject, inside the caller's transaction. */
import type { Queryable } from '../../db/client.ts';
import { auditLog } from '../../db/schema.ts';

export interface AuditEntry {
  academyId: number | null;
  actorUserId: number | null;
  action: string;
  subject: string;
  detail?: unknown;
}

export function audit(db: Pick<Queryable, 'insert'>, entry: AuditEntry): void {
  db.insert(auditLog)
    .values({ ...entry, detail: entry.detail ?? null })
    .run();
}
