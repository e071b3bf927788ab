import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations } from '../support/axe.ts';
import { signInAs } from '../support/browser.ts';
import { addUser, unlockDrillPath } from '../support/fixtures.ts';
import { useJourney } from '../support/journey.ts';
import { addMember } from '../../src/server/academies.ts';
import { workPatchByKeyboard } from '../support/keyboard-user.ts';
import { DEMO_PASSWORD } from '../support/server.ts';
import { template } from '../support/templates.ts';

/** A trainee further along the path (levels 1–2 passed by the instructor), for the full-template pages. */
const KAI = 'kai@demo.stipple.test';
const journey = useJourney(async (j) => {
  addMember(j.server.db, await addUser(j.server.db, KAI, DEMO_PASSWORD, 'Kai Moreno'), 1, 'trainee');
  unlockDrillPath(j.server.db, KAI);
});
let submittedPatch = 0;
const patch = template('patch-square');
const counts = (page: Page) => page.locator('[data-score="counts"]').textContent();

/** A seeded Math.random for the page, so the free-hand keyboard steps are the same on every run. */
function seedRandom(seed: number): string {
  return `(() => { let a = ${seed}; Math.random = () => { a = (a + 0x6d2b79f5) | 0; let t = Math.imul(a ^ (a >>> 15), 1 | a); t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t; return ((t ^ (t >>> 14)) >>> 0) / 4294967296; }; })();`;
}

/** Pixels of the instructors' annotation colour drawn on the canvas layers (as in grading.test.ts). */
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

/** Presses Tab until the canvas has focus (at most 60 times). */
async function tabToCanvas(page: Page): Promise<void> {
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(() => document.activeElement?.hasAttribute('data-canvas'))) return;
  }
  throw new Error('Tab never reached the canvas');
}

describe('journey: practice that teaches', () => {
  it('a keyboard-only trainee works the drill path’s first patch to a pass; the next level waits for the instructor', async () => {
    const page = await journey.browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.addInitScript(seedRandom(7));
    await signInAs(page, journey.server.baseUrl, 'trainee@demo.stipple.test', DEMO_PASSWORD);

    // The drill path: patches open, segments and full templates wait; each says how much work it is.
    await page.goto(`${journey.server.baseUrl}/drill`);
    expect(await page.locator('[data-level="1"]').getAttribute('data-open')).toBe('true');
    expect(await page.locator('[data-level="3"]').getAttribute('data-open')).toBe('false');
    expect(await page.locator('[data-template="patch-square"] [data-estimate]').textContent()).toMatch(
      /about 104 impressions, 3 minutes/,
    );
    expect(await page.locator('[data-template="crown-whorl"] [data-locked]').isVisible()).toBe(true);
    expect(await axeViolations(page)).toEqual([]);

    await page.goto(`${journey.server.baseUrl}/drill/patch-square`);
    await page.waitForSelector('[data-drill-root][data-ready="true"]');
    expect(await page.locator('[data-work-estimate]').textContent()).toMatch(/about 104 impressions.*about 3 minutes/s);
    expect(await page.locator('[data-canvas]').getAttribute('aria-pressed')).toBeNull();
    expect(await axeViolations(page)).toEqual([]);

    // Single-key shortcuts act only on the focused canvas: `e` on the Undo button changes nothing.
    await page.getByRole('button', { name: 'Undo' }).focus();
    await page.keyboard.press('e');
    expect(await page.getByRole('button', { name: 'Place' }).getAttribute('aria-pressed')).toBe('true');

    await tabToCanvas(page);
    const readout = page.locator('[data-cursor-readout]');
    await workPatchByKeyboard(
      { left: 5, top: 5, right: 35, bottom: 35, spacing: patch.targetSpacingMm },
      async () => {
        const [x, y] = await readout.evaluate((el) => [el.dataset.x, el.dataset.y]);
        return x === undefined ? { x: patch.width / 2, y: patch.height / 2 } : { x: Number(x), y: Number(y) };
      },
      (key) => page.keyboard.press(key),
      seededChoices(11),
    );
    // The live score follows the last placement once that placement's frame is painted: wait
    // until it has scored every impression placed, then read its verdict.
    await expect
      .poll(async () => {
        const scored = (await counts(page))?.match(/^(\d+)/)?.[1];
        return (
          scored !== undefined && (await page.locator('[data-work-count]').textContent())?.startsWith(`${scored} of`)
        );
      })
      .toBe(true);
    await expect.poll(() => page.locator('[data-score="verdict"]').textContent()).toBe('Passing');
    const placed = Number((await counts(page))!.match(/^(\d+)/)![1]);
    expect(placed).toBeGreaterThan(75);
    expect(await page.locator('[data-work-count]').textContent()).toBe(`${placed} of about 104 impressions`);
    // The screen-reader summary is one sentence with the total, not the findings list.
    await expect.poll(() => page.locator('[data-score-announce]').textContent()).toMatch(/^Score \d+, passing\./);

    // Shortcuts on the canvas work, and can be turned off.
    await page.keyboard.press('e');
    expect(await page.getByRole('button', { name: 'Erase' }).getAttribute('aria-pressed')).toBe('true');
    await page.keyboard.press('p');
    await page.getByLabel('Single-key shortcuts').uncheck();
    await page.locator('[data-canvas]').focus();
    await page.keyboard.press('e');
    expect(await page.getByRole('button', { name: 'Place' }).getAttribute('aria-pressed')).toBe('true');

    // Submit with the keyboard: a passing canvas gets the plain question.
    const questions: string[] = [];
    page.once('dialog', (d) => {
      questions.push(d.message());
      void d.accept();
    });
    await page.getByRole('button', { name: 'Submit for review' }).focus();
    await Promise.all([page.waitForURL(/\/drill\/attempts\/\d+$/), page.keyboard.press('Enter')]);
    submittedPatch = Number(new URL(page.url()).pathname.split('/').pop());
    expect(questions[0]).toMatch(/^Submit this canvas for review/);
    await page.waitForSelector('[data-attempt-root][data-ready="true"]');
    expect(await page.locator('[data-score="verdict"]').textContent()).toBe('Passing');

    // The next level opens once the instructor passes the canvas (the drill-path journey follows that through).
    await page.goto(`${journey.server.baseUrl}/drill`);
    expect(await page.locator('[data-level="1"] [data-awaiting-review]').isVisible()).toBe(true);
    expect(await page.locator('[data-level="2"]').getAttribute('data-open')).toBe('false');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('an instructor pins and circles the patch by keyboard', async () => {
    expect(submittedPatch).toBeGreaterThan(0);
    const page = await journey.browser.newPage({ viewport: { width: 1280, height: 1000 } });
    await signInAs(page, journey.server.baseUrl, 'instructor@demo.stipple.test', DEMO_PASSWORD);
    await page.goto(`${journey.server.baseUrl}/instructor`);
    await page.locator(`tr[data-attempt="${submittedPatch}"]`).getByRole('button', { name: 'Claim' }).click();
    await page.waitForSelector('[data-review-root][data-ready="true"]');
    const canvas = page.locator('[data-canvas]');
    await page.getByRole('button', { name: 'Drop a pin' }).click();
    expect(await canvas.getAttribute('role')).toBe('application');
    await canvas.focus();
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('[data-annotation-index]').count()).toBe(1);
    await page.getByRole('button', { name: 'Draw a circle' }).click();
    await canvas.focus();
    await page.keyboard.press('Enter');
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('[data-annotation-index]').count()).toBe(2);
    expect(await page.locator('[data-annotation-index="1"]').textContent()).toContain('Circle (6.0 mm across)');
    expect(await page.locator('[data-annotate-status]').textContent()).toMatch(/^Circle drawn, 6\.0 mm across/);
    expect(await axeViolations(page)).toEqual([]);

    // A redo, with a comment on each note.
    await page.locator('[data-annotation-index="0"] textarea').fill('Too even here: vary the gaps.');
    await page.locator('[data-annotation-index="1"] textarea').fill('Thin strip: fill it.');
    for (const fieldset of await page.locator('[data-review-form] fieldset.criterion').all())
      await fieldset.locator('input[value="2"]').check();
    await page.locator('input[name="verdict"][value="redo"]').check();
    await page.getByLabel(/Comment to the trainee/).fill('Close, but vary the gaps and fill the thin strip.');
    await Promise.all([
      page.waitForURL(/\/instructor\?message=/),
      page.getByRole('button', { name: 'Submit review' }).click(),
    ]);
    await page.close();
  });

  it('a redo continues from the reviewed canvas with the instructor’s pins shown', async () => {
    const page = await journey.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signInAs(page, journey.server.baseUrl, 'trainee@demo.stipple.test', DEMO_PASSWORD);
    await page.goto(`${journey.server.baseUrl}/drill/attempts/${submittedPatch}`);
    await page.waitForSelector('[data-attempt-root][data-ready="true"]');
    const reviewed = Number(
      (await page.locator('[data-replay="label"]').textContent())!.match(/of (\d+) impressions/)![1],
    );
    await page.locator('[data-continue-redo]').click();
    await page.waitForSelector('[data-drill-root][data-ready="true"]');
    expect(await page.locator('[data-resumed]').textContent()).toContain(`${reviewed} impressions`);
    expect(await counts(page)).toBe(`${reviewed} impressions in the area`);
    expect(await page.getByLabel('Instructor’s notes').isChecked()).toBe(true);
    expect(await page.locator('[data-redo-notes]').textContent()).toContain('Too even here: vary the gaps.');
    expect(await page.locator('[data-redo-notes]').textContent()).toContain('Thin strip: fill it.');
    // The pins are drawn on the canvas: pixels of the annotation colour appear and go with the toggle.
    await expect.poll(() => annotationPixels(page)).toBeGreaterThan(20);
    const annotated = await annotationPixels(page);
    await page.getByLabel('Instructor’s notes').uncheck();
    await expect.poll(() => annotationPixels(page)).toBeLessThan(annotated / 4);
    expect(await axeViolations(page)).toEqual([]);

    // "Start fresh" instead: an empty canvas, the notes still there to read.
    await page.goto(`${journey.server.baseUrl}/drill/attempts/${submittedPatch}`);
    await page.locator('[data-start-redo]').click();
    await page.waitForSelector('[data-drill-root][data-ready="true"]');
    expect(await counts(page)).toBe('0 impressions in the area');
    expect(await page.locator('[data-redo-notes]').isVisible()).toBe(true);
    await page.close();
  });

  it('asks before submitting a canvas that does not pass, and says what fails', async () => {
    const page = await journey.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signInAs(page, journey.server.baseUrl, KAI, DEMO_PASSWORD);
    await page.goto(`${journey.server.baseUrl}/drill/diffuse-top`);
    await page.waitForSelector('[data-drill-root][data-ready="true"]');
    const box = (await page.locator('[data-canvas]').boundingBox())!;
    for (let i = 0; i < 6; i++) await page.mouse.click(box.x + box.width * (0.3 + i * 0.07), box.y + box.height / 2);
    await expect.poll(() => counts(page)).toBe('6 impressions in the area');
    const questions: string[] = [];
    page.once('dialog', (d) => {
      questions.push(d.message());
      void d.dismiss();
    });
    await page.getByRole('button', { name: 'Submit for review' }).click();
    await expect.poll(() => questions.length).toBe(1);
    expect(questions[0]).toMatch(/^This canvas does not pass yet:\n• the total is \d+; a pass needs 70/);
    expect(questions[0]).toMatch(/coverage scores \d+; a pass needs 50/);
    expect(page.url()).toMatch(/\/drill\/diffuse-top$/);
    await page.close();
  });
});

describe('journey: on a tablet', () => {
  it('keeps the score bar in view above the canvas while tapping in portrait', async () => {
    const context = await journey.browser.newContext({
      viewport: { width: 820, height: 1180 },
      hasTouch: true,
      isMobile: true,
    });
    const page = await context.newPage();
    await signInAs(page, journey.server.baseUrl, KAI, DEMO_PASSWORD);
    await page.goto(`${journey.server.baseUrl}/drill/diffuse-top`);
    await page.waitForSelector('[data-drill-root][data-ready="true"]');
    const canvas = page.locator('[data-canvas]');
    await canvas.scrollIntoViewIfNeeded();
    const box = (await canvas.boundingBox())!;
    for (let i = 0; i < 8; i++)
      await page.touchscreen.tap(box.x + box.width * (0.25 + i * 0.07), box.y + Math.min(box.height, 400) * 0.5);
    await expect.poll(() => counts(page)).toBe('8 impressions in the area');
    const bar = page.locator('[data-score-bar]');
    const inView = await bar.evaluate((el) => {
      const r = el.getBoundingClientRect();
      return r.top >= 0 && r.bottom <= window.innerHeight && r.height > 0;
    });
    expect(inView).toBe(true);
    expect(await bar.locator('[data-bar="total"]').textContent()).toBe(
      await page.locator('[data-score="total"]').textContent(),
    );
    expect(await bar.locator('[data-bar="weakest"]').textContent()).toMatch(/^(Spacing|Randomness|Coverage) \d+$/);
    await context.close();
  });

  it('fits the header on one row for every role from 768 px', async () => {
    for (const email of ['trainee@demo.stipple.test', 'instructor@demo.stipple.test', 'admin@demo.stipple.test']) {
      const context = await journey.browser.newContext({ viewport: { width: 768, height: 1024 } });
      const page = await context.newPage();
      await signInAs(page, journey.server.baseUrl, email, DEMO_PASSWORD);
      for (const width of [768, 820, 1024]) {
        await page.setViewportSize({ width, height: 1024 });
        await page.goto(`${journey.server.baseUrl}/learn`);
        const header = (await page.locator('.site-header').boundingBox())!;
        const link = (await page.getByRole('link', { name: 'Learn', exact: true }).boundingBox())!;
        expect({ email, width, oneRow: header.height < 80 && link.height < 40 }).toEqual({
          email,
          width,
          oneRow: true,
        });
      }
      await context.close();
    }
  });
});

/** The trainee's own choices (row gaps, steps, nudges), seeded. */
function seededChoices(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
