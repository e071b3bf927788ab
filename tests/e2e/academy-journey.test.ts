/**
 * The journey of issue #11 in Chromium, with every mail going through a real SMTP server: an owner signs up,
 * creates an academy and invites an instructor and a trainee; both accept from the mailed links; the trainee
 * submits a canvas; the instructor grades it and the trainee gets the verdict mail; the admin removes the trainee,
 * whose access ends while their work still counts. Every page on the way is checked with axe.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible } from '../support/axe.ts';
import { followLink, launchBrowser, submitForm } from '../support/browser.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { startSmtpSink, type SmtpSink } from '../support/smtp.ts';

let server: RunningServer;
let sink: SmtpSink;
let browser: Browser;
beforeAll(async () => {
  sink = await startSmtpSink();
  [server, browser] = await Promise.all([startServer({ STIPPLE_SMTP_URL: sink.url }), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await sink?.stop();
});

async function acceptInvitation(email: string, name: string): Promise<Page> {
  const mail = await sink.waitFor(email, /Kestrel SMP Academy/);
  const link = sink.linkIn(mail, `${server.baseUrl}/invite/`);
  const page = await browser.newPage({ viewport: { width: 1300, height: 1000 } });
  await page.goto(link);
  expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Join Kestrel SMP Academy');
  await expectAccessible(page);
  await page.getByLabel('Your name').fill(name);
  await page.getByLabel('Choose a password').fill(`${name.split(' ')[0]} paints tidy hairlines 7`);
  await Promise.all([
    page.waitForURL('**/learn?academy=kestrel'),
    page.getByRole('button', { name: 'Create my account and join' }).click(),
  ]);
  return page;
}

describe('journey: an academy runs itself', () => {
  it('sign up → create → invite by mail → accept → submit → grade → verdict mail → remove', async () => {
    const owner = await browser.newPage({ viewport: { width: 1300, height: 1000 } });
    await owner.goto(`${server.baseUrl}/signup`);
    await owner.getByLabel('Your name').fill('Kira Owner');
    await owner.getByLabel('Email').fill('kira@kestrel.test');
    await owner.getByLabel('Password').fill('kestrel wings over dunes');
    await Promise.all([owner.waitForURL('**/welcome'), owner.getByRole('button', { name: 'Create account' }).click()]);
    await owner.getByRole('link', { name: 'Create an academy' }).click();
    await owner.getByLabel('Academy name').fill('Kestrel SMP Academy');
    await owner.getByLabel('Web name (slug)').fill('kestrel');
    await Promise.all([
      owner.waitForURL('**/academy?academy=kestrel'),
      owner.getByRole('button', { name: 'Create academy' }).click(),
    ]);

    // Invite an instructor, then a trainee.
    await followLink(owner, owner.getByRole('link', { name: 'Members and invitations' }));
    await expectAccessible(owner);
    await owner.getByLabel('Email addresses').fill('ivo@kestrel.test');
    await owner.getByLabel('Role', { exact: true }).selectOption('instructor');
    await submitForm(owner, owner.getByRole('button', { name: 'Send invitations' }));
    expect(await owner.getByRole('status').textContent()).toContain('Invited 1 person as instructor.');
    await owner.getByLabel('Email addresses').fill('tess@kestrel.test');
    await owner.getByLabel('Role', { exact: true }).selectOption('trainee');
    await submitForm(owner, owner.getByRole('button', { name: 'Send invitations' }));
    expect(await owner.locator('[data-invitations]').textContent()).toContain('tess@kestrel.test');
    await expectAccessible(owner);

    // Both accept from the mailed links.
    const instructor = await acceptInvitation('ivo@kestrel.test', 'Ivo Instructor');
    const trainee = await acceptInvitation('tess@kestrel.test', 'Tess Trainee');

    // The trainee submits a canvas: a new trainee starts the drill path with the practice patch.
    await trainee.goto(`${server.baseUrl}/drill/patch-square`);
    await trainee.waitForSelector('[data-drill-root][data-ready="true"]');
    const box = (await trainee.locator('[data-canvas]').boundingBox())!;
    let seed = 11;
    const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (let i = 0; i < 30; i++)
      await trainee.mouse.click(box.x + box.width * (0.35 + 0.3 * rnd()), box.y + box.height * (0.3 + 0.4 * rnd()));
    trainee.once('dialog', (d) => void d.accept());
    await Promise.all([
      trainee.waitForURL(/\/drill\/attempts\/\d+$/),
      trainee.getByRole('button', { name: 'Submit for review' }).click(),
    ]);
    const attemptId = new URL(trainee.url()).pathname.split('/').pop()!;

    // The instructor grades it.
    await instructor.goto(`${server.baseUrl}/instructor`);
    await instructor.locator(`tr[data-attempt="${attemptId}"]`).getByRole('button', { name: 'Claim' }).click();
    await instructor.waitForSelector('[data-review-root][data-ready="true"]');
    for (const fieldset of await instructor.locator('[data-review-form] fieldset.criterion').all())
      await fieldset.locator('input[value="2"]').check();
    await instructor.locator('input[name="verdict"][value="redo"]').check();
    await instructor.getByLabel(/Comment to the trainee/).fill('Spread the impressions over the whole patch.');
    await Promise.all([
      instructor.waitForURL(/\/instructor\?message=/),
      instructor.getByRole('button', { name: 'Submit review' }).click(),
    ]);

    // The trainee gets the verdict by mail, and its link opens the review.
    const verdict = await sink.waitFor('tess@kestrel.test', /canvas needs another try/);
    await trainee.goto(sink.linkIn(verdict, `${server.baseUrl}/drill/attempts/`));
    expect(await trainee.getByText('Spread the impressions over the whole patch.').first().isVisible()).toBe(true);

    // The admin removes the trainee: access ends at once, their work still counts.
    await owner.goto(`${server.baseUrl}/academy/members`);
    const row = owner.locator('tr', { hasText: 'tess@kestrel.test' });
    await row.getByText('Remove…').click();
    await submitForm(owner, row.getByRole('button', { name: 'Yes, remove Tess Trainee' }));
    expect(await owner.getByRole('status').textContent()).toContain('Member removed');
    expect(await owner.locator('[data-members]').textContent()).not.toContain('tess@kestrel.test');
    await owner.goto(`${server.baseUrl}/academy/members?status=former`);
    expect(await owner.locator('[data-members]').textContent()).toContain('former member');
    await expectAccessible(owner);

    const response = await trainee.goto(`${server.baseUrl}/drill/attempts/${attemptId}`);
    expect(response?.status()).not.toBe(200);
    await trainee.goto(`${server.baseUrl}/learn`);
    expect(new URL(trainee.url()).pathname).toBe('/welcome');

    // Their graded canvas still counts for the academy: it stays in the instructor's history.
    await instructor.goto(`${server.baseUrl}/instructor/review/${attemptId}`);
    expect(await instructor.getByText('Spread the impressions over the whole patch.').first().isVisible()).toBe(true);
  });
});
