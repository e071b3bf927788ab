import { describe, expect, it } from 'vitest';
import { signInAs } from '../support/browser.ts';
import { useJourney } from '../support/journey.ts';
import { DEMO_PASSWORD } from '../support/server.ts';

const journey = useJourney();

describe('journey: accounts', () => {
  it('a new user signs up, lands on /learn, and signs out', async () => {
    const page = await journey.browser.newPage();
    await page.goto(`${journey.server.baseUrl}/`);
    await page.getByRole('link', { name: 'Create an account' }).click();
    await page.getByLabel('Your name').fill('Riley Fernandes');
    await page.getByLabel('Email').fill('riley@example.test');
    await page.getByLabel('Password').fill('short');
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect.poll(() => page.getByText('Use at least 8 characters for your password.').isVisible()).toBe(true);

    await page.getByLabel('Password').fill('pigment in the upper dermis');
    await Promise.all([page.waitForURL('**/learn'), page.getByRole('button', { name: 'Create account' }).click()]);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('Riley Fernandes');
    expect(await page.getByText('Stipple Demo Academy').first().isVisible()).toBe(true);

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
