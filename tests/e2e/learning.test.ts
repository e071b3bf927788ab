import { and, eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { buildCurriculum } from '../../src/lib/learning/curriculum.ts';
import { readAllCourses } from '../../src/server/course-files.ts';
import { checkAttempts, users } from '../../db/schema.ts';
import { addMember } from '../../src/server/academies.ts';
import { attemptOrder, drawnCheck } from '../../src/lib/learning/check-policy.ts';
import { recordLessonCompleted, submitCheck } from '../../src/server/learning.ts';
import { axeViolations, expectAccessible } from '../support/axe.ts';
import { addUser } from '../support/fixtures.ts';
import { followLink, signInAs, submitForm } from '../support/browser.ts';
import { useJourney } from '../support/journey.ts';
import { DEMO_PASSWORD } from '../support/server.ts';

const files = readAllCourses()[0]!;
const curriculum = buildCurriculum(files.course, files.lessons, files.checks);
const module1 = curriculum.modules[0]!;
const check = module1.check!;

const journey = useJourney();

/** The questions the page shows (the attempt's draw from the bank), with their answers read from the course files. */
async function shownQuestions(page: Page) {
  const ids = await page
    .locator('fieldset[data-question]')
    .evaluateAll((sets) => sets.map((f) => (f as HTMLElement).dataset.question!));
  return ids.map((id) => check.questions.find((q) => q.id === id)!);
}

async function answer(page: Page, pick: (q: (typeof check.questions)[number]) => string[]) {
  for (const q of await shownQuestions(page)) {
    const fieldset = page.locator(`fieldset[data-question="${q.id}"]`);
    for (const o of q.options) {
      const input = fieldset.locator(`input[value="${o.id}"]`);
      if (pick(q).includes(o.id)) await input.check();
      else if (q.kind === 'multiple') await input.uncheck();
    }
  }
}

/** The questions and options in the order the page shows them. */
function questionOrder(page: Page): Promise<string[]> {
  return page
    .locator('.knowledge-check input')
    .evaluateAll((inputs) => inputs.map((i) => `${(i as HTMLInputElement).name}=${(i as HTMLInputElement).value}`));
}

describe('journey: learning', () => {
  it('a trainee reads lessons, fails then passes a check, and an admin sees the progress', async () => {
    const page = await journey.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signInAs(page, journey.server.baseUrl, 'trainee@demo.stipple.test', DEMO_PASSWORD);
    expect(await page.getByRole('progressbar', { name: 'Course progress' }).getAttribute('aria-valuenow')).toBe('0');
    expect(await page.locator(`[data-lesson="${module1.lessons[1]!.id}"]`).getAttribute('data-state')).toBe('locked');

    // Read the first lesson from "Up next", then mark each lesson of module 1 complete.
    await followLink(page, page.locator('[data-continue]'));
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

    // Fail the check: the page says which questions to revisit but reveals no right option,
    // keeps no answer ticked, and moves focus to the result.
    await followLink(page, page.getByRole('link', { name: check.title }));
    const firstOrder = await questionOrder(page);
    const firstAsked = await shownQuestions(page);
    expect(firstAsked).toHaveLength(check.ask!);
    await answer(page, (q) => [q.options.find((o) => !q.answer.includes(o.id))!.id]);
    await submitForm(page, page.getByRole('button', { name: 'Submit answers' }));
    expect(await page.locator('[data-result]').getAttribute('data-result')).toBe('failed');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('result-heading');
    expect(await page.locator('[data-missed-question]').count()).toBe(check.ask);
    // Each missed question links to the lesson section that teaches it.
    for (const q of firstAsked)
      expect(await page.locator(`[data-missed-question="${q.id}"] a`).getAttribute('href')).toBe(
        `/learn/${q.lesson}#${q.section}`,
      );
    for (const q of firstAsked) expect(await page.getByText(q.explanation).count()).toBe(0);
    expect(await page.locator('.knowledge-check input:checked').count()).toBe(0);
    expect(await page.locator('.correct, .right, .wrong').count()).toBe(0);
    // The next attempt waits the retry time, with the submit button disabled meanwhile.
    expect(await page.getByRole('button', { name: 'Submit again' }).isDisabled()).toBe(true);
    expect(await page.locator('[data-wait]').textContent()).toMatch(/opens again in 2 minutes/);
    const secondOrder = await questionOrder(page);
    expect(secondOrder).not.toEqual(firstOrder);
    await page.goto(page.url());
    expect(await questionOrder(page)).toEqual(secondOrder); // stable on reload

    // Date the failed attempt back past the retry wait instead of waiting it out, then pass
    // the reshuffled attempt; the explanations appear with the pass.
    const trainee = journey.server.db.select().from(users).where(eq(users.email, 'trainee@demo.stipple.test')).get()!;
    const backdated = journey.server.db
      .update(checkAttempts)
      .set({ createdAt: new Date(Date.now() - check.attempts.retryMinutes * 60_000 - 1_000) })
      .where(and(eq(checkAttempts.userId, trainee.id), eq(checkAttempts.checkId, module1.id)))
      .run();
    expect(backdated.changes).toBe(1);
    await page.goto(page.url());
    const secondAsked = await shownQuestions(page);
    expect(secondAsked.map((q) => q.id)).not.toEqual(firstAsked.map((q) => q.id)); // a new draw from the bank
    await answer(page, (q) => q.answer);
    await submitForm(page, page.getByRole('button', { name: 'Submit again' }));
    expect(await page.locator('[data-result]').getAttribute('data-result')).toBe('passed');
    expect(await page.locator('[data-result]').textContent()).toContain(`${check.ask} of ${check.ask} correct`);
    expect(await page.getByText(secondAsked[0]!.explanation).isVisible()).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('result-heading');
    expect(await axeViolations(page)).toEqual([]);

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

  it('a trainee who used a round of attempts is reset by their instructor and passes a new draw', async () => {
    // Arranged through the services: a trainee of the demo academy finished module 1 and failed
    // the check three times in the last hour, so it rests for a day.
    const db = journey.server.db;
    const id = await addUser(db, 'rowan@demo.stipple.test', DEMO_PASSWORD, 'Rowan Hale');
    addMember(db, id, 1, 'trainee');
    for (const l of module1.lessons) recordLessonCompleted(db, id, l.id);
    const start = Date.now() - 60 * 60_000;
    for (let n = 0; n < check.attempts.max; n++) {
      const asked = drawnCheck(check, attemptOrder(check, id, n));
      const wrong = Object.fromEntries(
        asked.questions.map((q) => [q.id, [q.options.find((o) => !q.answer.includes(o.id))!.id]]),
      );
      expect(submitCheck(db, id, check, wrong, new Date(start + n * 10 * 60_000)).ok).toBe(true);
    }

    const trainee = await journey.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signInAs(trainee, journey.server.baseUrl, 'rowan@demo.stipple.test', DEMO_PASSWORD);
    await trainee.goto(`${journey.server.baseUrl}/learn/check/${module1.id}`);
    expect(await trainee.locator('[data-rest]').textContent()).toContain('ask an instructor to reset it');
    expect(await trainee.locator('.knowledge-check').count()).toBe(0);

    // The instructor finds Rowan's progress, sees the rest, and resets the check with a reason.
    const instructor = await journey.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signInAs(instructor, journey.server.baseUrl, 'instructor@demo.stipple.test', DEMO_PASSWORD);
    await instructor.goto(`${journey.server.baseUrl}/instructor/trainees/${id}`);
    const standing = instructor.locator(`[data-check-standing="${module1.id}"]`);
    expect(await standing.getAttribute('data-state')).toBe('rest');
    expect(await standing.locator('[data-check-status]').textContent()).toContain('Resting until');
    await expectAccessible(instructor);
    await standing.getByLabel('Reason for the reset').fill('Went through the depth lessons together');
    await submitForm(instructor, standing.getByRole('button', { name: 'Reset attempts' }));
    expect(await instructor.locator('[data-message]').textContent()).toContain(
      `Rowan Hale has ${check.attempts.max} attempts available again`,
    );
    expect(await standing.getAttribute('data-state')).toBe('open');
    expect(await standing.locator('[data-last-reset]').textContent()).toContain('Last reset by Sam Okafor');
    await expectAccessible(instructor);
    await instructor.close();

    // Rowan's check is open again with a new draw of questions, and a right answer to each passes.
    await trainee.goto(`${journey.server.baseUrl}/learn/check/${module1.id}`);
    expect(await trainee.locator('[data-rest]').count()).toBe(0);
    expect(await trainee.locator('[data-reset-notice]').textContent()).toMatch(
      new RegExp(`Sam Okafor reset this check on .*you have ${check.attempts.max} attempts again`),
    );
    const asked = await shownQuestions(trainee);
    expect(asked.map((q) => q.id)).toEqual(attemptOrder(check, id, check.attempts.max).questions);
    await expectAccessible(trainee);
    await answer(trainee, (q) => q.answer);
    await submitForm(trainee, trainee.getByRole('button', { name: 'Submit again' }));
    expect(await trainee.locator('[data-result]').getAttribute('data-result')).toBe('passed');
    expect(await trainee.getByText(asked[0]!.explanation).isVisible()).toBe(true);
    await expectAccessible(trainee);
    await trainee.close();
  });
});
