/**
 * The strict Content-Security-Policy in a real browser: the pages' own scripts (bundled, and the
 * small ones Astro inlines, allowed by their hash) run, and Chromium reports no violation.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { addMember } from '../../src/server/academies.ts';
import { signInAs } from '../support/browser.ts';
import { addAcademyWithStaff, userIdOf } from '../support/fixtures.ts';
import { useJourney } from '../support/journey.ts';
import { DEMO_PASSWORD } from '../support/server.ts';

const journey = useJourney(async (j) => {
  // A second academy for the demo admin, so that the header shows the academy switcher.
  const { academyId } = await addAcademyWithStaff(j.server.db, 'northline', 'Northline SMP Studio', DEMO_PASSWORD);
  addMember(j.server.db, userIdOf(j.server.db, 'admin@demo.stipple.test'), academyId, 'admin');
});

/** Collects Chromium's CSP violation reports (console errors) of a page. */
function violations(page: Page): string[] {
  const seen: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) seen.push(m.text());
  });
  return seen;
}

describe('journey: content security policy', () => {
  it('runs the inlined academy switcher and the drill canvas with no violation', async () => {
    const page = await journey.browser.newPage();
    const seen = violations(page);
    await signInAs(page, journey.server.baseUrl, 'admin@demo.stipple.test', DEMO_PASSWORD);
    await page.goto(`${journey.server.baseUrl}/learn`);
    const csp = await page.evaluate(async () => (await fetch(location.href)).headers.get('content-security-policy'));
    expect(csp).toMatch(/script-src 'self' 'sha256-/);
    // Choosing an academy submits the switcher's form: that is the inline script at work.
    await Promise.all([page.waitForURL('**academy=northline**'), page.getByLabel('Academy').selectOption('northline')]);
    await page.goto(`${journey.server.baseUrl}/drill/crown-whorl?academy=demo`);
    await expect.poll(() => page.locator('[data-canvas] canvas').count()).toBeGreaterThan(0);
    expect(seen).toEqual([]);
    await page.close();
  });
});
