/**
 * An academy runs itself, end to end over HTTP against the built server, with every mail going through a real
 * SMTP server (`smtp-server` on a random loopback port) and its links followed: sign-up without an academy,
 * creating an academy, inviting by mail (one and many), accepting as a new and as an existing user, resend and
 * revoke, role changes with last-admin protection, removal, password reset, and the walls between academies.
 */
import { spawn } from 'node:child_process';
import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { academies, auditLog, invitations, memberships, passwordResets, users } from '../../db/schema.ts';
import { Client } from '../support/http.ts';
import { DEMO_PASSWORD, startServer, type RunningServer } from '../support/server.ts';
import { startSmtpSink, type SmtpSink } from '../support/smtp.ts';

let server: RunningServer;
let sink: SmtpSink;
beforeAll(async () => {
  sink = await startSmtpSink();
  server = await startServer({ STIPPLE_SMTP_URL: sink.url });
});
afterAll(async () => {
  await server?.stop();
  await sink?.stop();
});

const STRONG = 'velvet harbour lantern 42';
const pathOf = (link: string) => new URL(link).pathname;
const userId = (email: string) => server.db.select().from(users).where(eq(users.email, email)).get()?.id;
const academyId = (slug: string) => server.db.select().from(academies).where(eq(academies.slug, slug)).get()!.id;
const roleIn = (slug: string, email: string) =>
  server.db
    .select({ role: memberships.role, removedAt: memberships.removedAt })
    .from(memberships)
    .where(and(eq(memberships.academyId, academyId(slug)), eq(memberships.userId, userId(email)!)))
    .get();
const audits = (action: string) => server.db.select().from(auditLog).where(eq(auditLog.action, action)).all();

async function signUp(email: string, displayName: string, password = STRONG) {
  const c = new Client(server.baseUrl);
  const res = await c.postForm('/signup', { email, displayName, password });
  return { c, res };
}

async function owner(slug: string, name: string) {
  const { c, res } = await signUp(`owner@${slug}.test`, `Owner of ${name}`);
  expect(res.status).toBe(303);
  const created = await c.postForm('/academies/new', { name, slug });
  expect(created.status).toBe(303);
  return c;
}

describe('sign-up and creating an academy', () => {
  it('sign-up without a code or invitation joins no academy and says what to do', async () => {
    const before = server.db.select({ n: count() }).from(memberships).get()!.n;
    const { c, res } = await signUp('solo@example.test', 'Solo Person');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/welcome');
    expect(server.db.select({ n: count() }).from(memberships).get()!.n).toBe(before);
    expect(await (await c.get('/welcome')).text()).toContain('create an academy or ask yours for an invitation');
    const learn = await c.get('/learn');
    expect(learn.status).toBe(303);
    expect(learn.headers.get('location')).toBe('/welcome');
    const instructor = await c.get('/instructor');
    expect(instructor.status).toBe(403);
    expect(await instructor.text()).toContain('create an academy or ask yours for an invitation');
  });

  it('refuses weak passwords and an email local part as the name, keeping the input and writing nothing', async () => {
    const before = server.db.select({ n: count() }).from(users).get()!.n;
    const c = new Client(server.baseUrl);
    for (const password of ['password', '12345678', '        ', 'password123', 'qwertyuiop12']) {
      const res = await c.postForm('/signup', { email: 'weak@example.test', displayName: 'Wendy Weak', password });
      expect(res.status).toBe(400);
      const html = await res.text();
      expect(html).toMatch(/Use at least 10 characters|too easy to guess/);
      expect(html).toContain('value="weak@example.test"');
    }
    const named = await c.postForm('/signup', {
      email: 'j.smith@example.test',
      displayName: 'j.smith',
      password: STRONG,
    });
    expect(named.status).toBe(400);
    expect(await named.text()).toContain('looks like the start of your email address');
    const noName = await c.postForm('/signup', { email: 'nn@example.test', displayName: '', password: STRONG });
    expect(noName.status).toBe(400);
    expect(await noName.text()).toContain('Enter your name.');
    expect(server.db.select({ n: count() }).from(users).get()!.n).toBe(before);
  });

  it('creates an academy whose creator is admin, with its signing keys, audited', async () => {
    const { c } = await signUp('founder@northline.test', 'Nora Founder');
    const res = await c.postForm('/academies/new', { name: 'Northline SMP', slug: 'northline' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/academy?academy=northline');
    const row = server.db.select().from(academies).where(eq(academies.slug, 'northline')).get()!;
    expect(row.name).toBe('Northline SMP');
    expect(row.publicKeyJwk.crv).toBe('Ed25519');
    expect(row.p256PublicJwk?.crv).toBe('P-256');
    expect(row.openEnrollment).toBe(false);
    expect(roleIn('northline', 'founder@northline.test')?.role).toBe('admin');
    expect(audits('academy.created').some((a) => a.academyId === row.id)).toBe(true);
    const page = await c.get('/academy?academy=northline');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Northline SMP');
    // Its DID document is served at once (keys exist).
    expect((await c.get('/academies/northline/did.json')).status).toBe(200);
  });

  it('refuses bad, reserved and taken slugs with a message beside the field and writes nothing', async () => {
    const { c } = await signUp('slugger@example.test', 'Sam Slugger');
    const before = server.db.select({ n: count() }).from(academies).get()!.n;
    const cases: Array<[Record<string, string>, string]> = [
      [{ name: 'Caps', slug: 'Caps-Academy' }, 'Use lowercase letters, digits and single hyphens'],
      [{ name: 'Short', slug: 'ab' }, 'Use at least 3 characters'],
      [{ name: 'Reserved', slug: 'new' }, 'That web name is reserved'],
      [{ name: 'Reserved', slug: 'admin' }, 'That web name is reserved'],
      [{ name: 'Taken', slug: 'demo' }, 'That web name is taken'],
      [{ name: '', slug: 'fine-slug' }, 'Name your academy'],
    ];
    for (const [form, message] of cases) {
      const res = await c.postForm('/academies/new', form);
      expect(res.status).toBe(400);
      const html = await res.text();
      expect(html).toContain(message);
      expect(html).toContain(`value="${form.slug}"`);
    }
    expect(server.db.select({ n: count() }).from(academies).get()!.n).toBe(before);
  });
});

describe('members and invitations by mail', () => {
  let admin: Client;
  beforeAll(async () => {
    admin = await owner('lumen', 'Lumen Scalp Academy');
  });

  it('invites one instructor by mail; the link creates the account and joins with the role', async () => {
    const res = await admin.postForm('/academy/members?academy=lumen', {
      action: 'invite',
      email: 'ines.instructor@example.test',
      role: 'instructor',
    });
    expect(res.status).toBe(303);
    expect(decodeURIComponent(res.headers.get('location')!)).toContain('Invited 1 person as instructor.');
    const mail = await sink.waitFor('ines.instructor@example.test', /Lumen Scalp Academy/);
    expect(mail.parsed.subject).toContain('invites you to Lumen Scalp Academy');
    expect(mail.parsed.html).toContain('Lumen Scalp Academy');
    const link = sink.linkIn(mail, `${server.baseUrl}/invite/`);
    const token = pathOf(link).split('/').pop()!;
    // Only the hash of the token is stored.
    const stored = server.db.select().from(invitations).all();
    expect(stored.some((i) => i.tokenHash === token || i.tokenHash.includes(token))).toBe(false);

    const guest = new Client(server.baseUrl);
    const page = await guest.get(pathOf(link));
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Join Lumen Scalp Academy');
    expect(html).toContain('instructor');

    const weak = await guest.postForm(pathOf(link), { displayName: 'Ines Instructor', password: 'password1' });
    expect(weak.status).toBe(400);
    expect(userId('ines.instructor@example.test')).toBeUndefined();

    const ok = await guest.postForm(pathOf(link), { displayName: 'Ines Instructor', password: STRONG });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/learn?academy=lumen');
    expect(roleIn('lumen', 'ines.instructor@example.test')?.role).toBe('instructor');
    expect((await guest.get('/instructor?academy=lumen')).status).toBe(200);

    const again = await new Client(server.baseUrl).get(pathOf(link));
    expect(again.status).toBe(410);
    expect(await again.text()).toContain('already been used');
    expect(audits('invitation.accepted').length).toBeGreaterThan(0);
  });

  it('invites many at once from a pasted list; an existing user signs in and accepts', async () => {
    const res = await admin.postForm('/academy/members?academy=lumen', {
      action: 'invite',
      email: 'Tara Trainee <tara@example.test>,\ntrainee@demo.stipple.test; tom@example.test',
      role: 'trainee',
    });
    expect(res.status).toBe(303);
    expect(decodeURIComponent(res.headers.get('location')!)).toContain('Invited 3 people as trainee.');
    const demoMail = await sink.waitFor('trainee@demo.stipple.test', /Lumen/);
    await sink.waitFor('tara@example.test', /Lumen/);
    await sink.waitFor('tom@example.test', /Lumen/);
    const link = pathOf(sink.linkIn(demoMail, `${server.baseUrl}/invite/`));

    const jamie = new Client(server.baseUrl);
    const page = await (await jamie.get(link)).text();
    expect(page).toContain('Sign in to accept');
    const login = await jamie.postForm(`/login?next=${encodeURIComponent(link)}`, {
      email: 'trainee@demo.stipple.test',
      password: DEMO_PASSWORD,
    });
    expect(login.headers.get('location')).toBe(link);
    expect(await (await jamie.get(link)).text()).toContain('Accept and join Lumen Scalp Academy');
    const accepted = await jamie.postForm(link, {});
    expect(accepted.status).toBe(303);
    expect(roleIn('lumen', 'trainee@demo.stipple.test')?.role).toBe('trainee');
    // Still a trainee of the demo academy too.
    expect(roleIn('demo', 'trainee@demo.stipple.test')?.role).toBe('trainee');

    // Someone signed in with another address cannot use the link.
    const taraLink = pathOf(sink.linkIn(await sink.waitFor('tara@example.test', /Lumen/), `${server.baseUrl}/invite/`));
    const other = await jamie.postForm(taraLink, {});
    expect(other.status).toBe(403);
    expect(
      server.db
        .select()
        .from(memberships)
        .where(eq(memberships.academyId, academyId('lumen')))
        .all(),
    ).toHaveLength(3);
  });

  it('refuses a bad address list with a message beside the field, keeping the input, inviting no one', async () => {
    const before = server.db.select({ n: count() }).from(invitations).get()!.n;
    const res = await admin.postForm('/academy/members?academy=lumen', {
      action: 'invite',
      email: 'good@example.test, not-an-address@, 123',
      role: 'trainee',
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toMatch(/is not (a valid )?an? email address|is not a valid email address|is not an email address/);
    expect(html).toContain('good@example.test, not-an-address@, 123');
    const badRole = await admin.postForm('/academy/members?academy=lumen', {
      action: 'invite',
      email: 'good@example.test',
      role: 'owner',
    });
    expect(badRole.status).toBe(400);
    expect(await badRole.text()).toContain('Choose a role');
    expect(server.db.select({ n: count() }).from(invitations).get()!.n).toBe(before);
  });

  it('resends (new link, old one dead) and revokes pending invitations', async () => {
    const tomFirst = pathOf(sink.linkIn(await sink.waitFor('tom@example.test', /Lumen/), `${server.baseUrl}/invite/`));
    const tom = server.db
      .select()
      .from(invitations)
      .where(and(eq(invitations.email, 'tom@example.test'), eq(invitations.academyId, academyId('lumen'))))
      .get()!;
    const pageBefore = await (await admin.get('/academy/members?academy=lumen')).text();
    expect(pageBefore).toContain('tom@example.test');
    const mailsBefore = sink.mails.filter((m) => m.to.includes('tom@example.test')).length;
    const resent = await admin.postForm('/academy/members?academy=lumen', {
      action: 'resend',
      invitationId: String(tom.id),
    });
    expect(resent.status).toBe(303);
    await expect.poll(() => sink.mails.filter((m) => m.to.includes('tom@example.test')).length).toBe(mailsBefore + 1);
    const latest = sink.mails.filter((m) => m.to.includes('tom@example.test')).at(-1)!;
    const tomSecond = pathOf(sink.linkIn(latest, `${server.baseUrl}/invite/`));
    expect(tomSecond).not.toBe(tomFirst);
    const replaced = await new Client(server.baseUrl).get(tomFirst);
    expect(replaced.status).toBe(400);
    expect(await replaced.text()).toContain('This link is not valid');
    expect((await new Client(server.baseUrl).get(tomSecond)).status).toBe(200);

    const revoked = await admin.postForm('/academy/members?academy=lumen', {
      action: 'revoke',
      invitationId: String(tom.id),
    });
    expect(revoked.status).toBe(303);
    const dead = await new Client(server.baseUrl).get(tomSecond);
    expect(dead.status).toBe(410);
    expect(await dead.text()).toContain('withdrawn');
    expect(audits('invitation.revoked').length).toBe(1);
    expect(audits('invitation.resent').length).toBe(1);
  });

  it('changes roles, never demotes or removes the last admin, and audits each change', async () => {
    const me = userId('owner@lumen.test')!;
    const ines = userId('ines.instructor@example.test')!;
    const demote = await admin.postForm('/academy/members?academy=lumen', {
      action: 'role',
      userId: String(me),
      role: 'instructor',
    });
    expect(demote.status).toBe(409);
    expect(await demote.text()).toContain('last admin');
    const removeSelf = await admin.postForm('/academy/members?academy=lumen', { action: 'remove', userId: String(me) });
    expect(removeSelf.status).toBe(409);
    expect(roleIn('lumen', 'owner@lumen.test')).toEqual({ role: 'admin', removedAt: null });

    const promote = await admin.postForm('/academy/members?academy=lumen', {
      action: 'role',
      userId: String(ines),
      role: 'admin',
    });
    expect(promote.status).toBe(303);
    expect(roleIn('lumen', 'ines.instructor@example.test')?.role).toBe('admin');
    const back = await admin.postForm('/academy/members?academy=lumen', {
      action: 'role',
      userId: String(ines),
      role: 'instructor',
    });
    expect(back.status).toBe(303);
    const changes = audits('membership.role_changed').filter((a) => a.subject === `user:${ines}`);
    expect(changes.map((a) => a.detail)).toEqual([
      { from: 'instructor', to: 'admin' },
      { from: 'admin', to: 'instructor' },
    ]);
    expect(changes.every((a) => a.actorUserId === me)).toBe(true);
  });

  it('removes a member: access ends at once, the record stays as a former member', async () => {
    const jamie = new Client(server.baseUrl);
    await jamie.login('trainee@demo.stipple.test', DEMO_PASSWORD);
    expect((await jamie.get('/learn?academy=lumen')).status).toBe(200);
    const id = userId('trainee@demo.stipple.test')!;
    const res = await admin.postForm('/academy/members?academy=lumen', { action: 'remove', userId: String(id) });
    expect(res.status).toBe(303);
    // The same session, next request: no access to Lumen, demo academy untouched.
    expect((await jamie.get('/learn?academy=lumen')).status).toBe(403);
    expect((await jamie.get('/learn?academy=demo')).status).toBe(200);
    expect(roleIn('lumen', 'trainee@demo.stipple.test')?.removedAt).toBeInstanceOf(Date);
    const current = await (await admin.get('/academy/members?academy=lumen')).text();
    expect(current).not.toContain('trainee@demo.stipple.test');
    const former = await (await admin.get('/academy/members?academy=lumen&status=former')).text();
    expect(former).toContain('trainee@demo.stipple.test');
    expect(former).toContain('former member');
    // Their records stay in the academy, marked as a former member's.
    const record = await admin.get(`/academy/trainees/${id}?academy=lumen`);
    expect(record.status).toBe(200);
    expect(await record.text()).toContain('Former member: removed on');
    // …and in the academy's progress report and its CSV, marked as a former member's.
    const overview = await (await admin.get('/academy?academy=lumen')).text();
    expect(overview).toMatch(/data-trainee="trainee@demo\.stipple\.test"[\s\S]*?data-former[^>]*>\s*former member/);
    const csv = (await (await admin.get('/academy/progress.csv?academy=lumen')).text()).trim().split('\r\n');
    expect(csv[0]).toMatch(/,Former member since \(UTC\)$/);
    const line = csv.find((l) => l.includes('trainee@demo.stipple.test'))!;
    expect(line).toMatch(/,\d{4}-\d\d-\d\dT[\d:.]+Z$/);
    expect(audits('membership.removed').map((a) => a.subject)).toContain(`user:${id}`);
    // Joining again by code is refused; only a new invitation brings them back.
    const code = server.db.select().from(academies).where(eq(academies.slug, 'lumen')).get()!.joinCode;
    const rejoin = await jamie.postForm('/join', { academyCode: code });
    expect(rejoin.status).toBe(403);
  });

  it('searches and filters the member list', async () => {
    const byName = await (await admin.get('/academy/members?academy=lumen&q=ines')).text();
    expect(byName).toContain('ines.instructor@example.test');
    expect(byName).not.toContain('owner@lumen.test');
    const trainees = await (await admin.get('/academy/members?academy=lumen&role=trainee&status=all')).text();
    expect(trainees).toContain('trainee@demo.stipple.test');
    expect(trainees).not.toContain('ines.instructor@example.test');
  });
});

describe('the wall between academies', () => {
  let a: Client;
  let b: Client;
  beforeAll(async () => {
    a = await owner('alpha', 'Alpha Academy');
    b = await owner('bravo', 'Bravo Academy');
    expect(
      (
        await b.postForm('/academy/members?academy=bravo', {
          action: 'invite',
          email: 'bea@bravo.test',
          role: 'trainee',
        })
      ).status,
    ).toBe(303);
    await sink.waitFor('bea@bravo.test', /Bravo/);
    expect(
      (
        await b.postForm('/academy/members?academy=bravo', {
          action: 'invite',
          email: 'ivan@bravo.test',
          role: 'instructor',
        })
      ).status,
    ).toBe(303);
    const link = pathOf(sink.linkIn(await sink.waitFor('ivan@bravo.test', /Bravo/), `${server.baseUrl}/invite/`));
    expect(
      (await new Client(server.baseUrl).postForm(link, { displayName: 'Ivan Bravo', password: STRONG })).status,
    ).toBe(303);
  });

  it("academy A's admin can neither see nor change academy B's members and invitations", async () => {
    expect((await a.get('/academy/members?academy=bravo')).status).toBe(403);
    const own = await (await a.get('/academy/members?academy=alpha')).text();
    expect(own).not.toContain('bravo.test');
    const ivan = userId('ivan@bravo.test')!;
    const bravoOwner = userId('owner@bravo.test')!;
    const bea = server.db.select().from(invitations).where(eq(invitations.email, 'bea@bravo.test')).get()!;
    const attempts: Array<[string, Record<string, string>]> = [
      ['/academy/members?academy=alpha', { action: 'role', userId: String(ivan), role: 'admin' }],
      ['/academy/members?academy=alpha', { action: 'remove', userId: String(ivan) }],
      ['/academy/members?academy=alpha', { action: 'remove', userId: String(bravoOwner) }],
      ['/academy/members?academy=alpha', { action: 'revoke', invitationId: String(bea.id) }],
      ['/academy/members?academy=alpha', { action: 'resend', invitationId: String(bea.id) }],
      ['/academy/members?academy=bravo', { action: 'remove', userId: String(ivan) }],
      ['/academy/members?academy=bravo', { action: 'revoke', invitationId: String(bea.id) }],
    ];
    const mailsBefore = sink.mails.length;
    for (const [path, form] of attempts) {
      const res = await a.postForm(path, form);
      expect([403, 404]).toContain(res.status);
    }
    expect(roleIn('bravo', 'ivan@bravo.test')).toEqual({ role: 'instructor', removedAt: null });
    expect(server.db.select().from(invitations).where(eq(invitations.id, bea.id)).get()!.revokedAt).toBeNull();
    expect(sink.mails.length).toBe(mailsBefore);
    // A member who is not an admin cannot manage members at all.
    const ivanClient = new Client(server.baseUrl);
    await ivanClient.login('ivan@bravo.test', STRONG);
    expect((await ivanClient.get('/academy/members?academy=bravo')).status).toBe(403);
    expect(
      (await ivanClient.postForm('/academy/members?academy=bravo', { action: 'remove', userId: String(bravoOwner) }))
        .status,
    ).toBe(403);
  });
});

describe('password reset by mail', () => {
  it('answers alike for unknown and known addresses; the mailed link sets a new password and ends all sessions', async () => {
    const { c: signedIn } = await signUp('forgetful@example.test', 'Frida Forgetful');
    expect((await signedIn.get('/welcome')).status).toBe(200);
    const ask = async (email: string) => {
      const res = await new Client(server.baseUrl).postForm('/forgot-password', { email });
      expect(res.status).toBe(200);
      return (await res.text()).match(/<p class="notice success"[^>]*>([^<]*)</)![1];
    };
    const unknown = await ask('nobody-here@example.test');
    const known = await ask('forgetful@example.test');
    expect(known).toBe(unknown);
    const mail = await sink.waitFor('forgetful@example.test', /Reset your Stipple password/);
    expect(sink.mails.some((m) => m.to.includes('nobody-here@example.test'))).toBe(false);
    const link = pathOf(sink.linkIn(mail, `${server.baseUrl}/reset-password/`));
    const token = link.split('/').pop()!;
    expect(token.length).toBeGreaterThanOrEqual(43); // 256 bits in base64url
    expect(
      server.db
        .select()
        .from(passwordResets)
        .all()
        .some((r) => r.tokenHash === token),
    ).toBe(false);

    const guest = new Client(server.baseUrl);
    expect((await guest.get(link)).status).toBe(200);
    const weak = await guest.postForm(link, { password: 'forgetful123' });
    expect(weak.status).toBe(400);
    const done = await guest.postForm(link, { password: 'quiet meadow copper 77' });
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe('/login?reset=1');
    // Every session of the account ended.
    expect((await signedIn.get('/welcome')).status).toBe(303);
    const reused = await guest.get(link);
    expect(reused.status).toBe(410);
    expect(await reused.text()).toContain('already been used');
    expect((await new Client(server.baseUrl).login('forgetful@example.test', STRONG)).status).toBe(400);
    expect((await new Client(server.baseUrl).login('forgetful@example.test', 'quiet meadow copper 77')).status).toBe(
      303,
    );
    const badLink = await guest.get('/reset-password/not-a-token');
    expect(badLink.status).toBe(400);
    expect(await badLink.text()).toContain('This link is not valid');
    const garbage = await guest.get(`/invite/${'A'.repeat(43)}`);
    expect(garbage.status).toBe(400);
    expect(await garbage.text()).toContain('This link is not valid');
  });

  it('sends at most 3 reset mails an hour to one address, answering the same', async () => {
    await signUp('often@example.test', 'Olga Often');
    for (let i = 0; i < 5; i++) {
      const res = await new Client(server.baseUrl).postForm('/forgot-password', { email: 'often@example.test' });
      expect([200, 429]).toContain(res.status);
    }
    await sink.waitFor('often@example.test', /Reset/);
    await new Promise((r) => setTimeout(r, 500));
    expect(sink.mails.filter((m) => m.to.includes('often@example.test')).length).toBeLessThanOrEqual(3);
  });
});

function run(args: string[], env: Record<string, string>) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn('npm', ['run', '-s', 'academy:create', '--', ...args], { env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('operators create academies from the command line', () => {
  it('creates an academy and mails its admin an invitation; refuses a taken slug with one line', async () => {
    const env = {
      STIPPLE_DB: server.dbPath,
      STIPPLE_SMTP_URL: sink.url,
      STIPPLE_PUBLIC_URL: server.baseUrl,
    };
    const r = await run(
      ['--name', 'Crown Line Studio', '--slug', 'crown-line', '--admin-email', 'Cara@Crown.test'],
      env,
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout.trim()) as { slug: string; invitation: string; adminExisted: boolean };
    expect(out.slug).toBe('crown-line');
    expect(out.adminExisted).toBe(false);
    const mail = await sink.waitFor('cara@crown.test', /Crown Line Studio/);
    const link = pathOf(sink.linkIn(mail, `${server.baseUrl}/invite/`));
    expect(link).toBe(pathOf(out.invitation));
    const cara = new Client(server.baseUrl);
    expect((await cara.postForm(link, { displayName: 'Cara Crown', password: STRONG })).status).toBe(303);
    expect(roleIn('crown-line', 'cara@crown.test')?.role).toBe('admin');
    expect((await cara.get('/academy/members?academy=crown-line')).status).toBe(200);

    const taken = await run(['--name', 'Again', '--slug', 'crown-line', '--admin-email', 'x@crown.test'], env);
    expect(taken.code).toBe(1);
    expect(taken.stderr.trim().split('\n')).toHaveLength(1);
    expect(taken.stderr).toContain('taken');
    const bad = await run(['--name', 'Bad', '--slug', 'Bad Slug', '--admin-email', 'x@crown.test'], env);
    expect(bad.code).toBe(1);
  });

  it('with STIPPLE_ACADEMY_CREATION=operators, the page refuses and creates nothing', async () => {
    const locked = await startServer({ STIPPLE_ACADEMY_CREATION: 'operators', STIPPLE_SMTP_URL: sink.url });
    try {
      const c = new Client(locked.baseUrl);
      await c.postForm('/signup', { email: 'wannabe@example.test', displayName: 'Wanda Be', password: STRONG });
      const res = await c.postForm('/academies/new', { name: 'Nope', slug: 'nope-academy' });
      expect(res.status).toBe(403);
      expect(await res.text()).toContain('created by the operators');
      expect(locked.db.select().from(academies).where(eq(academies.slug, 'nope-academy')).get()).toBeUndefined();
    } finally {
      await locked.stop();
    }
  });
});
