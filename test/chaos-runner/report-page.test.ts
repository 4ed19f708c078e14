import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/chromium';
import { POD_KILL_DOCUMENT } from '../support/runner-report';
import { startRunnerHttp, TOKENS, type RunningRunnerHttp } from '../support/runner-http';

const SCREENSHOTS = resolve(__dirname, '..', '..', 'test-results');

/**
 * The experiment report in a real headless Chromium, served by the runner's HTTP layer for the
 * realistic pod-kill report of test/support/runner-report.ts: a person signs in with a read-only
 * token from the link, reads the verdict table, and sees both groups drawn on each chart.
 */
describe('the experiment report page', () => {
  let runner: RunningRunnerHttp;
  let browser: Browser;
  let reportPath: string;

  beforeAll(async () => {
    runner = await startRunnerHttp(inject('adminDatabaseUrl'));
    reportPath = `/experiments/${(await runner.engine.start(POD_KILL_DOCUMENT, 'alice')).id}/report`;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await runner?.close();
  });

  it('signs in from the link, then shows the verdict, the times and the charts of both groups', async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
    });
    const requested: string[] = [];
    page.on('request', (request) => requested.push(request.url()));

    await page.goto(`${runner.url}${reportPath}`);
    await page.fill('#token', TOKENS.sreBob);
    // The sign-in form came with its 401, which Chromium logs; the report itself must log nothing.
    problems.length = 0;
    await page.click('button[type=submit]');
    await page.waitForSelector('body[data-charts="drawn"]');
    expect(new URL(page.url()).pathname).toBe(reportPath);

    expect(await page.textContent('h1#title')).toBe('API survives losing a replica');
    expect(await page.textContent('#hypothesis')).toBe('hypothesis deviated');
    const rows = await page
      .locator('#verdict-table tbody tr')
      .evaluateAll((trs) =>
        trs.map((tr) =>
          Array.from(tr.querySelectorAll('th, td'), (cell: { textContent: string | null }) =>
            (cell.textContent ?? '').trim(),
          ),
        ),
      );
    expect(rows).toEqual([
      ['api p95 latency', 'experiment ≤ control × 1.5', '0.0451', '0.0874', '×1.94', '< 0.001', 'deviated'],
      ['api error ratio', '≤ 0.01', '0', '0.0042', '—', '0.021', 'held'],
      ['api throughput', 'control × 0.8 ≤ experiment ≤ control × 1.2', '19.8', '19.6', '×0.99', '0.620', 'held'],
    ]);
    expect(await page.textContent('#fact-mttd dd')).toBe('17 s (TargetDown) largest part: for 15 s');
    expect(await page.textContent('#fact-floor dd')).toMatch(/^17 s/);
    // The breakdown's bar is drawn within the CSP (SVG attributes, no inline style): the for part spans most of it.
    const bar = await page.locator('#breakdown-TargetDown rect.part.for').boundingBox();
    const whole = await page.locator('#breakdown-TargetDown svg').boundingBox();
    expect(bar!.width / whole!.width).toBeCloseTo(15 / 17.2, 2);
    expect(await page.textContent('#fact-mttr dd')).toBe('48 s');
    expect(await page.textContent('#fact-recovery dd')).toBe('65 s after injection');
    expect(await page.textContent('#fact-integrity dd')).toMatch(
      /intact\s+1,204 songs in control, 1,204 songs in experiment · 20 similar-songs answers equal/,
    );

    // Each chart drew both groups' lines: its canvas has a size and pixels of both series' colours.
    const charts = await page.locator('figure.chart').evaluateAll((figures) =>
      figures.map((figure) => {
        const caption = figure.querySelector('figcaption')!.textContent!.trim();
        const canvas = figure.querySelector('canvas')!;
        const pixels = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
        const near = (r: number, g: number, b: number) => {
          let count = 0;
          for (let i = 0; i < pixels.length; i += 4) {
            if (
              Math.abs(pixels[i] - r) + Math.abs(pixels[i + 1] - g) + Math.abs(pixels[i + 2] - b) < 40 &&
              pixels[i + 3] > 200
            ) {
              count += 1;
            }
          }
          return count;
        };
        return {
          caption,
          width: canvas.width,
          height: canvas.height,
          control: near(0x3f, 0x6f, 0xd8),
          experiment: near(0xe8, 0x59, 0x0c),
          injection: near(0xa3, 0x00, 0x1b),
        };
      }),
    );
    expect(charts.map((chart) => chart.caption)).toEqual([
      'p95 latency (seconds)',
      'error ratio (ratio)',
      'throughput (requests/s)',
    ]);
    for (const chart of charts) {
      expect(chart.width, chart.caption).toBeGreaterThan(300);
      expect(chart.height, chart.caption).toBeGreaterThan(100);
      expect(chart.control, `${chart.caption}: control line`).toBeGreaterThan(100);
      expect(chart.experiment, `${chart.caption}: experiment line`).toBeGreaterThan(100);
      expect(chart.injection, `${chart.caption}: injection marker`).toBeGreaterThan(20);
    }

    await mkdir(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: resolve(SCREENSHOTS, 'chaos-report.png'), fullPage: true });
    // Everything came from the runner itself (no CDN), and nothing went wrong in the page.
    expect(requested.filter((url) => !url.startsWith(runner.url))).toEqual([]);
    expect(problems).toEqual([]);
  });
});
