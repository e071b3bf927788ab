/**
 * Notification mails that follow events in the academy: the verdict on a submitted canvas (to its trainee) and a
 * certificate issued (to its holder). They respect the person's choice to turn notification mails off, and are
 * sent in the background: the page that caused them does not wait for the mail server.
 */
import { eq } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { certificates, drillAttempts, programs, users } from '../../db/schema.ts';
import { certificateIssuedMail, verdictMail } from '../lib/mail/messages.ts';
import { mailAcademy } from './academy-admin.ts';
import { getTemplate } from './content.ts';
import { publicOrigin } from './issuer.ts';
import { sendMail } from './mail.ts';

function recipient(db: Queryable, userId: number) {
  return db
    .select({ email: users.email, wants: users.notificationMails })
    .from(users)
    .where(eq(users.id, userId))
    .get();
}

/** Mails the trainee the verdict of the review of `attemptId` (unless they turned notification mails off). */
export async function mailVerdict(db: Queryable, attemptId: number, verdict: 'pass' | 'redo'): Promise<boolean> {
  const a = db
    .select({ userId: drillAttempts.userId, academyId: drillAttempts.academyId, templateId: drillAttempts.templateId })
    .from(drillAttempts)
    .where(eq(drillAttempts.id, attemptId))
    .get();
  if (!a) return false;
  const to = recipient(db, a.userId);
  if (!to?.wants) return false;
  const template = await getTemplate(a.templateId);
  const { academy, logo } = mailAcademy(db, a.academyId);
  return sendMail(
    verdictMail({
      to: to.email,
      academy,
      templateName: template?.name ?? a.templateId,
      verdict,
      link: `${publicOrigin()}/drill/attempts/${attemptId}`,
    }),
    logo,
  );
}

/** Mails the holder that the certificate `code` was issued (unless they turned notification mails off). */
export function mailCertificateIssued(db: Queryable, code: string): Promise<boolean> {
  const c = db
    .select({ userId: certificates.userId, academyId: certificates.academyId, program: programs.name })
    .from(certificates)
    .innerJoin(programs, eq(programs.id, certificates.programId))
    .where(eq(certificates.code, code))
    .get();
  if (!c) return Promise.resolve(false);
  const to = recipient(db, c.userId);
  if (!to?.wants) return Promise.resolve(false);
  const { academy, logo } = mailAcademy(db, c.academyId);
  return sendMail(
    certificateIssuedMail({
      to: to.email,
      academy,
      programName: c.program,
      link: `${publicOrigin()}/verify/${code}`,
    }),
    logo,
  );
}

/** Starts a notification mail without waiting for it (sendMail logs failures, never throws). */
export function inBackground(mail: Promise<boolean>): void {
  mail.catch((error: unknown) => console.error(`Notification mail failed: ${(error as Error).message}`));
}
