import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ARGS, CHROMIUM, missing, serve, stop, type Served } from './support.js';

const BIN = fileURLToPath(new URL('../../../bin/qinglang.js', import.meta.url));
const ADMIN = { username: 'admin', password: 'compliance browser admin' };
const OFFICER = { username: 'officer', password: 'compliance browser officer' };
const SHOTS = process.env['QINGLANG_SCREENSHOTS'];
const TEXTS = ['我家住在阳光小区3栋2单元501', '想赌博的私聊我', '今天天气真好', '我叫李思琪，12岁'];

async function signIn(page: Page, url: string, user: { username: string; password: string }, lands: string) {
  await page.goto(`${url}/console/sign-in`);
  await page.fill('#username', user.username);
  await page.fill('#password', user.password);
  await Promise.all([page.waitForURL(`**/console/${lands}`), page.click('button[type=submit]')]);
}

describe('compliance report in Chromium', { skip: missing }, () => {
  let dir: string;
  let served: Served;
  let browser: Browser;
  let key = '';

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'qinglang-compliance-browser-'));
    const env = { ...process.env, DATABASE_URL: `sqlite:${join(dir, 'qinglang.db')}`, LOG_LEVEL: 'warn' };
    for (const args of [['tenants', 'create', 'demo', '--name', '示例平台']]) {
      const done = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, env, encoding: 'utf8' });
      assert.equal(done.status, 0, done.stderr);
    }
    const created = spawnSync(process.execPath, [BIN, 'keys', 'create', '--tenant', 'demo', '--scope', 'moderate'], {
      cwd: dir,
      env,
      encoding: 'utf8',
    });
    assert.equal(created.status, 0, created.stderr);
    key = created.stdout.trim();
    served = await serve(dir);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
  });
  after(async () => {
    await browser?.close();
    if (served !== undefined) await stop(served.child);
    rmSync(dir, { recursive: true, force: true });
  });

  test('a compliance user downloads the annual report, whose figures are the store’s', async () => {
    let flagged = 0;
    for (const text of TEXTS) {
      const res = await fetch(`${served.url}/v1/moderate`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body: JSON.stringify({ text, ageBand: 'age_12_16' }),
      });
      assert.equal(res.status, 200, await res.clone().text());
      if (((await res.json()) as { flagged: boolean }).flagged) flagged++;
    }
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    const page = await context.newPage();
    await page.goto(served.setupUrl);
    await page.fill('#username', ADMIN.username);
    await page.fill('#password', ADMIN.password);
    await page.fill('#password2', ADMIN.password);
    await Promise.all([page.waitForURL('**/console/sign-in?done=setup'), page.click('button[type=submit]')]);
    await signIn(page, served.url, ADMIN, 'playground');
    await page.goto(`${served.url}/console/users`);
    await page.fill('#u-name', OFFICER.username);
    await page.selectOption('#u-role', 'compliance');
    await page.fill('#u-password', OFFICER.password);
    await Promise.all([
      page.waitForURL('**/console/users?**'),
      page.click('#u-password >> xpath=ancestor::form//button[@type="submit"]'),
    ]);
    await page.click('text=退出登录');

    await signIn(page, served.url, OFFICER, 'logs');
    await page.click('nav a[href="/console/compliance"]');
    assert.equal(await page.textContent('h1'), '未成年人个人信息保护合规审计与年度报告');
    assert.equal((await page.textContent('#cr-moderated'))?.trim(), String(TEXTS.length));
    assert.equal((await page.textContent('#cr-flagged'))?.trim(), String(flagged));
    if (SHOTS !== undefined) await page.screenshot({ path: join(SHOTS, 'compliance-page.png'), fullPage: true });

    const [pdf] = await Promise.all([page.waitForEvent('download'), page.click('#cr-pdf')]);
    assert.match(pdf.suggestedFilename(), /^qinglang-compliance-demo-\d{4}\.pdf$/);
    const pdfBytes = readFileSync((await pdf.path()) ?? '');
    assert.equal(pdfBytes.subarray(0, 5).toString(), '%PDF-');
    assert.ok(pdfBytes.length > 10_000, 'a report, not an empty page');

    const [html] = await Promise.all([page.waitForEvent('download'), page.click('#cr-html')]);
    const report = readFileSync((await html.path()) ?? '', 'utf8');
    assert.match(report, new RegExp(`data-figure="intercepted\\.moderated">${TEXTS.length}<`));
    assert.match(report, new RegExp(`data-figure="intercepted\\.flagged">${flagged}<`));
    assert.match(report, /data-figure="intercepted-category\.personal_info">2</);
    if (SHOTS !== undefined) {
      const view = await context.newPage();
      await view.setContent(report);
      await view.screenshot({ path: join(SHOTS, 'compliance-report.png'), fullPage: false });
      await view.close();
    }

    await page.click('nav a[href="/console/incidents"]');
    assert.equal(await page.textContent('h1'), '安全事件登记');
    await page.fill('#i-title', '导出文件误发给外部邮箱');
    await page.selectOption('#i-grade', 'large');
    await page.fill('#i-minors', '4');
    await page.fill('#i-pi', '出生日期，手机号');
    await Promise.all([page.waitForURL('**/console/incidents/inc_*'), page.click('#incident-new button[type=submit]')]);
    assert.match((await page.textContent('#incident-steps')) ?? '', /向网信等部门报告/);
    if (SHOTS !== undefined) await page.screenshot({ path: join(SHOTS, 'incident.png'), fullPage: true });
    await context.close();
  });
});
