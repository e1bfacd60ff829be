import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ARGS, CHROMIUM, missing, serve, stop, type Served } from './support.js';

const ADMIN = { username: 'admin', password: 'browser test password' };
const MODERATOR = { username: 'reviewer', password: 'reviewer test password' };
const REPORTED = '有个叔叔让我发裸照给他，还说不许告诉爸妈';
// Screenshots are for a person to look at while working on the pages; they are written only when asked for, never committed.
const SHOTS = process.env['QINGLANG_SCREENSHOTS'];

/** Collects script and CSP errors a page logs (a form refused with 400 on purpose is not one). */
function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && !/status of 400/.test(message.text())) errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

describe('reports in Chromium: from the public form through the queue to the outcome', { skip: missing }, () => {
  let dir: string;
  let served: Served;
  let browser: Browser;
  let statusUrl = '';

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'qinglang-reports-browser-'));
    served = await serve(dir, [['tenants', 'create', 'demo']]);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
    // The first administrator, who adds a moderator.
    const page = await browser.newPage();
    await page.goto(served.setupUrl);
    await page.fill('#username', ADMIN.username);
    await page.fill('#password', ADMIN.password);
    await page.fill('#password2', ADMIN.password);
    await Promise.all([page.waitForURL('**/console/sign-in?done=setup'), page.click('button[type=submit]')]);
    await page.fill('#username', ADMIN.username);
    await page.fill('#password', ADMIN.password);
    await Promise.all([page.waitForURL('**/console/playground'), page.click('main button[type=submit]')]);
    await page.goto(`${served.url}/console/users`);
    await page.fill('#u-name', MODERATOR.username);
    await page.selectOption('#u-role', 'moderator');
    await page.fill('#u-password', MODERATOR.password);
    await Promise.all([page.waitForURL('**/console/users**'), page.click('main form.card button[type=submit]')]);
    assert.match((await page.textContent('#users')) ?? '', new RegExp(MODERATOR.username));
    await page.close();
  });
  after(async () => {
    await browser?.close();
    if (served !== undefined) await stop(served.child);
    rmSync(dir, { recursive: true, force: true });
  });

  test('a child files a report on a phone through the minors’ channel and gets a tracking code', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${served.url}/report`);
    assert.equal(await page.textContent('h1'), '举报有害内容或行为');
    await Promise.all([page.waitForURL('**/report?for=minor'), page.tap('#minor-link')]);
    assert.match((await page.textContent('#minor-channel')) ?? '', /不是你的错/);
    assert.equal(
      await page.getAttribute('#minor-channel a.call >> nth=0', 'href'),
      'tel:110',
      'one tap calls the police',
    );
    assert.equal(await page.getAttribute('#minor-channel a.call >> nth=1', 'href'), 'tel:12355');
    assert.equal(
      await page.isChecked('input[name=reporterKind][value=minor]'),
      true,
      'the minors’ channel chose “under 18”',
    );

    // Sent empty first: the page says what is missing and keeps the choice already made.
    await Promise.all([page.waitForURL('**/report'), page.tap('#report-form button[type=submit]')]);
    assert.match((await page.textContent('#form-errors')) ?? '', /请选择是什么问题/);
    assert.equal(await page.isChecked('input[name=reporterKind][value=minor]'), true);

    // The children's channel names the problem in a child's words; the report is filed under the taxonomy id.
    await page.tap('label:has(input[name=category][value=sexual])');
    assert.match((await page.textContent('label:has(input[name=category][value=sexual])')) ?? '', /我看到了色情的东西/);
    await page.fill('#contentText', REPORTED);
    await page.fill('#userRef', 'uncle_li_88');
    await page.fill('#description', '昨天晚上在私信里');
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    assert.ok(overflow <= 0, `the form fits a phone screen (overflow ${overflow}px)`);
    if (SHOTS !== undefined) await page.screenshot({ path: join(SHOTS, 'report-form-phone.png'), fullPage: true });
    await Promise.all([page.waitForURL('**/report/status/**'), page.tap('#report-form button[type=submit]')]);
    assert.equal(await page.textContent('h1'), '举报已收到');
    const code = ((await page.textContent('#tracking-code')) ?? '').trim();
    assert.match(code, /^[a-z0-9]{5}(-[a-z0-9]{5}){3}$/);
    assert.equal(await page.getAttribute('button[data-copy]', 'data-copy'), 'tracking-code', 'the code can be copied');
    assert.equal(await page.getAttribute('#status', 'data-status'), 'received');
    statusUrl = `${served.url}${(await page.getAttribute('#status-link', 'href')) ?? ''}`;
    assert.deepEqual(errors, [], 'no script or CSP errors on the public pages');
    if (SHOTS !== undefined) await page.screenshot({ path: join(SHOTS, 'report-done-phone.png'), fullPage: true });
    await context.close();
  });

  test('a moderator finds it in the queue, opens it by keyboard, reveals the blurred material and takes it down', async () => {
    assert.notEqual(statusUrl, '', 'the report was filed');
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${served.url}/console/sign-in`);
    await page.fill('#username', MODERATOR.username);
    await page.fill('#password', MODERATOR.password);
    await Promise.all([page.waitForURL('**/console/playground'), page.click('main button[type=submit]')]);
    await Promise.all([page.waitForURL('**/console/review'), page.click('nav.pages a[href="/console/review"]')]);
    const row = page.locator('#queue tr[data-row]').first();
    assert.match(
      (await row.textContent()) ?? '',
      /紧急|加急/,
      'a minor’s sexual-content report is at the top, critical or urgent',
    );
    assert.match((await row.textContent()) ?? '', /涉及未成年人/);

    // j selects the first case, Enter opens it.
    await page.keyboard.press('j');
    assert.equal(await row.getAttribute('class'), 'selected');
    await Promise.all([page.waitForURL('**/console/review/cases/**'), page.keyboard.press('Enter')]);
    assert.match((await page.textContent('#minor-logged')) ?? '', /每次查看都会被记录/);

    // Reviewer wellness: the reported material is blurred until clicked.
    const material = page.locator('.reveal .sensitive').first();
    const filter = "getComputedStyle(document.querySelector('.reveal .sensitive')).filter";
    assert.match(await page.evaluate<string>(filter), /blur/);
    await page.click('.reveal .veil');
    assert.equal(await page.evaluate<string>(filter), 'none');
    assert.match((await material.textContent()) ?? '', /裸照/);
    assert.ok((await page.locator('.reveal mark.hit').count()) > 0, 'the engine’s matches are highlighted');
    if (SHOTS !== undefined) await page.screenshot({ path: join(SHOTS, 'review-case.png'), fullPage: true });

    // c claims; t chooses takedown and puts the cursor in the reason; Enter sends.
    await Promise.all([page.waitForURL(/done=claimed/), page.keyboard.press('c')]);
    assert.equal((await page.textContent('#case-assignee'))?.trim(), MODERATOR.username);
    await page.click('h1');
    await page.keyboard.press('t');
    assert.equal(await page.isChecked('input[name=action][value=takedown]'), true);
    assert.equal(await page.evaluate<string>('document.activeElement && document.activeElement.id'), 'reason');
    await page.keyboard.type('向未成年人索要裸照');
    await page.fill('#reporterMessage', '我们已经处理了这个账号，谢谢你勇敢地告诉我们。');
    await page.focus('#reason');
    await Promise.all([page.waitForURL(/done=action&action=takedown/), page.keyboard.press('Enter')]);
    assert.match((await page.textContent('.notice.ok')) ?? '', /已记录：下架/);
    assert.equal((await page.textContent('#case-status'))?.trim(), '已处理');
    assert.match((await page.textContent('#history')) ?? '', /向未成年人索要裸照/);
    assert.deepEqual(errors, [], 'no script or CSP errors on the console pages');

    // Done cases leave the default queue.
    await page.goto(`${served.url}/console/review`);
    assert.equal(await page.locator('#queue-empty').count(), 1);
    await context.close();
  });

  test('the reporter’s status page shows the outcome and the message meant for them', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(statusUrl);
    assert.equal(await page.getAttribute('#status', 'data-status'), 'resolved');
    assert.equal(await page.getAttribute('#outcome', 'data-outcome'), 'action_taken');
    assert.match((await page.textContent('#outcome')) ?? '', /已确认违规/);
    assert.match((await page.textContent('#messages')) ?? '', /谢谢你勇敢地告诉我们/);
    assert.doesNotMatch(
      (await page.content()) ?? '',
      /reviewer|向未成年人索要裸照/,
      'nothing internal reaches the reporter',
    );
    await Promise.all([page.waitForURL('**?lang=en'), page.click('a[lang=en]')]);
    assert.match((await page.textContent('#outcome')) ?? '', /action was taken/);
    if (SHOTS !== undefined) await page.screenshot({ path: join(SHOTS, 'report-status-phone.png'), fullPage: true });
    await context.close();
  });
});
