/**
 * Tablets and phones: the header's menu button below 768 px, pen input with palm rejection and
 * a hover preview on the drill canvas, and the score panel that folds in tablet portrait. Pen
 * and touch go through Chromium's own input pipeline (the DevTools protocol's
 * `Input.dispatchMouseEvent` with `pointerType: 'pen'`, and `Input.dispatchTouchEvent`), so
 * the page's real Pointer Events handlers run.
 */
import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { PEN_GRACE_MS } from '../../src/client/pen-input.ts';
import { addMember } from '../../src/server/academies.ts';
import { axeViolations } from '../support/axe.ts';
import { signInAs } from '../support/browser.ts';
import { addAcademyWithStaff, userIdOf } from '../support/fixtures.ts';
import { useJourney } from '../support/journey.ts';
import { DEMO_PASSWORD } from '../support/server.ts';

const journey = useJourney(async (j) => {
  // A second academy for the demo admin, so that the header holds the academy switcher too.
  const { academyId } = await addAcademyWithStaff(j.server.db, 'northline', 'Northline SMP Studio', DEMO_PASSWORD);
  addMember(j.server.db, userIdOf(j.server.db, 'admin@demo.stipple.test'), academyId, 'admin');
});
const counts = (page: Page) => page.locator('[data-score="counts"]').textContent();

/** A signed-in page (or a visitor's, with `email` null) in a fresh context of this size. */
async function openAs(
  email: string | null,
  viewport: { width: number; height: number },
  extra: { hasTouch?: boolean; javaScriptEnabled?: boolean } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await journey.browser.newContext({ viewport, ...extra });
  const page = await context.newPage();
  if (email) await signInAs(page, journey.server.baseUrl, email, DEMO_PASSWORD);
  return { context, page };
}

/** A pen through the DevTools protocol: hovering (no button), pressing and lifting its tip. */
function penOf(cdp: CDPSession) {
  const send = (type: 'mouseMoved' | 'mousePressed' | 'mouseReleased', x: number, y: number, pressed: boolean) =>
    cdp.send('Input.dispatchMouseEvent', {
      type,
      x,
      y,
      pointerType: 'pen',
      button: type === 'mouseMoved' ? 'none' : 'left',
      buttons: pressed ? 1 : 0,
      clickCount: type === 'mouseMoved' ? 0 : 1,
    });
  return {
    hover: (x: number, y: number) => send('mouseMoved', x, y, false),
    down: (x: number, y: number) => send('mousePressed', x, y, true),
    up: (x: number, y: number) => send('mouseReleased', x, y, false),
  };
}

/** Fingers through the DevTools protocol: the touch points now on the screen (none: all lifted). */
function fingersOf(cdp: CDPSession) {
  let down = false;
  return (points: Array<{ x: number; y: number; id: number }>) => {
    const type = points.length === 0 ? 'touchEnd' : down ? 'touchMove' : 'touchStart';
    down = points.length > 0;
    return cdp.send('Input.dispatchTouchEvent', { type, touchPoints: points });
  };
}

/** Pixels of the pen preview's ring colour (#2f6fdf) drawn on the canvas's layers. */
function previewPixels(page: Page): Promise<number> {
  return page.locator('[data-canvas]').evaluate((el) => {
    let n = 0;
    for (const c of el.querySelectorAll('canvas')) {
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      for (let i = 0; i < d.length; i += 4)
        if (Math.abs(d[i]! - 47) < 20 && Math.abs(d[i + 1]! - 111) < 20 && Math.abs(d[i + 2]! - 223) < 20) n++;
    }
    return n;
  });
}

describe('journey: a pen on the drill canvas', () => {
  it('the pen places, a palm during pen use does not, a hovering pen previews its impression', async () => {
    const { context, page } = await openAs(
      'trainee@demo.stipple.test',
      { width: 820, height: 1180 },
      { hasTouch: true },
    );
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.clock.install();
    await page.goto(`${journey.server.baseUrl}/drill/diffuse-top`);
    await page.waitForSelector('[data-drill-root][data-ready="true"]');
    const canvas = page.locator('[data-canvas]');
    await canvas.scrollIntoViewIfNeeded();
    const box = (await canvas.boundingBox())!;
    const at = (fx: number, fy = 0.5) => ({ x: box.x + box.width * fx, y: box.y + box.height * fy });
    const cdp = await context.newCDPSession(page);
    const pen = penOf(cdp);
    const fingers = fingersOf(cdp);

    // Before any pen, a finger places as it always did.
    await page.touchscreen.tap(at(0.3).x, at(0.3).y);
    await expect.poll(() => counts(page)).toBe('1 impressions in the area');

    // A hovering pen: a preview where it would land, at the needle's diameter.
    expect(await previewPixels(page)).toBe(0);
    await pen.hover(at(0.4).x, at(0.4).y);
    await expect.poll(() => canvas.getAttribute('data-pen-preview')).toMatch(/^[\d.]+,[\d.]+,[\d.]+$/);
    const [, , d] = (await canvas.getAttribute('data-pen-preview'))!.split(',').map(Number);
    expect(d).toBe(Number(await page.locator('[data-needle]').inputValue()));
    await expect.poll(() => previewPixels(page)).toBeGreaterThan(10);

    // The pen's tip places; the preview hides while it touches.
    await pen.down(at(0.4).x, at(0.4).y);
    expect(await canvas.getAttribute('data-pen-preview')).toBeNull();
    await pen.up(at(0.4).x, at(0.4).y);
    await expect.poll(() => counts(page)).toBe('2 impressions in the area');

    // A palm resting on the screen while the pen writes: only the pen's impression lands.
    await pen.hover(at(0.5).x, at(0.5).y);
    await fingers([{ ...at(0.55, 0.8), id: 1 }]);
    await pen.down(at(0.5).x, at(0.5).y);
    await fingers([{ ...at(0.57, 0.8), id: 1 }]);
    await pen.up(at(0.5).x, at(0.5).y);
    await fingers([]);
    await expect.poll(() => counts(page)).toBe('3 impressions in the area');

    // While the pen hovers in range, a finger's tap places nothing…
    await pen.hover(at(0.5, 0.3).x, at(0.5, 0.3).y);
    await page.touchscreen.tap(at(0.6).x, at(0.6).y);
    await page.touchscreen.tap(at(0.62).x, at(0.62).y);
    // …while two fingers still zoom the view.
    const scale = () =>
      page.evaluate(() =>
        (window as unknown as { Konva: { stages: Array<{ scaleX(): number }> } }).Konva.stages[0]!.scaleX(),
      );
    const before = await scale();
    await fingers([
      { ...at(0.4), id: 1 },
      { ...at(0.6), id: 2 },
    ]);
    await fingers([
      { ...at(0.3), id: 1 },
      { ...at(0.7), id: 2 },
    ]);
    await fingers([]);
    await expect.poll(scale).toBeGreaterThan(before * 1.5);
    expect(await counts(page)).toBe('3 impressions in the area');
    expect(await canvas.getAttribute('data-placed')).toBe('3');

    // The pen goes away (off the canvas): its preview hides.
    await pen.hover(box.x + box.width + 5, box.y - 5);
    await expect.poll(() => canvas.getAttribute('data-pen-preview')).toBeNull();
    // Once the pen has been away for a while, fingers place again.
    await page.clock.fastForward(PEN_GRACE_MS + 100);
    await page.touchscreen.tap(at(0.5, 0.45).x, at(0.5, 0.45).y);
    await expect.poll(() => counts(page)).toBe('4 impressions in the area');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('the mouse places as before and shows no pen preview', async () => {
    const { context, page } = await openAs('trainee@demo.stipple.test', { width: 1280, height: 900 });
    await page.goto(`${journey.server.baseUrl}/drill/scar-patch`);
    await page.waitForSelector('[data-drill-root][data-ready="true"]');
    const box = (await page.locator('[data-canvas]').boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.45, box.y + box.height / 2);
    await page.mouse.click(box.x + box.width * 0.5, box.y + box.height / 2);
    await expect.poll(() => counts(page)).toBe('1 impressions in the area');
    expect(await page.locator('[data-canvas]').getAttribute('data-pen-preview')).toBeNull();
    await context.close();
  });
});

describe('journey: the header below 768 px', () => {
  const roles: Array<[string, string | null, string[]]> = [
    ['a visitor', null, ['Sign in', 'Create account']],
    ['a trainee', 'trainee@demo.stipple.test', ['Learn', 'Drill', 'Jamie Lee']],
    ['an instructor', 'instructor@demo.stipple.test', ['Learn', 'Drill', 'Grading', 'Sam Okafor']],
    ['an admin', 'admin@demo.stipple.test', ['Learn', 'Drill', 'Grading', 'Academy', 'Morgan Reyes']],
  ];

  for (const [role, email, links] of roles) {
    it(`folds behind a menu button that works from the keyboard, as ${role}`, async () => {
      const { context, page } = await openAs(email, { width: 375, height: 800 });
      const link = (name: string) => page.locator('.site-header').getByRole('link', { name, exact: true });
      const button = page.getByRole('button', { name: /^Menu/ });
      for (const width of [375, 600]) {
        await page.setViewportSize({ width, height: 800 });
        await page.goto(`${journey.server.baseUrl}${email ? '/learn' : '/'}`);
        const header = (await page.locator('.site-header').boundingBox())!;
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect({ width, height: header.height < 64, overflow }).toEqual({ width, height: true, overflow: 0 });
        expect(await button.getAttribute('aria-expanded')).toBe('false');
        expect(await link(links[0]!).isVisible()).toBe(false);

        // Keyboard: Tab past the skip link and the brand to the button; Enter opens.
        await page.keyboard.press('Tab');
        await page.keyboard.press('Tab');
        await page.keyboard.press('Tab');
        expect(await button.evaluate((b) => b === document.activeElement)).toBe(true);
        await page.keyboard.press('Enter');
        expect(await button.getAttribute('aria-expanded')).toBe('true');
        for (const name of links)
          expect({ name, visible: await link(name).isVisible() }).toEqual({ name, visible: true });
        if (email) expect(await page.getByRole('button', { name: 'Sign out' }).isVisible()).toBe(true);
        // Everything in the open menu fits the header's width (the admin's academy switcher included).
        const fits = await page.locator('.site-header .bar').evaluate((bar) => {
          const right = bar.getBoundingClientRect().right + 0.5;
          return [...bar.querySelectorAll('a, button, select')].every((e) => e.getBoundingClientRect().right <= right);
        });
        expect(fits).toBe(true);
        if (email === 'admin@demo.stipple.test')
          expect(await page.getByRole('combobox', { name: 'Academy' }).isVisible()).toBe(true);
        // The next Tab goes into the menu, in reading order.
        await page.keyboard.press('Tab');
        expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toMatch(
          new RegExp(`^${links[0]}`),
        );
        if (width === 375) expect(await axeViolations(page)).toEqual([]);
        // Escape closes and puts focus back on the button; Space opens again; a click elsewhere closes.
        await page.keyboard.press('Escape');
        expect(await button.getAttribute('aria-expanded')).toBe('false');
        expect(await button.evaluate((b) => b === document.activeElement)).toBe(true);
        expect(await link(links[0]!).isVisible()).toBe(false);
        await page.keyboard.press('Space');
        expect(await button.getAttribute('aria-expanded')).toBe('true');
        await page.locator('main h1').click();
        expect(await button.getAttribute('aria-expanded')).toBe('false');
        if (width === 375) expect(await axeViolations(page)).toEqual([]);
      }
      // From 768 px the links are in the header and there is no menu button.
      await page.setViewportSize({ width: 768, height: 800 });
      expect(await button.isVisible()).toBe(false);
      expect(await link(links[0]!).isVisible()).toBe(true);
      await context.close();
    });
  }

  it('keeps every link in view without scripts', async () => {
    const { context, page } = await openAs(null, { width: 375, height: 800 }, { javaScriptEnabled: false });
    await page.goto(`${journey.server.baseUrl}/`);
    expect(await page.getByRole('button', { name: /^Menu/ }).isVisible()).toBe(false);
    expect(await page.locator('.site-header').getByRole('link', { name: 'Sign in' }).isVisible()).toBe(true);
    expect(await page.locator('.site-header').getByRole('link', { name: 'Create account' }).isVisible()).toBe(true);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBe(0);
    await context.close();
  });
});

describe('journey: the score panel in tablet portrait', () => {
  it('folds its details so the canvas stays in view; the bar stays in view while tapping; axe finds nothing', async () => {
    const { context, page } = await openAs(
      'trainee@demo.stipple.test',
      { width: 820, height: 1180 },
      { hasTouch: true },
    );
    await page.goto(`${journey.server.baseUrl}/drill/crown-whorl`);
    await page.waitForSelector('[data-drill-root][data-ready="true"]');
    const toggle = page.getByRole('button', { name: 'Sub-scores and findings' });
    const findings = page.locator('[data-sub="spacing"]');
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await findings.isVisible()).toBe(false);
    expect(await axeViolations(page)).toEqual([]);

    // Tapping: the canvas and the bar above it stay in view.
    const canvas = page.locator('[data-canvas]');
    await canvas.scrollIntoViewIfNeeded();
    const box = (await canvas.boundingBox())!;
    for (let i = 0; i < 6; i++)
      await page.touchscreen.tap(box.x + box.width * (0.3 + i * 0.08), box.y + box.height * 0.45);
    await expect.poll(() => counts(page)).toBe('6 impressions in the area');
    const inView = (selector: string) =>
      page.locator(selector).evaluate((el) => {
        const r = el.getBoundingClientRect();
        return r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight;
      });
    expect(await inView('[data-score-bar]')).toBe(true);
    expect(await inView('[data-canvas]')).toBe(true);
    expect(await page.locator('[data-bar="total"]').textContent()).toBe(
      await page.locator('[data-score="total"]').textContent(),
    );

    // The toggle opens and closes the details, from the keyboard too.
    await toggle.focus();
    await page.keyboard.press('Enter');
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    expect(await findings.isVisible()).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    await page.keyboard.press('Space');
    expect(await findings.isVisible()).toBe(false);
    // The bar's "Details" link opens them too.
    await page.locator('[data-score-bar]').getByRole('link', { name: 'Details' }).click();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    expect(await findings.isVisible()).toBe(true);

    // On a desktop the panel is open beside the canvas, with no toggle.
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.reload();
    await page.waitForSelector('[data-drill-root][data-ready="true"]');
    expect(await toggle.isVisible()).toBe(false);
    expect(await findings.isVisible()).toBe(true);
    expect(await page.locator('[data-score-bar]').isVisible()).toBe(false);
    await context.close();
  });

  it('passes axe on the drill page at 375 px', async () => {
    const { context, page } = await openAs('trainee@demo.stipple.test', { width: 375, height: 800 });
    await page.goto(`${journey.server.baseUrl}/drill/patch-square`);
    await page.waitForSelector('[data-drill-root][data-ready="true"]');
    expect(await axeViolations(page)).toEqual([]);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBe(0);
    await context.close();
  });
});
