import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { chromium, type Browser } from 'playwright-core';
import { ARGS, CHROMIUM, missing, serve, stop, type Served } from './support.js';

const BIN = fileURLToPath(new URL('../../../bin/qinglang.js', import.meta.url));
const ADMIN = { username: 'admin', password: 'sweeps browser password' };
// Screenshots are for a person to look at while working on the pages; written only when asked for, never committed.
const SHOTS = process.env['QINGLANG_SCREENSHOTS'];

describe('sweeps console page in Chromium', { skip: missing }, () => {
  let dir: string;
  let served: Served;
  let browser: Browser;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'qinglang-sweeps-browser-'));
    const lines = Array.from({ length: 120 }, (_, i) =>
      JSON.stringify({ ref: `post-${i}`, text: i % 4 === 0 ? `想賭＊博的私聊我 ${i}` : `今天天气不错 ${i}` }),
    );
    lines[7] = '{"ref": "broken"';
    writeFileSync(join(dir, 'backlog.jsonl'), `${lines.join('\n')}\n`);
    // The sweep runs in-process (no NATS_URL) before the service starts, as a first sweep on a laptop would; it exits 1
    // because one line could not be read.
    const env = { ...process.env, DATABASE_URL: `sqlite:${join(dir, 'qinglang.db')}`, LOG_LEVEL: 'warn', NATS_URL: '' };
    for (const [args, status] of [
      [['tenants', 'create', 'demo'], 0],
      [['sweep', join(dir, 'backlog.jsonl'), '--tenant', 'demo', '--out', join(dir, 'results.jsonl')], 1],
    ] as const) {
      const done = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, env, encoding: 'utf8' });
      assert.equal(done.status, status, done.stderr);
    }
    served = await serve(dir);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
  });
  after(async () => {
    await browser?.close();
    if (served !== undefined) await stop(served.child);
    rmSync(dir, { recursive: true, force: true });
  });

  test('a compliance-minded admin sees each sweep with its progress, counts and unreadable lines', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(served.setupUrl);
    await page.fill('#username', ADMIN.username);
    await page.fill('#password', ADMIN.password);
    await page.fill('#password2', ADMIN.password);
    await Promise.all([page.waitForURL('**/console/sign-in?done=setup'), page.click('button[type=submit]')]);
    await page.fill('#username', ADMIN.username);
    await page.fill('#password', ADMIN.password);
    await Promise.all([page.waitForURL('**/console/playground'), page.click('button[type=submit]')]);

    await page.click('nav a[href="/console/sweeps"]');
    assert.equal(await page.textContent('h1'), '批量扫描');
    const row = page.locator('#sweeps tbody tr');
    assert.equal(await row.count(), 1);
    assert.equal(await row.getAttribute('data-status'), 'done');
    assert.equal(await row.locator('meter').getAttribute('value'), '1');
    const cells = await row.locator('td').allTextContents();
    assert.equal(cells[1], 'demo');
    assert.equal(cells[3], '已完成');
    assert.equal(cells[5], '119 / 119');
    assert.equal(cells[6], '30', 'every fourth text is flagged');
    assert.equal(cells[7], '1', 'the broken line');
    if (SHOTS !== undefined) await page.screenshot({ path: join(SHOTS, 'console-sweeps.png'), fullPage: true });

    await page.goto(`${served.url}/console/sweeps?lang=en`);
    assert.equal(await page.textContent('h1'), 'Sweeps');
    assert.equal((await page.locator('#sweeps tbody tr td').allTextContents())[3], 'Done');
    await context.close();
  });
});
