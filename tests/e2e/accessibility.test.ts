/**
 * axe (WCAG 2.0–2.2 A and AA) on every page, as each role, at desktop and tablet sizes, on the
 * full demo academy (sample work, a queue, a valid and a revoked certificate).
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { certificates, drillAttempts, users } from '../../db/schema.ts';
import { axeViolations, type AxeFinding } from '../support/axe.ts';
import { followLink, launchBrowser, signInAs, submitForm } from '../support/browser.ts';
import { readyDemoTrainee } from '../support/fixtures.ts';
import { DEMO_PASSWORD, startServer, type RunningServer } from '../support/server.ts';

let server: RunningServer;
let browser: Browser;
let valid = '';
let revoked = '';

/** Issues a certificate to a ready trainee through the admin's pages; returns its code. */
async function issue(admin: Page, email: string): Promise<string> {
  await admin.goto(`${server.baseUrl}/academy`);
  await followLink(admin, admin.locator(`[data-ready-trainee="${email}"] a`));
  await submitForm(admin, admin.getByRole('button', { name: 'Issue certificate' }));
  return (await admin.locator('[data-certificate-code]').getAttribute('data-certificate-code'))!;
}

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer({ STIPPLE_SEED: 'full' }), launchBrowser()]);
  // One valid and one revoked certificate: the full demo's own, else made as an admin would.
  const seeded = server.db.select().from(certificates).all();
  valid = seeded.find((c) => !c.revokedAt)?.code ?? '';
  revoked = seeded.find((c) => c.revokedAt)?.code ?? '';
  if (valid && revoked) return;
  readyDemoTrainee(server.db);
  const admin = await browser.newPage();
  await signInAs(admin, server.baseUrl, 'admin@demo.stipple.test', DEMO_PASSWORD);
  valid = await issue(admin, 'alex@demo.stipple.test');
  revoked = await issue(admin, 'trainee@demo.stipple.test');
  await admin.getByLabel('Reason for revoking').fill('Issued in error.');
  await submitForm(admin, admin.getByRole('button', { name: 'Revoke' }));
  await admin.close();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const VIEWPORTS = [
  { name: 'desktop', width: 1280, height: 900 },
  { name: 'tablet portrait', width: 820, height: 1180 },
];

async function sweep(page: Page, paths: string[]): Promise<Record<string, AxeFinding[]>> {
  const found: Record<string, AxeFinding[]> = {};
  for (const path of paths) {
    await page.goto(`${server.baseUrl}${path}`);
    await page.waitForLoadState('load');
    if (await page.locator('[data-drill-root], [data-attempt-root], [data-review-root]').count())
      await page.waitForSelector('[data-ready="true"]').catch(() => undefined);
    const v = await axeViolations(page);
    if (v.length) found[path] = v;
  }
  return found;
}

function samplePaths() {
  const submitted = server.db.select().from(drillAttempts).where(eq(drillAttempts.status, 'submitted')).all();
  const trainee = server.db.select().from(users).where(eq(users.email, 'trainee@demo.stipple.test')).get()!.id;
  return { valid, revoked, attempt: submitted[0]?.id, trainee };
}

describe('axe on every page', () => {
  it('is a checker that finds what is there (an image without text, low contrast)', async () => {
    const page = await browser.newPage();
    await page.setContent(
      '<html lang="en"><head><title>t</title></head><body><main><img src="/favicon.svg"><p style="color:#bbb;background:#fff">faint</p></main></body></html>',
    );
    expect((await axeViolations(page)).map((v) => v.id).sort()).toEqual(['color-contrast', 'image-alt']);
    await page.close();
  });

  for (const vp of VIEWPORTS) {
    it(`finds nothing for a visitor and each role at ${vp.name} size`, async () => {
      const { valid, revoked, attempt, trainee } = samplePaths();
      const context = await browser.newContext({ viewport: { width: vp.width, height: vp.height } });
      const anon = await context.newPage();
      const results: Record<string, Record<string, AxeFinding[]>> = {};
      results.visitor = await sweep(anon, [
        '/',
        '/login',
        '/signup',
        '/forgot-password',
        '/verify',
        `/verify/${valid}`,
        `/verify/${valid}/certificate`,
        `/verify/${revoked}`,
        `/verify/${revoked}/certificate`,
        '/verify/NO-SUCH-CODE',
        '/nowhere',
      ]);
      await context.close();

      const roles: Array<[string, string, string[]]> = [
        [
          'trainee',
          'trainee@demo.stipple.test',
          [
            '/learn',
            '/learn/scalp-skin-anatomy',
            '/learn/check/skin-and-depth',
            '/drill',
            '/drill/patch-square',
            // Jamie (the full demo's trainee@) has passed levels 1 and 2: segment and full-template canvases.
            '/drill/segment-temple',
            '/drill/frontal-hairline',
            '/account',
          ],
        ],
        // Leo has just joined: levels 2 and 3 are not open yet, and the page says what to pass first.
        [
          'trainee at the start of the path',
          'leo@demo.stipple.test',
          ['/drill', '/drill/segment-whorl', '/drill/frontal-hairline'],
        ],
        [
          'instructor',
          'instructor@demo.stipple.test',
          ['/instructor', ...(attempt ? [`/instructor/review/${attempt}`] : []), `/instructor/trainees/${trainee}`],
        ],
        [
          'admin',
          'admin@demo.stipple.test',
          [
            '/academy',
            '/academy/programs',
            '/academy/rubrics',
            '/academy/agreement',
            '/academy/members',
            `/academy/trainees/${trainee}`,
            '/learn',
            '/drill',
          ],
        ],
      ];
      for (const [role, email, paths] of roles) {
        const ctx = await browser.newContext({ viewport: { width: vp.width, height: vp.height } });
        const page = await ctx.newPage();
        await signInAs(page, server.baseUrl, email, DEMO_PASSWORD);
        results[role] = await sweep(page, paths);
        await ctx.close();
      }
      expect(results).toEqual({
        visitor: {},
        trainee: {},
        'trainee at the start of the path': {},
        instructor: {},
        admin: {},
      });
    });
  }
});
