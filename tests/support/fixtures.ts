/** Users and academies arranged directly in a test database. */
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { users } from '../../db/schema.ts';
import { hashPassword } from '../../src/lib/auth/password.ts';
import type { Role } from '../../src/lib/auth/roles.ts';
import { addMember, createAcademy } from '../../src/server/academies.ts';
import { makeReadyTrainee, passDrillPath } from '../../src/server/demo/demo-data.ts';
import { markReadByLink } from '../../src/server/notifications.ts';

/** A user with this email and password (display name: the email's local part unless given); returns the id. */
export async function addUser(
  db: Db,
  email: string,
  password: string,
  displayName = email.split('@')[0]!,
): Promise<number> {
  return db
    .insert(users)
    .values({ email, displayName, passwordHash: await hashPassword(password) })
    .returning({ id: users.id })
    .get().id;
}

/** A second academy with one member of each role, emails `<role>@<slug>.test`. */
export async function addAcademyWithStaff(db: Db, slug: string, name: string, password: string) {
  const academyId = createAcademy(db, { slug, name, joinCode: `${slug.toUpperCase()}-CODE` });
  const ids: Record<Role, number> = { admin: 0, instructor: 0, trainee: 0 };
  for (const role of ['admin', 'instructor', 'trainee'] as const) {
    ids[role] = await addUser(db, `${role}@${slug}.test`, password, `${name} ${role}`);
    addMember(db, ids[role], academyId, role);
  }
  return { academyId, ids };
}

export { makeReadyTrainee };

/** The id of the user with this email (who must exist). */
export function userIdOf(db: Db, email: string): number {
  return db.select().from(users).where(eq(users.email, email)).get()!.id;
}

/**
 * Makes the demo trainee ready for certification in the demo academy (lessons, checks and a
 * drill passed by the demo instructor, Sam Okafor; the demo admin approves); returns their id.
 */
export function readyDemoTrainee(db: Db): number {
  const trainee = userIdOf(db, 'trainee@demo.stipple.test');
  makeReadyTrainee(
    db,
    trainee,
    1,
    { id: userIdOf(db, 'instructor@demo.stipple.test'), name: 'Sam Okafor' },
    userIdOf(db, 'admin@demo.stipple.test'),
  );
  return trainee;
}

/**
 * Opens the drill path for a trainee as it opens in real use: a canvas of each earlier level
 * (the patch, then a segment) submitted through the drill service and passed by an instructor
 * of the academy through the grading service, its verdicts read. By default the demo trainee, graded by the demo
 * instructor, so that tests of full templates start where a trainee would be. Returns the
 * trainee's id.
 */
export function unlockDrillPath(
  db: Db,
  email = 'trainee@demo.stipple.test',
  academyId = 1,
  instructor: { email: string; name: string } = { email: 'instructor@demo.stipple.test', name: 'Sam Okafor' },
): number {
  const trainee = userIdOf(db, email);
  const attempts = passDrillPath(db, trainee, academyId, { id: userIdOf(db, instructor.email), name: instructor.name });
  // The trainee has read those verdicts (as opening each attempt does), so feedback badges start clear.
  for (const id of attempts) markReadByLink(db, trainee, `/drill/attempts/${id}`);
  return trainee;
}
