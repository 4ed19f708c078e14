import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/chromium';
import { isoWeek } from '@scale/chaos';
import { formatSeconds } from '../../apps/chaos-runner/src/report/report-format';
import { alertLabels, notification, type TestAlert } from '../support/ledger-app';
import { POD_KILL_DOCUMENT, podKillReport } from '../support/runner-report';
import { startRunnerHttp, TOKENS, WEBHOOK_TOKEN, type RunningRunnerHttp } from '../support/runner-http';

const SCREENSHOTS = resolve(__dirname, '..', '..', 'test-results', 'home-page');
const HOUR = 3_600_000;

/**
 * The runner's home page in a real headless Chromium, served by the runner's HTTP layer (the engine's
 * double behind it, the real suites and alert ledger): a person signs in, reads the experiments and
 * the on-call statistics, starts a dry run of the default suite through its confirmation (the
 * read-write token typed into it, a read-only one refused in words), follows the report link, halts
 * and releases; a read-only sign-in sees no trigger at all.
 */
describe('the runner home page', () => {
  let runner: RunningRunnerHttp;
  let browser: Browser;
  let finishedId: string;
  let runningId: string;
  /** The ISO week the alerts were sent in. */
  let week: string;

  const webhook = async (alerts: TestAlert[]) => {
    const response = await fetch(`${runner.url}/alertmanager/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${WEBHOOK_TOKEN}` },
      body: JSON.stringify(notification(alerts)),
    });
    expect(response.status).toBe(200);
  };

  /** A page signed in with `token` (the sign-in form, from the link to the home page), errors collected. */
  const signedIn = async (token: string): Promise<{ page: Page; problems: string[] }> => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
    });
    await page.goto(`${runner.url}/`);
    await page.fill('#token', token);
    // The sign-in form came with its 401, which Chromium logs; the home page itself must log nothing.
    problems.length = 0;
    await page.click('button[type=submit]');
    await page.waitForSelector('body[data-home="ready"][data-oncall="drawn"]').catch((error: Error) => {
      throw new Error(`${error.message}; the page logged: ${problems.join(' | ') || 'nothing'}`);
    });
    expect(new URL(page.url()).pathname).toBe('/');
    return { page, problems };
  };

  const rowOf = (page: Page, id: string) => page.locator(`#experiments tr[data-id="${id}"]`);

  beforeAll(async () => {
    runner = await startRunnerHttp(inject('adminDatabaseUrl'));
    // One finished experiment with the realistic pod kill's verdict, and one under way for 20 s.
    const report = podKillReport();
    const finished = await runner.engine.start(POD_KILL_DOCUMENT, 'alice');
    Object.assign(finished, { ...report.detail, id: finished.id, createdAt: finished.createdAt });
    finishedId = finished.id;
    const running = await runner.engine.start({ ...POD_KILL_DOCUMENT, title: 'API survives a second kill' }, 'carol');
    running.injectedAt = new Date(Date.now() - 20_000).toISOString();
    runningId = running.id;
    // Alerts of one week: TargetDown paging twice, a warning that flapped (noise), the extractor on fire.
    const t0 = Date.now() - 2 * HOUR;
    const at = (minutes: number) => new Date(t0 + minutes * 60_000);
    week = isoWeek(at(0));
    await webhook([
      { status: 'resolved', labels: alertLabels('TargetDown'), startsAt: at(0), endsAt: at(20), fingerprint: 'a1' },
      { status: 'resolved', labels: alertLabels('TargetDown'), startsAt: at(25), endsAt: at(35), fingerprint: 'a1' },
    ]);
    const warning = alertLabels('ApiLatencyHigh', { severity: 'warning', group: 'control' });
    await webhook([{ status: 'resolved', labels: warning, startsAt: at(50), endsAt: at(51), fingerprint: 'b1' }]);
    const critical = alertLabels('ExtractorQueueBacklog', { service: 'scale-extractor', severity: 'critical' });
    await webhook([{ status: 'firing', labels: critical, startsAt: at(90), fingerprint: 'c1' }]);
    await mkdir(SCREENSHOTS, { recursive: true });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await runner?.close();
  });

  it('is served only behind a token: the sign-in form for a browser, a 401 problem for a program', async () => {
    const browserVisit = await fetch(`${runner.url}/`, { headers: { accept: 'text/html' } });
    expect(browserVisit.status).toBe(401);
    expect(await browserVisit.text()).toContain('<input type="hidden" name="next" value="/">');
    const program = await fetch(`${runner.url}/`);
    expect([program.status, program.headers.get('content-type')]).toEqual([
      401,
      expect.stringMatching(/^application\/problem\+json/),
    ]);
    const page = await fetch(`${runner.url}/`, { headers: { authorization: `Bearer ${TOKENS.sreBob}` } });
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    // The pages' policy, plus the runner's own JSON: still no inline script, nothing from elsewhere.
    expect(page.headers.get('content-security-policy')).toMatch(
      /default-src 'none'; script-src 'self'.*; connect-src 'self'$/,
    );
    expect(await page.text()).not.toMatch(/<script>|<script [^>]*>[^<]/);
    for (const asset of ['page-kit.js', 'home.js', 'triggers.js', 'oncall.js', 'home.css']) {
      expect([asset, (await fetch(`${runner.url}/report-assets/${asset}`)).status]).toEqual([asset, 200]);
    }
  });

  it('lists the experiments newest first, a running one live, with verdict, MTTD and its floor', async () => {
    const { page, problems } = await signedIn(TOKENS.alice);
    expect(await page.textContent('#who')).toBe('alice');
    expect(await page.textContent('#access')).toBe('read-write');
    const ids = await page
      .locator('#experiments tbody tr')
      .evaluateAll((rows) =>
        rows.map((row: { getAttribute(name: string): string | null }) => row.getAttribute('data-id')),
      );
    expect(ids).toEqual([runningId, finishedId]);

    const finished = rowOf(page, finishedId);
    expect(await finished.locator('th a').getAttribute('href')).toBe(`/experiments/${finishedId}/report`);
    expect(await finished.locator('td').nth(0).textContent()).toBe('completed');
    expect(await finished.locator('td').nth(2).textContent()).toBe('experiment-api-a');
    expect(await finished.locator('td').nth(3).textContent()).toBe('hypothesis deviated recovered');
    const verdict = podKillReport().detail.verdict!;
    const floor =
      (verdict.detection[0] as { floor?: { total: number } | null }).floor?.total ?? verdict.detectionFloorSeconds;
    expect(await finished.locator('td.number').textContent()).toBe(`17 sTargetDownfloor ${formatSeconds(floor)}`);

    const running = rowOf(page, runningId);
    expect(await running.locator('td').nth(0).locator('.badge').textContent()).toBe('running');
    expect(await running.locator('.live .meta').textContent()).toBe('fault in place, probing both groups');
    expect(await running.locator('.clock').textContent()).toMatch(/^fault \d+ s \/ 60 s$/);
    expect(Number(await running.locator('progress').getAttribute('value'))).toBeGreaterThan(19);

    // The on-call statistics of the ledger: tables and a chart per figure.
    expect(
      await page
        .locator('#alerts-by-service tbody tr')
        .evaluateAll((rows) => rows.map((row) => [row.firstChild!.textContent, row.lastChild!.textContent])),
    ).toEqual([
      ['scale-api · experiment', '2'],
      ['scale-api · control', '1'],
      ['scale-extractor · experiment', '1'],
    ]);
    await page.selectOption('#week', week);
    expect(await page.locator('#top-alerts tbody tr').first().textContent()).toMatch(
      /^TargetDownscale-apiexperiment2$/,
    );
    expect(await page.locator('#services tbody tr').count()).toBe(3);
    expect(await page.locator('#oncall canvas').count()).toBe(3);
    await page.screenshot({ path: resolve(SCREENSHOTS, 'home-read-write.png'), fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('starts a dry run of a suite through its confirmation, refusing a read-only token in words, and follows it to a report', async () => {
    // The experiment under way ends first: one experiment at a time in the group.
    runner.engine.experiments.get(runningId)!.status = 'completed';
    const { page, problems } = await signedIn(TOKENS.alice);
    await page.click('button.run-suite[data-suite="default"]');
    const dialog = page.locator('dialog#confirm');
    await dialog.waitFor();
    expect(await page.textContent('#confirm-title')).toBe('Run the suite default?');
    expect(await dialog.locator('ol li').allTextContents()).toEqual([
      'API keeps its latency under a CPU hog in one container',
      'API survives a container killed hard',
      expect.any(String),
      expect.any(String),
      expect.any(String),
      'API keeps serving with one container held near its memory limit',
      "Extraction goes on with one container's writable space nearly full",
      "The experiment group's link to its database resets most new connections",
    ]);
    expect(await page.isChecked('#confirm-dry-run')).toBe(true);
    await page.screenshot({ path: resolve(SCREENSHOTS, 'suite-confirmation.png') });

    // The sign-in cookie may be read-write, but the token typed here is what the request carries.
    await page.fill('#confirm-token', TOKENS.sreBob);
    await page.click('#confirm-ok');
    await page.waitForSelector('#confirm-error:not([hidden])');
    expect(await page.textContent('#confirm-error')).toBe(
      'That token is read-only: halting, releasing and running suites need a read-write token (RUNNER_TOKENS).',
    );
    expect((await page.evaluate(() => fetch('/suites/runs').then((response) => response.json()))) as unknown[]).toEqual(
      [],
    );
    // Chromium logs the 403 it was answered; that refusal is the point here, nothing else may be logged.
    expect(problems).toEqual(['Failed to load resource: the server responded with a status of 403 (Forbidden)']);
    problems.length = 0;

    await page.fill('#confirm-token', TOKENS.alice);
    await page.click('#confirm-ok');
    await page.waitForSelector('dialog#confirm', { state: 'hidden' });
    expect(await page.textContent('#page-notice')).toBe('Suite default started as a dry run: 8 experiment(s).');
    const run = page.locator('#suite-runs article.suite-run').first();
    await page.waitForSelector('#suite-runs article.suite-run li[data-status="running"] a', { timeout: 15_000 });
    expect(await run.locator('header').textContent()).toMatch(/^default running dry run started by alice at /);

    // Its first experiment is listed, a dry run, started by alice, live.
    const [started] = [...runner.engine.experiments.values()].filter((entry) => entry.faultKind === 'cpu-hog');
    expect(started.document.dryRun).toBe(true);
    await page.waitForSelector(`#experiments tr[data-id="${started.id}"]`, { timeout: 15_000 });
    expect(await rowOf(page, started.id).locator('th').textContent()).toBe(
      'API keeps its latency under a CPU hog in one containerdry run',
    );
    await page.screenshot({ path: resolve(SCREENSHOTS, 'suite-running.png'), fullPage: true });

    await run.locator('li[data-status="running"] a').click();
    await page.waitForSelector('body[data-charts="drawn"]');
    expect(new URL(page.url()).pathname).toBe(`/experiments/${started.id}/report`);
    expect(await page.textContent('h1#title')).toBe(POD_KILL_DOCUMENT.title);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('halts and releases with the token the tab keeps, ending the suite run as halted', async () => {
    const { page, problems } = await signedIn(TOKENS.alice);
    // Another tab: the token is asked for again (sessionStorage is per tab).
    await page.click('#halt-button');
    expect(await page.isVisible('#confirm-token')).toBe(true);
    await page.fill('#confirm-reason', 'incident in progress');
    await page.fill('#confirm-token', TOKENS.carol);
    await page.click('#confirm-ok');
    await page.waitForSelector('#halt[data-halted="true"]');
    expect(await page.textContent('#page-notice')).toMatch(/^Halted: \d+ fault\(s\) reverted\.$/);
    expect(runner.engine.halted).toBe(true);
    expect(await page.isVisible('#halt-button')).toBe(false);
    await page.waitForSelector('#suite-runs article.suite-run[data-status="halted"]', { timeout: 15_000 });
    await page.screenshot({ path: resolve(SCREENSHOTS, 'halted.png'), fullPage: true });

    // The token is kept for this tab: releasing does not ask for it again.
    await page.click('#release-button');
    expect(await page.isVisible('#confirm-token')).toBe(false);
    await page.click('#confirm-ok');
    await page.waitForSelector('#halt[data-halted="false"]');
    expect(runner.engine.halted).toBe(false);
    expect(await page.isVisible('#halt-button')).toBe(true);
    // Forgetting it makes the next trigger ask again.
    await page.click('#forget-token');
    await page.click('#halt-button');
    expect(await page.isVisible('#confirm-token')).toBe(true);
    await page.click('#confirm-cancel');
    expect(runner.engine.halted).toBe(false);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('shows a read-only sign-in everything but no trigger', async () => {
    const { page, problems } = await signedIn(TOKENS.sreBob);
    expect(await page.textContent('#access')).toBe('read-only');
    expect(await page.locator('#halt-button, #release-button, button.run-suite, dialog').count()).toBe(0);
    expect(await page.textContent('#halt-state')).toBe('not halted Experiments and suites may start.');
    expect(await page.locator('#experiments tbody tr').count()).toBeGreaterThanOrEqual(3);
    expect(await page.locator('article.suite[data-suite="default"] tbody tr').count()).toBe(8);
    await page.screenshot({ path: resolve(SCREENSHOTS, 'home-read-only.png'), fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });
});
