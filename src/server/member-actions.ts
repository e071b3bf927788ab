/**
 * The posted actions of the members page (`/academy/members`), validated and carried out for one academy:
 * invite one or many (mailed), resend or revoke an invitation, change a role, remove a member.
 */
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { parseInviteList, roleSchema } from '../lib/academy/rules.ts';
import { ROLE_LABELS } from '../lib/auth/roles.ts';
import { describeZodError, fail, ok, type Result } from '../lib/errors.ts';
import { invitationMail } from '../lib/mail/messages.ts';
import {
  changeMemberRole,
  inviteMembers,
  mailAcademy,
  removeMember,
  resendInvitation,
  revokeInvitation,
  type InvitationToSend,
} from './academy-admin.ts';
import { publicOrigin } from './issuer.ts';
import { sendMail } from './mail.ts';

const id = z.coerce.number({ error: 'Choose who.' }).int().positive('Choose who.');

const actionSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('invite'), email: z.string().max(20_000, 'That list is too long.'), role: roleSchema }),
  z.object({ action: z.literal('resend'), invitationId: id }),
  z.object({ action: z.literal('revoke'), invitationId: id }),
  z.object({ action: z.literal('role'), userId: id, role: roleSchema }),
  z.object({ action: z.literal('remove'), userId: id }),
]);

/** Who acts, in which academy. */
export interface Actor {
  academyId: number;
  userId: number;
  name: string;
}

/** At most this many SMTP conversations at once, so that a pasted list does not flood the mail server. */
const MAIL_CONCURRENCY = 4;

/** Mails invitations (a few at a time, each on its own); how many the SMTP server accepted. */
async function mailInvitations(db: Db, actor: Actor, list: InvitationToSend[]): Promise<number> {
  const { academy, logo } = mailAcademy(db, actor.academyId);
  let accepted = 0;
  for (let i = 0; i < list.length; i += MAIL_CONCURRENCY) {
    accepted += await mailBatch(academy, logo, actor, list.slice(i, i + MAIL_CONCURRENCY));
  }
  return accepted;
}

async function mailBatch(
  academy: ReturnType<typeof mailAcademy>['academy'],
  logo: ReturnType<typeof mailAcademy>['logo'],
  actor: Actor,
  list: InvitationToSend[],
): Promise<number> {
  const results = await Promise.all(
    list.map((inv) =>
      sendMail(
        invitationMail({
          to: inv.email,
          academy,
          roleLabel: ROLE_LABELS[inv.role],
          inviterName: actor.name,
          link: `${publicOrigin()}/invite/${inv.token}`,
          expiresAt: inv.expiresAt,
        }),
        logo,
      ),
    ),
  );
  return results.filter(Boolean).length;
}

function plural(n: number, one: string, many = `${one}s`) {
  return `${n} ${n === 1 ? one : many}`;
}

/** Carries out one posted action: the notice to show, or the error (on its field) to show beside the form. */
export async function memberAction(db: Db, actor: Actor, form: Record<string, string>): Promise<Result<string>> {
  const parsed = actionSchema.safeParse(form);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const field = first?.path[0] === 'action' ? 'form' : String(first?.path[0] ?? 'form');
    return fail('invalid', first?.path[0] === 'action' ? 'Unknown action.' : describeZodError(parsed.error), { field });
  }
  const a = parsed.data;
  switch (a.action) {
    case 'invite': {
      const emails = parseInviteList(a.email);
      if (!emails.ok) return emails;
      const invited = inviteMembers(db, actor.academyId, actor.userId, emails.value, a.role);
      if (!invited.ok) return invited;
      const { toSend, alreadyMembers } = invited.value;
      const sent = await mailInvitations(db, actor, toSend);
      const parts = [`Invited ${plural(toSend.length, 'person', 'people')} as ${ROLE_LABELS[a.role].toLowerCase()}.`];
      if (sent < toSend.length)
        parts.push(`${plural(toSend.length - sent, 'mail')} could not be sent: use Resend below once mail works.`);
      if (alreadyMembers.length) parts.push(`Already members, not invited: ${alreadyMembers.join(', ')}.`);
      return ok(parts.join(' '));
    }
    case 'resend': {
      const again = resendInvitation(db, actor.academyId, actor.userId, a.invitationId);
      if (!again.ok) return again;
      const sent = await mailInvitations(db, actor, [again.value]);
      return ok(
        sent
          ? `Invitation sent again to ${again.value.email}; the earlier link no longer works.`
          : `The mail to ${again.value.email} could not be sent. Try again later.`,
      );
    }
    case 'revoke': {
      const r = revokeInvitation(db, actor.academyId, actor.userId, a.invitationId);
      return r.ok ? ok('Invitation withdrawn: its link no longer works.') : r;
    }
    case 'role': {
      const r = changeMemberRole(db, actor.academyId, actor.userId, a.userId, a.role);
      return r.ok ? ok(`Role changed to ${ROLE_LABELS[a.role].toLowerCase()}.`) : r;
    }
    case 'remove': {
      const r = removeMember(db, actor.academyId, actor.userId, a.userId);
      return r.ok ? ok('Member removed: their access ended now. Their work stays in the academy’s records.') : r;
    }
  }
}
