import { chromium } from 'playwright-core';
const [, , email, path, width, height, out] = process.argv;
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
const p = await b.newPage({ viewport: { width: Number(width), height: Number(height) } });
const base = 'http://127.0.0.1:4704';
if (email !== '-') {
  await p.goto(base + '/login');
  await p.getByLabel('Email').fill(email);
  await p.getByLabel('Password').fill('demo-pass-4704');
  await Promise.all([p.waitForURL((u) => !u.pathname.startsWith('/login')), p.getByRole('button', { name: 'Sign in' }).click()]);
}
await p.goto(base + path);
await p.waitForTimeout(800);
const h = await p.locator('.site-header').boundingBox();
console.log('header', JSON.stringify(h));
await p.screenshot({ path: out, fullPage: false });
await b.close();
