/**
 * A person's names and mail choices: the display name (required), the separate name printed on certificates
 * (set by the person, correctable by an admin of an academy they belong to, audited), and whether notification
 * mails are wanted.
 */
import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { memberships, users } from '../../db/schema.ts';
import { fail, ok, type Result } from '../lib/errors.ts';
import { audit } from './audit.ts';

/** What the account page shows and edits. */
export interface Profile {
  displayName: string;
  certificateName: string | null;
  notificationMails: boolean;
}

/** The user's profile. */
export function profileOf(db: Db, userId: number): Profile {
  return db
    .select({
      displayName: users.displayName,
      certificateName: users.certificateName,
      notificationMails: users.notificationMails,
    })
    .from(users)
    .where(eq(users.id, userId))
    .get()!;
}

/** The name a certificate for this user carries: their certificate name, else their display name. */
export function nameOnCertificate(p: Pick<Profile, 'displayName' | 'certificateName'>): string {
  return p.certificateName?.trim() || p.displayName;
}

/** Saves the user's own names and mail choice, audited. */
export function updateProfile(db: Db, userId: number, next: Profile): void {
  db.transaction((tx) => {
    const before = tx
      .select({ displayName: users.displayName, certificateName: users.certificateName })
      .from(users)
      .where(eq(users.id, userId))
      .get()!;
    tx.update(users).set(next).where(eq(users.id, userId)).run();
    audit(tx, {
      academyId: null,
      actorUserId: userId,
      action: 'user.profile_changed',
      subject: `user:${userId}`,
      detail: { before, after: { displayName: next.displayName, certificateName: next.certificateName } },
    });
  });
}

/**
 * An admin of `academyId` corrects the certificate name of a current member of that academy (`not_found` for
 * anyone else), audited in the academy's log.
 */
export function correctCertificateName(
  db: Db,
  academyId: number,
  adminId: number,
  userId: number,
  certificateName: string,
): Result {
  return db.transaction((tx) => {
    const member = tx
      .select({ before: users.certificateName, displayName: users.displayName })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.academyId, academyId), eq(memberships.userId, userId), isNull(memberships.removedAt)))
      .get();
    if (!member) return fail('not_found', 'No such member in your academy.');
    tx.update(users).set({ certificateName }).where(eq(users.id, userId)).run();
    audit(tx, {
      academyId,
      actorUserId: adminId,
      action: 'user.certificate_name_corrected',
      subject: `user:${userId}`,
      detail: { before: member.before ?? member.displayName, after: certificateName },
    });
    return ok();
  });
}
