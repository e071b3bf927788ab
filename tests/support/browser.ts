/** Headless Debian Chromium driven by playwright-core (no downloaded browser builds). */
import fs from 'node:fs';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';

const CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(
  Boolean,
) as string[];

export function chromiumPath(): string {
  const found = CANDIDATES.find((p) => fs.existsSync(p));
  if (!found) throw new Error('Chromium not found: install Debian\'s "chromium" package or set CHROMIUM_PATH.');
  return found;
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Signs in through the real form and waits for the landing page. */
export async function signInAs(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await Promise.all([
    page.waitForURL((u) => !u.pathname.startsWith('/login')),
    page.getByRole('button', { name: 'Sign in' }).click(),
  ]);
}

/**
 * Clicks a form's submit button and waits until the page that answered the POST has loaded,
 * so what the test reads next is the answer and not the page the form was on (which may
 * carry the same elements, e.g. an earlier result or message). Works when the answer is a
 * page at the same URL as well as after a redirect.
 */
export async function submitForm(page: Page, button: Locator): Promise<void> {
  const navigated = page.waitForEvent('framenavigated', { predicate: (frame) => frame === page.mainFrame() });
  await button.click();
  await navigated;
  await page.waitForLoadState('load');
}

/**
 * Clicks a link and waits until the page it leads to has loaded. A click waits only until the new page has
 * started (its document committed, perhaps still being parsed): reading it at once with something that does not
 * wait (`count`, `isVisible`, `evaluateAll`, axe) can see part of it, or nothing of it, on a slow machine.
 */
export async function followLink(page: Page, link: Locator): Promise<void> {
  await submitForm(page, link);
}
