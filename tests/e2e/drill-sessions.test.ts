import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { signInAs } from '../support/browser.ts';
import { unlockDrillPath } from '../support/fixtures.ts';
import { useJourney } from '../support/journey.ts';
import { DEMO_PASSWORD } from '../support/server.ts';

// The demo trainee works full templates here: their drill path is open (levels 1–2 passed by the instructor).
const journey = useJourney((j) => void unlockDrillPath(j.server.db));

const canvasState = async (page: Page) => {
  const el = page.locator('[data-canvas]');
  return {
    session: await el.getAttribute('data-session'),
    placed: await el.getAttribute('data-placed'),
    healed: await el.getAttribute('data-healed'),
  };
};
const judged = (page: Page) => page.locator('[data-score="session"]').textContent();
const sessionLabel = (page: Page) => page.locator('[data-session-label]').textContent();

describe('journey: working a canvas session by session', () => {
  it('works session 1, heals it by starting session 2, edits only the new session, and submits with sessions', async () => {
    const page = await journey.browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await signInAs(page, journey.server.baseUrl, 'trainee@demo.stipple.test', DEMO_PASSWORD);
    await page.goto(`${journey.server.baseUrl}/drill/crown-whorl`);
    await page.waitForSelector('[data-drill-root][data-ready="true"]');

    // A new canvas starts at the foundation, and the live score says what it is judged against.
    expect(await sessionLabel(page)).toMatch(/^Session 1 of 3: Foundation — target about 35% of the final density/);
    expect(await judged(page)).toMatch(/^Judged as the end of session 1 of 3 \(Foundation\)/);
    expect(await canvasState(page)).toEqual({ session: '1', placed: '0', healed: '0' });

    const box = (await page.locator('[data-canvas]').boundingBox())!;
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;
    const step = Math.min(box.width, box.height) / 15;
    for (let i = 0; i < 6; i++) await page.mouse.click(cx + (i - 3) * step, cy);
    await expect.poll(() => canvasState(page)).toEqual({ session: '1', placed: '6', healed: '0' });

    // Start session 2 (a labelled button; it asks first): the foundation heals.
    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Start session 2' }).click();
    await expect.poll(() => canvasState(page)).toEqual({ session: '2', placed: '6', healed: '6' });
    expect(await sessionLabel(page)).toMatch(/^Session 2 of 3: Fill — target about 70%/);
    // The live score is computed in a worker: wait for the new session's score.
    await expect.poll(() => judged(page)).toMatch(/^Judged as the end of session 2 of 3 \(Fill\)/);
    expect(await page.getByRole('button', { name: 'Undo' }).isDisabled()).toBe(true);

    // New impressions between the old ones; undo reaches only those.
    for (let i = 0; i < 3; i++) await page.mouse.click(cx + (i - 2.5) * step, cy + step / 2);
    await expect.poll(() => canvasState(page)).toEqual({ session: '2', placed: '9', healed: '6' });
    for (let i = 0; i < 5; i++) await page.keyboard.press('Control+z');
    await expect.poll(() => canvasState(page)).toEqual({ session: '2', placed: '6', healed: '6' });
    await page.getByRole('button', { name: 'Redo' }).click();
    await expect.poll(() => canvasState(page)).toEqual({ session: '2', placed: '7', healed: '6' });

    // The eraser does not touch a healed impression.
    await page.getByRole('button', { name: 'Erase' }).click();
    await page.mouse.click(cx + 2 * step, cy);
    await page.getByRole('button', { name: 'Place' }).click();
    expect((await canvasState(page)).placed).toBe('7');

    // The draft keeps the sessions across a reload.
    await expect.poll(() => page.locator('[data-save-status]').textContent()).toMatch(/Draft saved/);
    await page.reload();
    await page.waitForSelector('[data-drill-root][data-ready="true"]');
    expect(await canvasState(page)).toEqual({ session: '2', placed: '7', healed: '6' });

    // With the keyboard: the next-session button takes Enter; the last session is judged as finished work.
    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Start session 3' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => canvasState(page)).toEqual({ session: '3', placed: '7', healed: '7' });
    await expect.poll(() => judged(page)).toBe('Judged as finished work: the end of session 3 of 3 (Refine).');
    expect(await page.getByRole('button', { name: 'Last session' }).isDisabled()).toBe(true);
    await page.mouse.click(cx, cy - step);
    await expect.poll(() => canvasState(page)).toEqual({ session: '3', placed: '8', healed: '7' });
    // A spill beyond the crown's border (5 mm from the canvas corner) is marked in the overlay.
    const mm = (Math.min(box.width, box.height) * 0.96) / 100;
    await page.mouse.click(cx - 45 * mm, cy - 45 * mm);
    await expect.poll(() => canvasState(page)).toEqual({ session: '3', placed: '9', healed: '7' });
    await expect.poll(() => page.locator('[data-mark-legend]').getAttribute('data-marks')).toContain('outside');

    // Submitted, the attempt shows its sessions with a legend, and the replay names the session.
    page.once('dialog', (d) => void d.accept());
    await Promise.all([
      page.waitForURL(/\/drill\/attempts\/\d+$/),
      page.getByRole('button', { name: 'Submit for review' }).click(),
    ]);
    await page.waitForSelector('[data-attempt-root][data-ready="true"]');
    const legend = page.getByRole('list', { name: 'Impressions by session' });
    expect(await legend.getByRole('listitem').allTextContents()).toEqual([
      'Session 1 (Foundation): 6 impressions',
      'Session 2 (Fill): 1 impression',
      'Session 3 (Refine): 2 impressions',
    ]);
    expect(await page.locator('[data-judged]').textContent()).toBe(
      'Judged as finished work: the end of session 3 of 3 (Refine).',
    );
    const scrub = page.getByRole('slider', { name: 'Replay position (impressions shown)' });
    await scrub.fill('3');
    expect(await page.locator('[data-replay="label"]').textContent()).toMatch(
      /^3 of 9 impressions · .* · session 1 \(Foundation\)$/,
    );
    await scrub.fill('7');
    expect(await page.locator('[data-replay="label"]').textContent()).toMatch(/· session 2 \(Fill\)$/);
    expect(await page.locator('[data-mark-legend]').getAttribute('data-marks')).toContain('outside');
    expect(await page.locator('[data-mark-legend] [data-mark="outside"]').textContent()).toContain(
      'spill outside the area',
    );
    expect(errors).toEqual([]);
    await page.close();
  });
});
