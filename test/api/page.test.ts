import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/chromium';
import { DataSource } from 'typeorm';
import { writeGeneratedCatalog } from '@scale/catalog';
import { createDatabase, openCatalog } from '../support/catalog-database';
import { startApi, RunningApi } from '../support/api';

const SCREENSHOTS = resolve(__dirname, '..', '..', 'test-results');

// The page in a real headless Chromium (Debian's, installed by scripts/install-chromium.sh).
describe('the page', () => {
  let catalog: DataSource;
  let api: RunningApi;
  let browser: Browser;

  beforeAll(async () => {
    const databaseUrl = await createDatabase(inject('adminDatabaseUrl'));
    catalog = await openCatalog(databaseUrl);
    await writeGeneratedCatalog(catalog, { seed: 8, count: 600, bucket: 'scale-midi' });
    api = await startApi(databaseUrl);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await api?.app.close();
    await catalog?.destroy();
  });

  it('goes from a search to a song to a similar song, with the shared instruments highlighted', async () => {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(api.url);

    const [{ title }]: Array<{ title: string }> = await catalog.query(`select title from songs order by id limit 1`);
    const word = title.split(/\s+/)[0];
    await page.fill('#q', word);
    await page.click('button[type=submit]');
    await page.waitForSelector('h1:text("Search results")');
    const firstResult = page.locator('ul.songs li a.song-link').first();
    expect((await firstResult.textContent())!.toLowerCase()).toContain(word.toLowerCase());
    await firstResult.click();

    await page.waitForSelector('#similar li');
    const firstSimilar = page.locator('#similar li').first();
    const sharedShown = await firstSimilar.locator('.chip.shared').count();
    const scoreTitle = await firstSimilar.locator('.score').getAttribute('title');
    expect(sharedShown).toBeGreaterThan(0);
    expect(scoreTitle).toBe(`${sharedShown} shared instruments`);
    const similarTitle = await firstSimilar.locator('a.song-link').textContent();
    const similarId = await firstSimilar.getAttribute('data-song-id');
    await firstSimilar.locator('a.song-link').click();

    await page.waitForSelector(`#song-title[data-song-id="${similarId}"]`);
    expect(await page.textContent('#song-title')).toBe(similarTitle);
    await page.waitForSelector('#similar li');
    await mkdir(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: resolve(SCREENSHOTS, 'similar-song.png'), fullPage: true });
    expect(errors).toEqual([]);
  });

  it('browses songs by instrument and shows errors from the API', async () => {
    const page = await browser.newPage();
    await page.goto(`${api.url}/#/instruments`);
    await page.click('a[href="#/instrument/128"]');
    await page.waitForSelector('h1:text("Songs with Drum kit")');
    // The heading comes first, the songs when their page arrives; a page holds 20.
    await page.locator('ul.songs li').nth(19).waitFor();
    expect(await page.locator('ul.songs li').count()).toBe(20);
    await page.goto(`${api.url}/#/song/999999999`);
    await page.waitForSelector('[role=alert]');
    expect(await page.textContent('[role=alert]')).toMatch(/no song with id 999999999/);
  });
});
