/**
 * Benches that work full templates as a trainee first open the drill path for that trainee, as
 * real use does: a canvas of each earlier level passed by an instructor of the academy
 * (`passDrillPath`, the same as the demo seed and the tests' fixture).
 */
import { and, desc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { memberships, users } from '../../db/schema.ts';
import { passDrillPath } from '../server/demo/demo-data.ts';

/** Opens every level of the drill path for the trainees with these emails, in their first academy as trainee. */
export function openDrillPathFor(db: Db, emails: readonly string[]): void {
  for (const email of emails) {
    const m = db
      .select({ userId: users.id, academyId: memberships.academyId })
      .from(users)
      .innerJoin(memberships, eq(memberships.userId, users.id))
      .where(and(eq(users.email, email), eq(memberships.role, 'trainee')))
      .get();
    if (!m) throw new Error(`${email} is not a trainee`);
    const staff = db
      .select({ id: users.id, name: users.displayName })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.academyId, m.academyId), inArray(memberships.role, ['instructor', 'admin'])))
      .orderBy(desc(memberships.role)) // an instructor if there is one, else an admin
      .get();
    if (!staff) throw new Error(`the academy of ${email} has no instructor`);
    passDrillPath(db, m.userId, m.academyId, staff);
  }
}
