import { and, eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { buildCurriculum } from '../../src/lib/learning/curriculum.ts';
import { CHECK_COOLDOWN_MS } from '../../src/lib/learning/check-scoring.ts';
import { readAllCourses } from '../../src/server/course-files.ts';
import { checkAttempts, users } from '../../db/schema.ts';
import { signInAs, submitForm } from '../support/browser.ts';
import { useJourney } from '../support/journey.ts';
import { DEMO_PASSWORD } from '../support/server.ts';

const files = readAllCourses()[0]!;
const curriculum = buildCurriculum(files.course, files.lessons, files.checks);
const module1 = curriculum.modules[0]!;
const check = module1.check!;

const journey = useJourney();

async function answer(page: Page, pick: (q: (typeof check.questions)[number]) => string[]) {
  for (const q of check.questions) {
    const fieldset = page.locator(`fieldset[data-question="${q.id}"]`);
    for (const o of q.options) {
      const input = fieldset.locator(`input[value="${o.id}"]`);
      if (pick(q).includes(o.id)) await input.check();
      else if (q.kind === 'multiple') await input.uncheck();
    }
  }
}

describe('journey: learning', () => {
  it('a trainee reads lessons, fails then passes a check, and an admin sees the progress', async () => {
    const page = await journey.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signInAs(page, journey.server.baseUrl, 'trainee@demo.stipple.test', DEMO_PASSWORD);
    expect(await page.getByRole('progressbar', { name: 'Course progress' }).getAttribute('aria-valuenow')).toBe('0');
    expect(await page.locator(`[data-lesson="${module1.lessons[1]!.id}"]`).getAttribute('data-state')).toBe('locked');

    // Read the first lesson from "Up next", then mark each lesson of module 1 complete.
    await page.locator('[data-continue]').click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(module1.lessons[0]!.title);
    expect(await page.getByRole('navigation', { name: 'On this page' }).isVisible()).toBe(true);
    for (const lesson of module1.lessons) {
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(lesson.title);
      await Promise.all([
        page.waitForURL((u) => u.pathname !== `/learn/${lesson.id}`),
        page.getByRole('button', { name: 'Mark complete' }).click(),
      ]);
    }

    // Progress moved on the course map; the module's check is open.
    await page.goto(`${journey.server.baseUrl}/learn`);
    const after = Number(
      await page.getByRole('progressbar', { name: 'Course progress' }).getAttribute('aria-valuenow'),
    );
    expect(after).toBeGreaterThan(0);
    expect(await page.locator(`[data-check="${module1.id}"]`).getAttribute('data-state')).toBe('open');

    // Fail the check, see explanations, then pass it.
    await page.getByRole('link', { name: check.title }).click();
    await answer(page, (q) => [q.options.find((o) => !q.answer.includes(o.id))!.id]);
    await submitForm(page, page.getByRole('button', { name: 'Submit answers' }));
    expect(await page.locator('[data-result]').getAttribute('data-result')).toBe('failed');
    expect(await page.getByText(check.questions[0]!.explanation).isVisible()).toBe(true);

    // A check takes one submission every CHECK_COOLDOWN_MS: date the failed attempt back past
    // the cooldown instead of waiting it out.
    const trainee = journey.server.db.select().from(users).where(eq(users.email, 'trainee@demo.stipple.test')).get()!;
    const backdated = journey.server.db
      .update(checkAttempts)
      .set({ createdAt: new Date(Date.now() - CHECK_COOLDOWN_MS - 1_000) })
      .where(and(eq(checkAttempts.userId, trainee.id), eq(checkAttempts.checkId, module1.id)))
      .run();
    expect(backdated.changes).toBe(1);
    await answer(page, (q) => q.answer);
    await submitForm(page, page.getByRole('button', { name: 'Submit again' }));
    expect(await page.locator('[data-result]').getAttribute('data-result')).toBe('passed');
    expect(await page.locator('[data-result]').textContent()).toContain(
      `${check.questions.length} of ${check.questions.length} correct`,
    );

    await page.goto(`${journey.server.baseUrl}/learn`);
    expect(await page.locator(`[data-check="${module1.id}"]`).getAttribute('data-state')).toBe('passed');
    expect(
      Number(await page.getByRole('progressbar', { name: 'Course progress' }).getAttribute('aria-valuenow')),
    ).toBeGreaterThan(after);
    expect(
      await page.getByRole('progressbar', { name: `${module1.title} progress` }).getAttribute('aria-valuenow'),
    ).toBe('100');
    await page.close();

    // The academy admin sees it in the progress table.
    const admin = await journey.browser.newPage();
    await signInAs(admin, journey.server.baseUrl, 'admin@demo.stipple.test', DEMO_PASSWORD);
    await admin.getByRole('link', { name: 'Academy', exact: true }).click();
    const row = admin.locator('tr[data-trainee="trainee@demo.stipple.test"]');
    expect(await row.locator('[data-col="lessons"]').textContent()).toBe(
      `${module1.lessons.length} / ${curriculum.lessons.length}`,
    );
    expect(await row.locator('[data-col="checks"]').textContent()).toBe(`1 / ${curriculum.modules.length}`);
    await Promise.all([admin.waitForURL(/sort=lessons/), admin.getByRole('link', { name: /Lessons done/ }).click()]);
    expect(admin.url()).toContain('sort=lessons');
    await admin.close();
  });
});
