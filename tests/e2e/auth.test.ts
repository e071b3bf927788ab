import { describe, expect, it } from 'vitest';
import { expectAccessible } from '../support/axe.ts';
import { signInAs } from '../support/browser.ts';
import { useJourney } from '../support/journey.ts';
import { DEMO_PASSWORD } from '../support/server.ts';

const journey = useJourney();

describe('journey: accounts', () => {
  it('a new user signs up, joins no academy, creates one, and signs out', async () => {
    const page = await journey.browser.newPage();
    await page.goto(`${journey.server.baseUrl}/`);
    await page.getByRole('link', { name: 'Create an account' }).click();
    await page.getByLabel('Your name').fill('Riley Fernandes');
    await page.getByLabel('Email').fill('riley@example.test');
    await page.getByLabel('Password').fill('short');
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect.poll(() => page.getByText('Use at least 10 characters for your password.').isVisible()).toBe(true);
    await page.getByLabel('Password').fill('password123');
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect
      .poll(() => page.getByText('This password is too easy to guess.', { exact: false }).isVisible())
      .toBe(true);

    await page.getByLabel('Password').fill('pigment in the upper dermis');
    await Promise.all([page.waitForURL('**/welcome'), page.getByRole('button', { name: 'Create account' }).click()]);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('Riley Fernandes');
    expect(await page.locator('#no-academy').textContent()).toContain(
      'create an academy or ask yours for an invitation',
    );
    await expectAccessible(page);

    await page.getByRole('link', { name: 'Create an academy' }).click();
    await page.getByLabel('Academy name').fill('Riley Scalp Studio');
    await page.getByLabel('Web name (slug)').fill('Riley Studio');
    await page.getByRole('button', { name: 'Create academy' }).click();
    await expect.poll(() => page.getByText('Use lowercase letters, digits and single hyphens').isVisible()).toBe(true);
    expect(await page.getByLabel('Academy name').inputValue()).toBe('Riley Scalp Studio');
    await expectAccessible(page);
    await page.getByLabel('Web name (slug)').fill('riley-studio');
    await Promise.all([
      page.waitForURL('**/academy?academy=riley-studio'),
      page.getByRole('button', { name: 'Create academy' }).click(),
    ]);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('Riley Scalp Studio');

    await Promise.all([
      page.waitForURL(`${journey.server.baseUrl}/`),
      page.getByRole('button', { name: 'Sign out' }).click(),
    ]);
    expect(await page.getByRole('link', { name: 'Sign in' }).first().isVisible()).toBe(true);
    await page.goto(`${journey.server.baseUrl}/learn`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.close();
  });

  it('a trainee opening /instructor sees a 403 page', async () => {
    const page = await journey.browser.newPage();
    await signInAs(page, journey.server.baseUrl, 'trainee@demo.stipple.test', DEMO_PASSWORD);
    const response = await page.goto(`${journey.server.baseUrl}/instructor`);
    expect(response?.status()).toBe(403);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('403');
    expect(await page.getByRole('alert').textContent()).toContain('This page is for instructors and academy admins');
    await page.close();
  });
});
