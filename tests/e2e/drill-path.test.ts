/**
 * The drill path unlocks level by level, in Chromium: a new trainee sees the segments locked
 * (the page says what to pass first, with no canvas), works the practice patch to a pass and
 * submits it; the level stays closed until the instructor passes the canvas through the review
 * page; then level 2 opens and its canvas loads. axe on every page on the way.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import * as P from '../../src/lib/drill/patterns.ts';
import { addMember } from '../../src/server/academies.ts';
import { expectAccessible } from '../support/axe.ts';
import { signInAs } from '../support/browser.ts';
import { addUser } from '../support/fixtures.ts';
import { useJourney } from '../support/journey.ts';
import { DEMO_PASSWORD } from '../support/server.ts';
import { template } from '../support/templates.ts';

const TRAINEE = 'robin@demo.stipple.test';
const journey = useJourney(async (j) => {
  addMember(j.server.db, await addUser(j.server.db, TRAINEE, DEMO_PASSWORD, 'Robin Vale'), 1, 'trainee');
});
const url = (path: string) => `${journey.server.baseUrl}${path}`;
const levelOpen = (page: Page, level: number) => page.locator(`[data-level="${level}"]`).getAttribute('data-open');

/** Clicks each impression (mm) on the canvas through the Konva stage's current view. */
async function placeByMouse(page: Page, xs: number[], ys: number[]): Promise<void> {
  await page.locator('[data-canvas]').scrollIntoViewIfNeeded();
  const box = (await page.locator('[data-canvas]').boundingBox())!;
  const view = await page.evaluate(() => {
    const stage = (window as unknown as { Konva: { stages: Array<Record<string, () => number>> } }).Konva.stages[0]!;
    return { scale: stage.scaleX!(), x: stage.x!(), y: stage.y!() };
  });
  for (let i = 0; i < xs.length; i++)
    await page.mouse.click(box.x + view.x + xs[i]! * view.scale, box.y + view.y + ys[i]! * view.scale);
}

describe('journey: the drill path', () => {
  it('opens level 2 only once the instructor has passed a level-1 canvas', async () => {
    const page = await journey.browser.newPage({ viewport: { width: 1280, height: 1300 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await signInAs(page, journey.server.baseUrl, TRAINEE, DEMO_PASSWORD);

    // The path: patches open, segments and full templates locked, each saying what opens it.
    await page.goto(url('/drill'));
    expect(await levelOpen(page, 1)).toBe('true');
    expect(await levelOpen(page, 2)).toBe('false');
    expect(await levelOpen(page, 3)).toBe('false');
    expect(await page.locator('[data-level="2"] h2').textContent()).toContain('Opens after level 1');
    for (const id of ['segment-temple', 'segment-whorl', 'segment-scar-border']) {
      expect(await page.locator(`[data-template="${id}"] [data-locked]`).isVisible()).toBe(true);
      expect(await page.locator(`[data-template="${id}"] a.button`).count()).toBe(0);
    }
    await expectAccessible(page);

    // Opening a segment by its address: why it is closed and what to pass first, no canvas.
    const locked = await page.goto(url('/drill/segment-whorl'));
    expect(locked!.status()).toBe(403);
    expect(await page.getByRole('heading', { level: 2, name: 'Level 2 (Segments) is not open yet' }).isVisible()).toBe(
      true,
    );
    expect(await page.locator('[data-lock-message]').textContent()).toContain(
      'Pass level 1 first: “Practice patch: 30 mm square”',
    );
    expect(await page.locator('[data-canvas]').count()).toBe(0);
    await expectAccessible(page);

    // Level 1: a natural patch, placed with the mouse and submitted.
    await Promise.all([
      page.waitForURL(/\/drill\/patch-square$/),
      page.locator('[data-pass-first]').getByRole('link', { name: 'Practice patch: 30 mm square' }).click(),
    ]);
    await page.waitForSelector('[data-drill-root][data-ready="true"]');
    const patch = template('patch-square');
    const work = P.naturalPattern(patch, P.seededRng(3));
    await placeByMouse(page, work.xs, work.ys);
    await expect
      .poll(() => page.locator('[data-score="counts"]').textContent())
      .toBe(`${work.xs.length} impressions in the area`);
    await expect.poll(() => page.locator('[data-score="verdict"]').textContent()).toBe('Passing');
    page.once('dialog', (d) => void d.accept());
    await Promise.all([
      page.waitForURL(/\/drill\/attempts\/\d+$/),
      page.getByRole('button', { name: 'Submit for review' }).click(),
    ]);
    const attemptId = new URL(page.url()).pathname.split('/').pop()!;

    // A passing score is not yet a pass of the level: the instructor has not reviewed it.
    await page.goto(url('/drill'));
    expect(await levelOpen(page, 2)).toBe('false');
    expect(await page.locator('[data-level="1"] [data-awaiting-review]').isVisible()).toBe(true);
    expect((await page.goto(url('/drill/segment-whorl')))!.status()).toBe(403);

    // The instructor passes it through the queue and the review page.
    const sam = await journey.browser.newPage({ viewport: { width: 1280, height: 1000 } });
    await signInAs(sam, journey.server.baseUrl, 'instructor@demo.stipple.test', DEMO_PASSWORD);
    await sam.goto(url('/instructor'));
    await sam.locator(`tr[data-attempt="${attemptId}"]`).getByRole('button', { name: 'Claim' }).click();
    await sam.waitForSelector('[data-review-root][data-ready="true"]');
    for (const fieldset of await sam.locator('[data-review-form] fieldset.criterion').all())
      await fieldset.locator('input[value="4"]').check();
    await sam.locator('input[name="verdict"][value="pass"]').check();
    await sam.getByLabel(/Comment to the trainee/).fill('Natural and even: on to the segments.');
    await Promise.all([
      sam.waitForURL(/\/instructor\?message=/),
      sam.getByRole('button', { name: 'Submit review' }).click(),
    ]);
    await sam.close();

    // Level 2 is open now; level 3 waits for a segment.
    await page.goto(url('/drill'));
    expect(await page.locator('[data-level="1"] h2').textContent()).toContain('Passed');
    expect(await levelOpen(page, 2)).toBe('true');
    expect(await levelOpen(page, 3)).toBe('false');
    expect(await page.locator('[data-template="segment-whorl"] [data-locked]').count()).toBe(0);
    await expectAccessible(page);
    await Promise.all([
      page.waitForURL(/\/drill\/segment-whorl$/),
      page.locator('[data-template="segment-whorl"]').getByRole('link', { name: 'Start practising' }).click(),
    ]);
    await page.waitForSelector('[data-drill-root][data-ready="true"]');
    expect(await page.locator('[data-work-estimate]').textContent()).toMatch(/Level 2 \(Segments\)/);
    await expectAccessible(page);
    expect((await page.goto(url('/drill/crown-whorl')))!.status()).toBe(403);
    expect(errors).toEqual([]);
    await page.close();
  });
});
