import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { signInAs } from '../support/browser.ts';
import { unlockDrillPath } from '../support/fixtures.ts';
import { useJourney } from '../support/journey.ts';
import { DEMO_PASSWORD } from '../support/server.ts';

// The demo trainee works full templates here: their drill path is open (levels 1–2 passed by the instructor).
const journey = useJourney((j) => void unlockDrillPath(j.server.db));

/** Places a loose cluster of impressions by clicking the canvas and submits it. */
async function submitCanvas(page: Page, clicks: number): Promise<string> {
  await page.goto(`${journey.server.baseUrl}/drill/crown-whorl`);
  await page.waitForSelector('[data-drill-root][data-ready="true"]');
  const box = (await page.locator('[data-canvas]').boundingBox())!;
  let seed = 7;
  const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  for (let i = 0; i < clicks; i++)
    await page.mouse.click(box.x + box.width * (0.35 + 0.3 * rnd()), box.y + box.height * (0.3 + 0.4 * rnd()));
  page.once('dialog', (d) => void d.accept());
  await Promise.all([
    page.waitForURL(/\/drill\/attempts\/\d+$/),
    page.getByRole('button', { name: 'Submit for review' }).click(),
  ]);
  return new URL(page.url()).pathname.split('/').pop()!;
}

/** Pixels of the instructors' annotation colour drawn on the canvas layers. */
function annotationPixels(page: Page): Promise<number> {
  return page.locator('[data-canvas]').evaluate((el) => {
    let n = 0;
    for (const c of el.querySelectorAll('canvas')) {
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      for (let i = 0; i < d.length; i += 4)
        if (Math.abs(d[i]! - 194) < 12 && Math.abs(d[i + 1]! - 24) < 14 && Math.abs(d[i + 2]! - 91) < 14) n++;
    }
    return n;
  });
}

async function gradeAs(page: Page, verdict: 'pass' | 'redo', comment: string) {
  for (const fieldset of await page.locator('[data-review-form] fieldset.criterion').all())
    await fieldset.locator('input[value="3"]').check();
  await page.locator(`input[name="verdict"][value="${verdict}"]`).check();
  await page.getByLabel(/Comment to the trainee/).fill(comment);
  await Promise.all([
    page.waitForURL(/\/instructor\?message=/),
    page.getByRole('button', { name: 'Submit review' }).click(),
  ]);
}

describe('journey: grading', () => {
  it('submit → claim, replay, pin, redo → trainee sees the pin and retries → pass', async () => {
    const trainee = await journey.browser.newPage({ viewport: { width: 1300, height: 950 } });
    await signInAs(trainee, journey.server.baseUrl, 'trainee@demo.stipple.test', DEMO_PASSWORD);
    const first = await submitCanvas(trainee, 40);

    // The instructor sees it waiting, claims it and replays it.
    const instructor = await journey.browser.newPage({ viewport: { width: 1300, height: 1100 } });
    // The replay is timed by the page's clock (performance.now, requestAnimationFrame): the test
    // installs a clock it can move, and moves it instead of watching the replay in real time.
    await instructor.clock.install();
    await signInAs(instructor, journey.server.baseUrl, 'instructor@demo.stipple.test', DEMO_PASSWORD);
    await instructor.goto(`${journey.server.baseUrl}/instructor`);
    expect(await instructor.locator('[data-badge="instructor"]').textContent()).toContain('1');
    await instructor.locator(`tr[data-attempt="${first}"]`).getByRole('button', { name: 'Claim' }).click();
    await instructor.waitForSelector('[data-review-root][data-ready="true"]');
    expect(await instructor.locator('[data-replay="label"]').textContent()).toMatch(/^40 of 40 impressions/);
    await instructor.clock.pauseAt((await instructor.evaluate(() => Date.now())) + 1_000);
    await instructor.getByRole('button', { name: 'Replay' }).click();
    await instructor.clock.runFor(1_000); // a replay lasts at least 3 s
    await expect.poll(() => instructor.locator('[data-replay="label"]').textContent()).not.toMatch(/^40 of 40/);
    await instructor.clock.runFor(21_000); // and at most 20 s
    await expect
      .poll(() => instructor.locator('[data-replay="label"]').textContent(), { timeout: 25_000 })
      .toMatch(/^40 of 40/);
    await instructor.clock.resume();

    // Pin a comment on the canvas, tied to a criterion, and grade "redo".
    await instructor.getByRole('button', { name: 'Drop a pin' }).click();
    const box = (await instructor.locator('[data-canvas]').boundingBox())!;
    await instructor.mouse.click(box.x + box.width * 0.5, box.y + box.height * 0.5);
    await instructor
      .getByLabel('Comment for annotation 1')
      .fill('These impressions are bunched: spread them to 2.5 mm.');
    await instructor.getByLabel('Criterion for annotation 1').selectOption('spacing');
    await expect.poll(() => annotationPixels(instructor)).toBeGreaterThan(20);
    await gradeAs(instructor, 'redo', 'Cover the whole crown at an even spacing before submitting.');
    expect(await instructor.getByRole('status').textContent()).toContain('Review saved');

    // The trainee sees feedback waiting, the pin on their own canvas, the comment, and retries.
    await trainee.goto(`${journey.server.baseUrl}/drill`);
    expect(await trainee.locator('[data-badge="drill"]').isVisible()).toBe(true);
    await trainee.locator('[data-feedback] a').first().click();
    await trainee.waitForSelector('[data-attempt-root][data-ready="true"]');
    expect(await trainee.locator('[data-status="reviewed"]').textContent()).toBe('Redo requested');
    expect(await trainee.locator('[data-review-comment]').textContent()).toBe(
      'Cover the whole crown at an even spacing before submitting.',
    );
    expect(await trainee.locator('[data-annotation]').first().textContent()).toContain('These impressions are bunched');
    await expect.poll(() => annotationPixels(trainee)).toBeGreaterThan(20);
    await trainee.locator('[data-start-redo]').click();
    await trainee.waitForSelector('[data-drill-root][data-ready="true"]');
    expect(await trainee.locator('.history').textContent()).toContain('redo requested');
    const second = await submitCanvas(trainee, 30);
    expect(second).not.toBe(first);

    // The instructor passes the new attempt; the earlier one is shown beside it.
    await instructor.goto(`${journey.server.baseUrl}/instructor`);
    await instructor.locator(`tr[data-attempt="${second}"]`).getByRole('button', { name: 'Claim' }).click();
    await instructor.waitForSelector('[data-review-root][data-ready="true"]');
    expect(await instructor.locator('.earlier').textContent()).toContain('redo');
    await gradeAs(instructor, 'pass', 'Much better spacing.');

    await trainee.goto(`${journey.server.baseUrl}/drill/attempts/${second}`);
    expect(await trainee.locator('[data-status="reviewed"]').textContent()).toBe('Passed by your instructor');
    await trainee.close();
    await instructor.close();
  });
});
