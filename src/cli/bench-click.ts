/**
 * The browser part of `npm run bench`: in headless Chromium (playwright-core, /usr/bin/chromium
 * or CHROMIUM_PATH), a trainee's drill page holding a 5,000-impression draft; each click places
 * an impression, and the time from the click to the next painted frame is measured in the
 * page (event time → requestAnimationFrame → the task after that frame's paint). Median and
 * p90 with the score in a Web Worker, beside the baseline from the same run: the same clicks
 * with the score on the main thread (`?scorer=main`). Needs `npm run build`.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { naturalPattern, seededRng } from '../lib/drill/patterns.ts';
import type { Template } from '../lib/drill/template.ts';
import { loadTemplate } from '../server/templates.ts';
import { openDatabase } from '../../db/client.ts';
import { openDrillPathFor } from './bench-path.ts';

const PASSWORD = 'bench-password-not-secret';
const TEMPLATE = 'frontal-hairline';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** 5,000 natural impressions spread over the template (a finer spacing than its target, so that they fit). */
function bigDraft(base: Template, n: number) {
  const spacing = base.targetSpacingMm * Math.sqrt(800 / n) * 0.97;
  const dots = naturalPattern({ ...base, targetSpacingMm: spacing }, seededRng(n));
  const out: Array<[number, number, number, number]> = [];
  for (let i = 0; i < n; i++) out.push([dots.xs[i]!, dots.ys[i]!, i * 300, base.impressionDiameterMm]);
  return out;
}

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};

/** Clicks `count` times on the canvas and returns each click → painted frame time (ms), measured in the page. */
export async function clickFrames(page: Page, count: number): Promise<number[]> {
  await page.evaluate(() => {
    const w = window as unknown as { clickFrames: number[]; clickFramesBound?: true };
    w.clickFrames = [];
    // One listener per page load (a second one would record every click twice).
    if (w.clickFramesBound) return;
    w.clickFramesBound = true;
    const box = document.querySelector('[data-canvas]')!;
    box.addEventListener(
      'pointerup',
      (e) => {
        const t0 = e.timeStamp;
        requestAnimationFrame(() => {
          const ch = new MessageChannel();
          ch.port1.onmessage = () => w.clickFrames.push(performance.now() - t0);
          ch.port2.postMessage(0);
        });
      },
      { capture: true },
    );
  });
  const box = (await page.locator('[data-canvas]').boundingBox())!;
  const rng = seededRng(7);
  for (let i = 0; i < count; i++) {
    await page.mouse.click(box.x + box.width * (0.3 + 0.4 * rng()), box.y + box.height * (0.4 + 0.3 * rng()));
    await page.waitForTimeout(60);
  }
  await page.waitForFunction((n) => (window as unknown as { clickFrames: number[] }).clickFrames.length >= n, count);
  return page.evaluate(() => (window as unknown as { clickFrames: number[] }).clickFrames);
}

/** A signed-in trainee's page in headless Chromium, with a server of its own; see `openClickBench`. */
export interface ClickBench {
  page: Page;
  /** Saves the 5,000-impression draft again and opens the drill page on it (`main`: score on the main thread). */
  openDraft(mode: 'worker' | 'main'): Promise<void>;
  close(): Promise<void>;
}

/** Starts the built server on a temp database and Chromium, signs the demo trainee in; null when it cannot run. */
export async function openClickBench(): Promise<ClickBench | null> {
  const chromiumPath = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find(
    (p) => p && fs.existsSync(p),
  );
  if (!fs.existsSync('dist/server/entry.mjs') || !chromiumPath) return null;
  const base = loadTemplate(TEMPLATE)!;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stipple-bench-click-'));
  const port = await freePort();
  const server = spawn(process.execPath, ['src/cli/serve.ts'], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      STIPPLE_DB: path.join(dir, 'bench.db'),
      STIPPLE_DEMO_PASSWORD: PASSWORD,
      STIPPLE_SEED: 'basic',
    },
    stdio: 'ignore',
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  const close = async () => {
    await browser.close();
    server.kill('SIGTERM');
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(`${baseUrl}/`)).ok) break;
      } catch {
        /* not listening yet */
      }
      if (i > 300) throw new Error('the server did not start');
      await new Promise((r) => setTimeout(r, 100));
    }
    // The canvas is a full template (level 3): open the drill path for the demo trainee first.
    const db = openDatabase(path.join(dir, 'bench.db'));
    openDrillPathFor(db, ['trainee@demo.stipple.test']);
    db.$client.close();
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${baseUrl}/login`);
    await page.getByLabel('Email').fill('trainee@demo.stipple.test');
    await page.getByLabel('Password').fill(PASSWORD);
    await Promise.all([
      page.waitForURL((u) => !u.pathname.startsWith('/login')),
      page.getByRole('button', { name: 'Sign in' }).click(),
    ]);
    const dots = bigDraft(base, 5_000);
    const openDraft = async (mode: 'worker' | 'main') => {
      const saved = await page.request.put(`${baseUrl}/api/drill/${TEMPLATE}/draft`, {
        data: { dots, sessions: dots.map(() => 3), session: 3 },
      });
      if (!saved.ok()) throw new Error(`saving the draft failed: ${saved.status()} ${await saved.text()}`);
      await page.goto(`${baseUrl}/drill/${TEMPLATE}${mode === 'main' ? '?scorer=main' : ''}`);
      await page.waitForSelector('[data-drill-root][data-ready="true"]');
    };
    return { page, openDraft, close };
  } catch (e) {
    await close();
    throw e;
  }
}

/** Runs the browser measurement and prints it; returns the medians (null when it cannot run). */
export async function runClickBench(clicks = 40): Promise<{ worker: number; main: number } | null> {
  const bench = await openClickBench();
  if (!bench) {
    console.log('\nClick → painted frame: skipped (needs `npm run build` and Chromium).');
    return null;
  }
  try {
    const { page } = bench;
    const results: Record<'worker' | 'main', number[]> = { worker: [], main: [] };
    // Alternate the two, twice each, so both see the same machine.
    for (const mode of ['main', 'worker', 'main', 'worker'] as const) {
      await bench.openDraft(mode);
      // Warm: a few clicks first.
      await clickFrames(page, 5);
      results[mode].push(...(await clickFrames(page, clicks / 2)));
    }
    const w = quantile(results.worker, 0.5);
    const m = quantile(results.main, 0.5);
    console.log(
      `\nClick → painted frame in Chromium, ${TEMPLATE} with 5,000 impressions (${results.worker.length} clicks each):` +
        ` score in a worker median ${w.toFixed(1)} ms (p90 ${quantile(results.worker, 0.9).toFixed(1)})` +
        ` | baseline, score on the main thread: median ${m.toFixed(1)} ms (p90 ${quantile(results.main, 0.9).toFixed(1)})` +
        ` | target ≤ 16 ms median → ${w <= 16 ? 'met' : 'NOT met'}`,
    );
    return { worker: w, main: m };
  } finally {
    await bench.close();
  }
}
