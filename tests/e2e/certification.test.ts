import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { followLink, signInAs, submitForm } from '../support/browser.ts';
import { useJourney } from '../support/journey.ts';
import { readyDemoTrainee } from '../support/fixtures.ts';
import { DEMO_PASSWORD } from '../support/server.ts';

const journey = useJourney(({ server }) => {
  readyDemoTrainee(server.db);
});

describe('journey: certification', () => {
  it('issue → public page → download and verify the JSON → revoke → page changes', async () => {
    const admin = await journey.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signInAs(admin, journey.server.baseUrl, 'admin@demo.stipple.test', DEMO_PASSWORD);
    await followLink(admin, admin.getByRole('link', { name: 'Academy', exact: true }));
    await followLink(admin, admin.locator('[data-ready-trainee="trainee@demo.stipple.test"] a'));
    expect(await admin.locator('li[data-met="false"]').count()).toBe(0);
    await submitForm(admin, admin.getByRole('button', { name: 'Issue certificate' }));
    // Issuing shows a preview with the name on the certificate, to confirm.
    expect(await admin.locator('[data-preview-name]').textContent()).toBe('Jamie Lee');
    await submitForm(admin, admin.getByRole('button', { name: 'Confirm and issue' }));
    expect(await admin.locator('[data-message]').textContent()).toMatch(/^Certificate [A-Z2-7-]+ issued\.$/);
    const code = (await admin.locator('[data-certificate-code]').getAttribute('data-certificate-code'))!;

    // An anonymous visitor (no cookies) checks it.
    const context = await journey.browser.newContext({ acceptDownloads: true });
    const visitor = await context.newPage();
    await visitor.goto(`${journey.server.baseUrl}/verify/${code}`);
    expect(await visitor.locator('[data-certificate-status]').getAttribute('data-certificate-status')).toBe('valid');
    expect(await visitor.locator('[data-holder]').textContent()).toBe('Jamie Lee');
    expect(await visitor.locator('[data-signature]').getAttribute('data-signature')).toBe('valid');

    await followLink(visitor, visitor.getByRole('link', { name: 'Printable certificate' }));
    expect(await visitor.locator('[data-certificate] .holder').textContent()).toBe('Jamie Lee');
    expect(await visitor.locator('[data-certificate] svg').count()).toBeGreaterThan(0); // the QR code
    await visitor.goBack();

    const [download] = await Promise.all([
      visitor.waitForEvent('download'),
      visitor.getByRole('link', { name: /Download the signed credential/ }).click(),
    ]);
    const file = await download.path();
    const json = fs.readFileSync(file, 'utf8');
    // Issue 13: the download is the credential with its Data Integrity proof (was the JWT envelope).
    expect(JSON.parse(json).proof[0].cryptosuite).toBe('eddsa-rdfc-2022');

    // The credential's links open for the visitor: the reviewed canvas and the achievement, no sign-in.
    await followLink(visitor, visitor.getByRole('link', { name: 'see the reviewed canvas' }).first());
    expect(await visitor.locator('[data-evidence-name]').textContent()).toMatch(/practice canvas$/);
    expect(await visitor.locator('.evidence-canvas svg').count()).toBe(1);
    await visitor.goBack();
    await followLink(visitor, visitor.locator('a[data-program]'));
    expect(await visitor.locator('[data-achievement-name]').textContent()).toBe('SMP Technician — Level 1');
    await visitor.goBack();

    await followLink(visitor, visitor.getByRole('link', { name: 'Check a credential file' }));
    await visitor
      .locator('input[type="file"]')
      .setInputFiles({ name: 'credential.json', mimeType: 'application/json', buffer: Buffer.from(json) });
    await submitForm(visitor, visitor.getByRole('button', { name: 'Check signature and status' }));
    expect(await visitor.locator('[data-verification]').getAttribute('data-verification')).toBe('verified');
    expect(await visitor.locator('[data-certificate-status]').getAttribute('data-certificate-status')).toBe('valid');

    // The admin revokes it with a reason; the public page changes.
    await admin.getByLabel('Reason for revoking').fill('Issued to the wrong trainee.');
    await submitForm(admin, admin.getByRole('button', { name: 'Revoke' }));
    expect(await admin.locator('[data-message]').textContent()).toContain('revoked');
    await visitor.goto(`${journey.server.baseUrl}/verify/${code}`);
    expect(await visitor.locator('[data-certificate-status]').getAttribute('data-certificate-status')).toBe('revoked');
    expect(await visitor.locator('[data-certificate-status]').textContent()).toContain('Issued to the wrong trainee.');
    // No download offered as if it were current; the files stay linked for verifiers.
    expect(await visitor.getByRole('link', { name: /Download the signed credential/ }).count()).toBe(0);
    expect(await visitor.locator('[data-for-verifiers] a').count()).toBe(3);

    // The same file now verifies as genuine but revoked.
    await visitor.goto(`${journey.server.baseUrl}/verify`);
    await visitor.locator('textarea[name="credential"]').fill(json);
    await submitForm(visitor, visitor.getByRole('button', { name: 'Check signature and status' }));
    expect(await visitor.locator('[data-certificate-status]').getAttribute('data-certificate-status')).toBe('revoked');
    await context.close();
    await admin.close();
  });
});
