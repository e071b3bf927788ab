import { describe, expect, it } from 'vitest';
import { naturalPattern } from '../../src/lib/drill/patterns.ts';
import { expectAccessible } from '../support/axe.ts';
import { signInAs } from '../support/browser.ts';
import { unlockDrillPath } from '../support/fixtures.ts';
import { useJourney } from '../support/journey.ts';
import { drawImpressions, photograph, randomCamera, renderSheet, seededRng, trueDots } from '../support/photo-synth.ts';
import { DEMO_PASSWORD } from '../support/server.ts';
import { template } from '../support/templates.ts';

// The demo trainee works full templates here: their drill path is open (levels 1–2 passed by the instructor).
const journey = useJourney((j) => void unlockDrillPath(j.server.db));

describe('journey: practice on paper', () => {
  it('prints the sheet, uploads a photo of the worked sheet, corrects a detection and submits it for review', async () => {
    const crown = template('crown-whorl');
    const rng = seededRng(77);
    const pat = naturalPattern(crown, rng);
    const sheet = await drawImpressions(await renderSheet(crown, 'a4'), trueDots(pat.xs, pat.ys, crown, rng), rng);
    const { jpeg } = await photograph(sheet, randomCamera(rng, { rotation: 175 }), rng);

    const page = await journey.browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await signInAs(page, journey.server.baseUrl, 'trainee@demo.stipple.test', DEMO_PASSWORD);
    await page.goto(`${journey.server.baseUrl}/drill/crown-whorl`);
    const panel = page.getByRole('region', { name: 'Practise on paper' });
    const sheetHref = await panel.getByRole('link', { name: 'A4 sheet (PDF)' }).getAttribute('href');
    const pdf = await page.request.get(`${journey.server.baseUrl}${sheetHref}`);
    expect(pdf.headers()['content-type']).toBe('application/pdf');

    await panel.getByLabel('Photo of your worked sheet').setInputFiles({
      name: 'sheet.jpg',
      mimeType: 'image/jpeg',
      buffer: jpeg,
    });
    await panel.getByRole('button', { name: 'Upload and check' }).click();
    const count = panel.locator('[data-photo-count]');
    await expect
      .poll(() => count.textContent(), { timeout: 30_000 })
      .toMatch(/^\d+ impressions detected, 0 removed, 0 added\.$/);
    const detected = Number((await count.textContent())!.split(' ')[0]);
    expect(detected).toBeGreaterThanOrEqual(Math.floor(pat.xs.length * 0.95));
    const before = await panel.locator('[data-photo-score]').textContent();
    expect(before).toMatch(/^Score \d+ \/ 100/);
    await expectAccessible(page); // the drill page with the detected photo shown for checking

    // Remove one detection, add one impression in a corner of the canvas.
    await panel.locator('[data-photo-overlay] circle.found').first().click();
    const box = (await panel.locator('[data-photo-overlay]').boundingBox())!;
    await page.mouse.click(box.x + 4, box.y + 4);
    await expect.poll(() => count.textContent()).toBe(`${detected} impressions detected, 1 removed, 1 added.`);
    expect(await panel.locator('[data-photo-overlay] circle.removed').count()).toBe(1);
    expect(await panel.locator('[data-photo-overlay] circle.added').count()).toBe(1);

    await Promise.all([
      page.waitForURL(/\/drill\/attempts\/\d+$/),
      panel.getByRole('button', { name: 'Submit photo for review' }).click(),
    ]);
    expect(await page.getByRole('heading', { name: 'From a photo of practice sheet TEST-1' }).isVisible()).toBe(true);
    expect(await page.getByText('the trainee removed 1 and added 1').isVisible()).toBe(true);
    expect(await page.locator('[data-replay="label"]').textContent()).toMatch(
      /^\d+ of \d+ impressions · from photo \(detection order, no placement times\)$/,
    );
    await expectAccessible(page);
    expect(errors).toEqual([]);
  });
});
