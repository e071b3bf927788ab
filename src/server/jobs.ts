/**
 * Scheduled jobs: certificate expiry reminders, mailed 60 and 30 days before a certificate ends, each once. A
 * reminder is claimed by inserting its row (primary key: certificate and days) before the mail goes, so the job is
 * safe to run twice, from cron (`npm run -s jobs`) and from the server's own hourly schedule at once.
 */
import { and, eq, gt, isNull, lte } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { certificateReminders, certificates, programs, users } from '../../db/schema.ts';
import { certificateExpiringMail } from '../lib/mail/messages.ts';
import { mailAcademy } from './academy-admin.ts';
import { publicOrigin } from './issuer.ts';
import { sendMail } from './mail.ts';

/** The reminders, in days before a certificate ends. */
export const REMINDER_DAYS = [60, 30] as const;
const DAY_MS = 86_400_000;

/**
 * Mails every reminder due at `now` that was not sent yet (holders who turned notification mails off are marked
 * but not mailed); returns how many mails went out.
 */
export async function runCertificateReminders(db: Db, now = new Date()): Promise<number> {
  let sent = 0;
  // The nearer reminder first: a certificate already within 30 days gets only that one (the 60 is marked too).
  for (const days of [...REMINDER_DAYS].sort((a, b) => a - b)) {
    const due = db
      .select({
        id: certificates.id,
        code: certificates.code,
        academyId: certificates.academyId,
        validUntil: certificates.validUntil,
        email: users.email,
        wants: users.notificationMails,
        program: programs.name,
      })
      .from(certificates)
      .innerJoin(users, eq(users.id, certificates.userId))
      .innerJoin(programs, eq(programs.id, certificates.programId))
      .leftJoin(
        certificateReminders,
        and(eq(certificateReminders.certificateId, certificates.id), eq(certificateReminders.daysBefore, days)),
      )
      .where(
        and(
          isNull(certificates.revokedAt),
          gt(certificates.validUntil, now),
          lte(certificates.validUntil, new Date(now.getTime() + days * DAY_MS)),
          isNull(certificateReminders.certificateId),
        ),
      )
      .all();
    for (const c of due) {
      const claimed = db.transaction((tx) => {
        let mine = false;
        for (const d of REMINDER_DAYS.filter((x) => x >= days)) {
          const r = tx
            .insert(certificateReminders)
            .values({ certificateId: c.id, daysBefore: d, sentAt: now })
            .onConflictDoNothing()
            .run();
          if (d === days) mine = r.changes === 1;
        }
        return mine;
      });
      if (!claimed || !c.wants) continue;
      const { academy, logo } = mailAcademy(db, c.academyId);
      const daysLeft = Math.ceil((c.validUntil.getTime() - now.getTime()) / DAY_MS);
      const ok = await sendMail(
        certificateExpiringMail({
          to: c.email,
          academy,
          programName: c.program,
          daysLeft,
          validUntil: c.validUntil,
          link: `${publicOrigin()}/verify/${c.code}`,
        }),
        logo,
      );
      if (ok) sent++;
    }
  }
  return sent;
}

/** Every job, once. */
export async function runJobs(db: Db, now = new Date()): Promise<{ reminders: number }> {
  return { reminders: await runCertificateReminders(db, now) };
}

/**
 * Runs the jobs in this server process soon after start and then every `everyMs` (an hour); the timer does not
 * keep the process alive. Returns a function that stops it.
 */
export function scheduleJobs(getDb: () => Promise<Db>, everyMs = 60 * 60 * 1000): () => void {
  const tick = () =>
    void getDb()
      .then((db) => runJobs(db))
      .catch((error: unknown) => console.error(`Scheduled jobs failed: ${(error as Error).message}`));
  const first = setTimeout(tick, 30_000);
  const timer = setInterval(tick, everyMs);
  first.unref();
  timer.unref();
  return () => {
    clearTimeout(first);
    clearInterval(timer);
  };
}
