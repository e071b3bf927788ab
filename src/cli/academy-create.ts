/**
 * `npm run -s academy:create -- --name "Northline SMP" --slug northline --admin-email owner@example.com`:
 * an operator creates an academy (with its signing keys) in `STIPPLE_DB`. An existing account with that address
 * becomes its admin; otherwise the address is mailed an admin invitation (through `STIPPLE_SMTP_URL`, or to the
 * outbox) and the link is printed. Prints one JSON line; bad input → exit 1 with one line on stderr.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { databasePath, openDatabase } from '../../db/client.ts';
import { newAcademySchema } from '../lib/academy/rules.ts';
import { normalizeEmail } from '../lib/auth/email.ts';
import { ROLE_LABELS } from '../lib/auth/roles.ts';
import { describeZodError } from '../lib/errors.ts';
import { invitationMail } from '../lib/mail/messages.ts';
import { createAcademyForOperator } from '../server/academy-admin.ts';
import { publicOrigin } from '../server/issuer.ts';
import { sendMail } from '../server/mail.ts';

function die(message: string): never {
  console.error(message);
  process.exit(1);
}

let values: Record<string, string | undefined>;
try {
  ({ values } = parseArgs({
    options: { name: { type: 'string' }, slug: { type: 'string' }, 'admin-email': { type: 'string' } },
    strict: true,
  }));
} catch (error) {
  die(`academy:create: ${(error as Error).message}. Usage: --name <name> --slug <slug> --admin-email <address>`);
}
const schema = newAcademySchema.extend({
  adminEmail: z
    .string({ error: 'Give --admin-email.' })
    .trim()
    .pipe(z.email('--admin-email is not a valid email address.'))
    .transform(normalizeEmail),
});
const parsed = schema.safeParse({ name: values.name, slug: values.slug, adminEmail: values['admin-email'] });
if (!parsed.success) die(`academy:create: ${describeZodError(parsed.error)}`);

const db = openDatabase(databasePath());
const created = createAcademyForOperator(db, parsed.data);
if (!created.ok) die(`academy:create: ${created.error.message}`);
const { academyId, joinCode, adminUserId, invitation } = created.value;
let link: string | null = null;
let mailed = false;
if (invitation) {
  link = `${publicOrigin()}/invite/${invitation.token}`;
  mailed = await sendMail(
    invitationMail({
      to: invitation.email,
      academy: { name: parsed.data.name, hasLogo: false },
      roleLabel: ROLE_LABELS.admin,
      inviterName: 'The Stipple operators',
      link,
      expiresAt: invitation.expiresAt,
    }),
  );
}
db.$client.close();
console.log(
  JSON.stringify({
    academyId,
    slug: parsed.data.slug,
    joinCode,
    admin: parsed.data.adminEmail,
    adminExisted: adminUserId !== null,
    ...(link ? { invitation: link, mailed } : {}),
  }),
);
