import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { signInAs } from '../support/browser.ts';
import { unlockDrillPath } from '../support/fixtures.ts';
import { useJourney } from '../support/journey.ts';
import { DEMO_PASSWORD } from '../support/server.ts';

// The demo trainee works full templates here: their drill path is open (levels 1–2 passed by the instructor).
const journey = useJourney((j) => void unlockDrillPath(j.server.db));

const TEMPLATE = 'crown-whorl';

/** A draft in the crown (100 × 100 mm): a loose 20 × 20 lattice, every third impression doubled 0.2 mm away (clumps). */
function clumpyDraft(): Array<[number, number, number, number]> {
  const dots: Array<[number, number, number, number]> = [];
  for (let r = 0; r < 20; r++)
    for (let c = 0; c < 20; c++) {
      const x = 30 + c * 2.1 + (r % 2) * 0.7;
      const y = 30 + r * 2.1;
      dots.push([x, y, dots.length * 300, 0.3]);
      if ((r * 20 + c) % 3 === 0) dots.push([x + 0.2, y, dots.length * 300, 0.3]);
    }
  return dots;
}

/** The stage's layers (background, impressions, overlay, preview): a hash of each one's pixels and its clump-red pixels. */
function layers(page: Page): Promise<Array<{ hash: number; red: number }>> {
  return page.locator('[data-canvas]').evaluate((el) =>
    [...el.querySelectorAll('canvas')].map((c) => {
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let hash = 0;
      let red = 0;
      for (let i = 0; i < d.length; i += 4) {
        hash = (Math.imul(hash, 31) + d[i]! * 16777216 + d[i + 1]! * 65536 + d[i + 2]! * 256 + d[i + 3]!) | 0;
        if (
          Math.abs(d[i]! - 208) < 30 &&
          Math.abs(d[i + 1]! - 52) < 30 &&
          Math.abs(d[i + 2]! - 44) < 30 &&
          d[i + 3]! > 128
        )
          red++;
      }
      return { hash, red };
    }),
  );
}

async function open(page: Page, mode: 'worker' | 'main'): Promise<void> {
  await page.goto(`${journey.server.baseUrl}/drill/${TEMPLATE}${mode === 'main' ? '?scorer=main' : ''}`);
  await page.waitForSelector('[data-drill-root][data-ready="true"]');
}

describe('journey: the problem overlay painted by the score worker', () => {
  it('shows the same overlay as the main-thread drawing, follows zoom, and a placement paints its impression', async () => {
    const page = await journey.browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await signInAs(page, journey.server.baseUrl, 'trainee@demo.stipple.test', DEMO_PASSWORD);
    const dots = clumpyDraft();
    const saved = await page.request.put(`${journey.server.baseUrl}/api/drill/${TEMPLATE}/draft`, {
      data: { dots, sessions: dots.map(() => 1), session: 1 },
    });
    expect(saved.ok()).toBe(true);

    // Drawn on the main thread (the comparison mode), then painted by the worker: the same pixels.
    await open(page, 'main');
    await expect.poll(async () => (await layers(page))[2]!.red).toBeGreaterThan(500);
    const mainOverlay = (await layers(page))[2]!;
    await open(page, 'worker');
    await expect.poll(async () => (await layers(page))[2]!).toEqual(mainOverlay);

    // Zoomed in, the worker paints the overlay again for the new view once it rests: the same as the main thread's.
    const box = (await page.locator('[data-canvas]').boundingBox())!;
    const zoomIn = async () => {
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.wheel(0, -300);
    };
    await open(page, 'main');
    await zoomIn();
    await expect.poll(async () => (await layers(page))[2]!.hash).not.toBe(mainOverlay.hash);
    const mainZoomed = (await layers(page))[2]!;
    await open(page, 'worker');
    await zoomIn();
    await expect.poll(async () => (await layers(page))[2]!).toEqual(mainZoomed);

    // Back to the fitted view: a placement in a bare spot paints its impression on the impressions layer at once.
    await page.getByRole('button', { name: 'Fit', exact: true }).click();
    await page.locator('[data-canvas]').scrollIntoViewIfNeeded();
    const at = (await page.locator('[data-canvas]').boundingBox())!;
    // The fitted view is drawn in the next frame and its impressions redrawn sharp once it rests: "before" is that picture.
    const frame = () => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    await frame();
    await page.waitForSelector('[data-canvas][data-impressions="sharp"]');
    const before = (await layers(page))[1]!.hash;
    const spot = { x: at.x + at.width / 2 + at.height * 0.3, y: at.y + at.height * 0.7 };
    await page.mouse.click(spot.x, spot.y);
    await expect.poll(() => page.locator('[data-canvas]').getAttribute('data-placed')).toBe(String(dots.length + 1));
    // Painted in the click's own frame; read it once that frame is out.
    await frame();
    expect((await layers(page))[1]!.hash).not.toBe(before);
    /** The impressions layer's pixels in a 7 × 7 square round the spot. */
    const around = () =>
      page.locator('[data-canvas]').evaluate((el, p) => {
        const c = el.querySelectorAll('canvas')[1]!;
        const r = c.getBoundingClientRect();
        const k = c.width / r.width;
        const x = Math.round((p.x - r.left) * k) - 3;
        const y = Math.round((p.y - r.top) * k) - 3;
        return [...c.getContext('2d')!.getImageData(x, y, 7, 7).data];
      }, spot);
    const painted = await around();
    expect(Math.max(...painted.filter((_, i) => i % 4 === 3))).toBeGreaterThan(200);
    // Drawn from scratch after a reload (the draft autosaved), the impression looks the same
    await expect.poll(() => page.locator('[data-save-status]').textContent()).toMatch(/Draft saved/);
    await open(page, 'worker');
    await page.locator('[data-canvas]').scrollIntoViewIfNeeded();
    // The reloaded impressions are drawn in an animation frame that may come after the first score ("ready"):
    // wait for that drawing, then compare.
    await page.waitForSelector('[data-canvas][data-impressions="sharp"]');
    // (A whole-canvas path may be anti-aliased a little differently at its faintest edge pixels.)
    const alphaDiff = async () => {
      const redrawn = await around();
      return Math.max(...redrawn.map((v, i) => (i % 4 === 3 ? Math.abs(v - painted[i]!) : 0)));
    };
    await expect.poll(alphaDiff).toBeLessThanOrEqual(16);
    expect(errors).toEqual([]);
    await page.close();
  });
});
