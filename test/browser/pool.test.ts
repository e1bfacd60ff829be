import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ARGS, CHROMIUM, missing, serve, stop, type Served } from './support.js';

const ADMIN = { username: 'admin', password: 'pool browser password' };
// Screenshots are for a person to look at while working on the pages; written only when asked for, never committed.
const SHOTS = process.env['QINGLANG_SCREENSHOTS'];

/** The count a coverage chart shows for the band (and rating or theme), read from the served SVG. */
function countIn(page: Page, selector: string): Promise<number> {
  return page.evaluate<number>(
    `Number(document.querySelector(${JSON.stringify(selector)}).getAttribute('data-count'))`,
  );
}

describe('content pool console in Chromium', { skip: missing }, () => {
  let dir: string;
  let served: Served;
  let browser: Browser;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'qinglang-pool-browser-'));
    served = await serve(dir, [
      ['tenants', 'create', 'demo'],
      ['pool', 'seed-demo', '--tenant', 'demo'],
    ]);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
  });
  after(async () => {
    await browser?.close();
    if (served !== undefined) await stop(served.child);
    rmSync(dir, { recursive: true, force: true });
  });

  test('a reviewer rates an item from the queue with the keyboard and the coverage chart moves', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    await page.goto(served.setupUrl);
    await page.fill('#username', ADMIN.username);
    await page.fill('#password', ADMIN.password);
    await page.fill('#password2', ADMIN.password);
    await Promise.all([page.waitForURL('**/console/sign-in?done=setup'), page.click('button[type=submit]')]);
    await page.fill('#username', ADMIN.username);
    await page.fill('#password', ADMIN.password);
    await Promise.all([page.waitForURL('**/console/playground'), page.click('button[type=submit]')]);

    await page.goto(`${served.url}/console/pool-coverage?tenant=demo`);
    assert.equal(await page.textContent('h1'), '内容池覆盖情况');
    const suitable = '#chart-ratings g[data-band=age_8_12] rect[data-rating=suitable]';
    const review = '#chart-ratings g[data-band=age_8_12] rect[data-rating=needs_review]';
    const newsCell = '#chart-grid g[data-band=age_8_12] g[data-theme=news]';
    const before = {
      suitable: await countIn(page, suitable),
      review: await countIn(page, review),
      news: await countIn(page, newsCell),
    };
    assert.ok(before.review > 0, 'the demo leaves items for review');
    const gaps = await page.locator('#coverage-table tr[data-band=age_16_18] [data-gap]').count();
    assert.ok(gaps > 0, 'the thin themes of 16–18 show as gaps');
    const json = (await (await page.request.get(`${served.url}/console/pool-coverage.json?tenant=demo`)).json()) as {
      bands: { band: string; suitable: number }[];
    };
    assert.equal(
      json.bands.find((b) => b.band === 'age_8_12')?.suitable,
      before.suitable,
      'the page and the JSON agree',
    );
    if (SHOTS !== undefined) await page.screenshot({ path: join(SHOTS, 'pool-coverage.png'), fullPage: true });

    await page.goto(`${served.url}/console/pool?tenant=demo&band=age_8_12&theme=news`);
    const rows = page.locator('#pool-queue tr[data-row]');
    assert.equal(await rows.count(), 1, 'the news item on a gambling crackdown waits for review');
    if (SHOTS !== undefined) await page.screenshot({ path: join(SHOTS, 'pool-queue.png'), fullPage: true });
    await page.keyboard.press('j');
    await Promise.all([page.waitForURL('**/console/pool/items/demo/**'), page.keyboard.press('Enter')]);
    const marked = await page.locator('#preview mark.hit').allTextContents();
    assert.ok(
      marked.some((m) => m.includes('赌博')),
      `the preview marks what triggered the rating: ${marked.join('|')}`,
    );
    if (SHOTS !== undefined) await page.screenshot({ path: join(SHOTS, 'pool-item.png'), fullPage: true });
    await page.keyboard.press('s');
    assert.equal(await page.isChecked('input[name=rating][value=suitable]'), true);
    await page.keyboard.type('反赌新闻，提醒青少年远离赌博，适合8岁以上');
    await Promise.all([page.waitForURL(/done=reviewed/), page.click('#decide')]);
    assert.match((await page.textContent('.notice.ok')) ?? '', /已记录审核决定/);

    await page.goto(`${served.url}/console/pool-coverage?tenant=demo`);
    assert.equal(await countIn(page, suitable), before.suitable + 1, 'the band gained the item');
    assert.equal(await countIn(page, review), before.review - 1, 'and has one fewer to review');
    assert.equal(await countIn(page, newsCell), before.news + 1, 'its news cell grew');
    assert.match((await page.textContent('#changes')) ?? '', /人工审核/);
    if (SHOTS !== undefined) await page.screenshot({ path: join(SHOTS, 'pool-coverage-after.png'), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    assert.ok(
      overflow <= 0,
      `the coverage page fits a phone screen, its charts scrolling in their frames (${overflow}px)`,
    );
    if (SHOTS !== undefined) await page.screenshot({ path: join(SHOTS, 'pool-coverage-phone.png'), fullPage: true });
    assert.deepEqual(errors, [], 'no script or CSP errors');
    await context.close();
  });
});
