import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { signInAs } from '../support/browser.ts';
import { unlockDrillPath } from '../support/fixtures.ts';
import { useJourney } from '../support/journey.ts';
import { DEMO_PASSWORD } from '../support/server.ts';

// The demo trainee works full templates here: their drill path is open (levels 1–2 passed by the instructor).
const journey = useJourney((j) => void unlockDrillPath(j.server.db));

const total = (page: Page) => page.locator('[data-score="total"]').textContent();
const counts = (page: Page) => page.locator('[data-score="counts"]').textContent();

describe('journey: canvas drill', () => {
  it('places impressions with the mouse, sees the live score, undoes, reloads the draft and submits', async () => {
    const page = await journey.browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await signInAs(page, journey.server.baseUrl, 'trainee@demo.stipple.test', DEMO_PASSWORD);

    await page.getByRole('link', { name: 'Drill', exact: true }).click();
    await page.getByRole('link', { name: 'Crown and whorl' }).click();
    await page.waitForSelector('[data-drill-root][data-ready="true"]');
    expect(await total(page)).toBe('0');
    expect(await page.getByText('Place impressions on the canvas to get a score.').isVisible()).toBe(true);

    // A loose 8 × 8 lattice of clicks in the middle of the crown (about 3 mm apart).
    const box = (await page.locator('[data-canvas]').boundingBox())!;
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;
    const step = Math.min(box.width, box.height) / 30;
    for (let r = 0; r < 8; r++)
      for (let c = 0; c < 8; c++)
        await page.mouse.click(cx + (c - 4) * step + (r % 2) * step * 0.4, cy + (r - 4) * step);
    await expect.poll(() => counts(page)).toBe('64 impressions in the area');
    const scored = Number(await total(page));
    expect(scored).toBeGreaterThan(0);
    // A lattice reads as rows or a grid: the panel says so.
    expect(await page.locator('[data-score="findings"]').textContent()).toMatch(/grid|rows|line/);

    // Undo removes the last impression; the score panel follows.
    await page.keyboard.press('Control+z');
    await expect.poll(() => counts(page)).toBe('63 impressions in the area');
    await page.getByRole('button', { name: 'Redo' }).click();
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => counts(page)).toBe('63 impressions in the area');

    // The draft autosaves; a reload finds every impression again.
    await expect.poll(() => page.locator('[data-save-status]').textContent()).toMatch(/Draft saved/);
    await page.reload();
    await page.waitForSelector('[data-drill-root][data-ready="true"]');
    expect(await counts(page)).toBe('63 impressions in the area');
    expect(await page.locator('[data-save-status]').textContent()).toBe('Draft restored: 63 impressions');
    const liveTotal = await total(page);

    // Submit for review: the server scores it and shows the frozen attempt.
    page.once('dialog', (d) => void d.accept());
    await Promise.all([
      page.waitForURL(/\/drill\/attempts\/\d+$/),
      page.getByRole('button', { name: 'Submit for review' }).click(),
    ]);
    await page.waitForSelector('[data-attempt-root][data-ready="true"]');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Your attempt on Crown and whorl');
    expect(await page.getByText('Waiting for review').isVisible()).toBe(true);
    // The server's own score of the frozen canvas equals what the browser showed live.
    expect(await total(page)).toBe(liveTotal);
    expect(await page.locator('[data-replay="label"]').textContent()).toMatch(/^63 of 63 impressions/);

    // Back on the list the best score is shown.
    await page.goto(`${journey.server.baseUrl}/drill`);
    expect(
      await page
        .getByText(/Best score \d+/)
        .first()
        .isVisible(),
    ).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('places impressions by tapping on a touch screen', async () => {
    const context = await journey.browser.newContext({
      viewport: { width: 1024, height: 1366 },
      hasTouch: true,
      isMobile: true,
    });
    const page = await context.newPage();
    await signInAs(page, journey.server.baseUrl, 'trainee@demo.stipple.test', DEMO_PASSWORD);
    await page.goto(`${journey.server.baseUrl}/drill/diffuse-top`);
    await page.waitForSelector('[data-drill-root][data-ready="true"]');
    const box = (await page.locator('[data-canvas]').boundingBox())!;
    for (let i = 0; i < 5; i++)
      await page.touchscreen.tap(box.x + box.width * (0.3 + i * 0.1), box.y + box.height * 0.5);
    await expect.poll(() => counts(page)).toBe('5 impressions in the area');
    await context.close();
  });

  it('can be worked with the keyboard alone', async () => {
    const page = await journey.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signInAs(page, journey.server.baseUrl, 'trainee@demo.stipple.test', DEMO_PASSWORD);
    await page.goto(`${journey.server.baseUrl}/drill/scar-patch`);
    await page.waitForSelector('[data-drill-root][data-ready="true"]');
    await page.locator('[data-canvas]').focus();
    await page.keyboard.press('Enter');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Enter');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect.poll(() => counts(page)).toBe('3 impressions in the area');
    await page.keyboard.press('e'); // eraser
    await page.keyboard.press('Enter');
    await expect.poll(() => counts(page)).toBe('2 impressions in the area');
    expect(await page.getByRole('button', { name: 'Erase' }).getAttribute('aria-pressed')).toBe('true');
    await page.close();
  });
});

describe('journey: canvas gestures', () => {
  it('zooms with the wheel and two fingers, pans with the move tool and the middle button, erases by tapping', async () => {
    const context = await journey.browser.newContext({ viewport: { width: 1280, height: 900 }, hasTouch: true });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await signInAs(page, journey.server.baseUrl, 'trainee@demo.stipple.test', DEMO_PASSWORD);
    await page.goto(`${journey.server.baseUrl}/drill/crown-whorl`);
    await page.waitForSelector('[data-drill-root][data-ready="true"]');
    const box = (await page.locator('[data-canvas]').boundingBox())!;
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;
    /** The Konva stage's scale and position (screen pixels per mm, offset in pixels). */
    const view = () =>
      page.evaluate(() => {
        const stage = (window as unknown as { Konva: { stages: Array<Record<string, () => number>> } }).Konva
          .stages[0]!;
        return { scale: stage.scaleX!(), x: stage.x!(), y: stage.y!() };
      });

    const fitted = await view();
    await page.mouse.move(cx, cy);
    await page.mouse.wheel(0, -100);
    await expect.poll(async () => (await view()).scale).toBeCloseTo(fitted.scale * 1.15, 6);
    await page.mouse.click(cx, cy);
    await expect.poll(() => counts(page)).toBe('1 impressions in the area');

    // The move tool drags the view; the middle button drags it whatever the tool; neither places.
    await page.getByRole('button', { name: 'Move' }).click();
    const before = await view();
    await page.mouse.move(cx, cy);
    await page.mouse.down();
    await page.mouse.move(cx + 50, cy + 30, { steps: 5 });
    await page.mouse.up();
    // (Moves are delivered with animation frames: read the view once the last one has been handled.)
    await expect.poll(async () => (await view()).x - before.x).toBeCloseTo(50, 6);
    await expect.poll(async () => (await view()).y - before.y).toBeCloseTo(30, 6);
    const moved = await view();
    await page.getByRole('button', { name: 'Place' }).click();
    await page.mouse.move(cx, cy);
    await page.mouse.down({ button: 'middle' });
    await page.mouse.move(cx - 20, cy, { steps: 4 });
    await page.mouse.up({ button: 'middle' });
    await expect.poll(async () => (await view()).x - moved.x).toBeCloseTo(-20, 6);
    expect(await counts(page)).toBe('1 impressions in the area');

    // The impression moved with the view: tap it there with the eraser.
    await page.getByRole('button', { name: 'Erase' }).click();
    await page.mouse.click(cx + 30, cy + 30);
    await expect.poll(() => counts(page)).toBe('0 impressions in the area');

    // Two fingers spreading from 100 to 200 px apart double the zoom; a tap right after places one impression.
    const zoomed = await view();
    const cdp = await context.newCDPSession(page);
    const fingers = (spread: number) => [
      { x: cx - spread, y: cy, id: 0 },
      { x: cx + spread, y: cy, id: 1 },
    ];
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: fingers(50) });
    for (let k = 1; k <= 5; k++)
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: fingers(50 + 10 * k) });
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    await expect.poll(async () => (await view()).scale / zoomed.scale).toBeCloseTo(2, 6);
    await page.getByRole('button', { name: 'Place' }).click();
    await page.touchscreen.tap(cx, cy);
    await expect.poll(() => counts(page)).toBe('1 impressions in the area');
    expect(errors).toEqual([]);
    await context.close();
  });
});
