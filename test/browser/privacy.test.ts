import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { chromium, type Browser } from 'playwright-core';
import { pino } from 'pino';
import { loadConfig, startServer, type RunningServer } from '../../src/server/index.js';
import { createApiKey, createConsoleUser, createTenant, listRightsRequests } from '../../src/store/index.js';
import { ARGS, CHROMIUM, missing } from './support.js';

const MOM = { identifier: 'privacy-mom@example.com', displayName: '妈妈', password: 'mom portal password' };
const OFFICER = { username: 'officer', password: 'compliance officer password' };
const SHOTS = process.env['QINGLANG_SCREENSHOTS'];
const WEDNESDAY_AFTERNOON = Date.parse('2026-03-04T07:00:00Z');

describe('minors’ personal information in Chromium', { skip: missing }, () => {
  let dir: string;
  let server: RunningServer;
  let browser: Browser;
  const now = WEDNESDAY_AFTERNOON;
  let key = '';

  const api = async (method: string, path: string, body?: unknown, bearer: string | null = key) => {
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(bearer === null ? {} : { authorization: `Bearer ${bearer}` }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'qinglang-privacy-browser-'));
    const config = loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: `sqlite:${join(dir, 'qinglang.db')}`,
      LOG_LEVEL: 'silent',
    });
    server = await startServer(config, { log: pino({ level: 'silent' }), clock: () => now });
    await createTenant(server.deps.store.db, { id: 'acme' }, now);
    await createConsoleUser(server.deps.store.db, { ...OFFICER, role: 'compliance' }, now);
    key = (await createApiKey(server.deps.store.db, { tenantId: 'acme', scopes: ['youth'], name: 'app' }, now)).token;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('without PII_ENCRYPTION_KEY the service made a key file of its own, readable by its user alone', () => {
    assert.equal(statSync(join(dir, 'qinglang.db.pii-key')).mode & 0o777, 0o600);
  });

  test('a guardian gives and withdraws consent, reads the child’s data, asks for erasure and reads the receipt', async () => {
    assert.equal((await api('PUT', '/v1/youth/minors/kid-9', { birthDate: '2016-09-01' })).status, 201);
    const issued = await api('POST', '/v1/youth/minors/kid-9/binding-codes', {});
    assert.equal((await api('POST', '/v1/guardian/accounts', MOM, null)).status, 201);
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    const link = new URL(String(issued.body['url']));
    await page.goto(`${server.url}${link.pathname}${link.search}`);
    await page.fill('#identifier', MOM.identifier);
    await page.fill('#password', MOM.password);
    await Promise.all([
      page.waitForURL('**/guardian/bind?code=*'),
      page.click('#password-sign-in button[type=submit]'),
    ]);
    await Promise.all([page.waitForURL('**/guardian/minors/*?done=bound'), page.click('#bind button[type=submit]')]);

    await page.click('a[href$="/privacy"]');
    assert.match((await page.textContent('h1')) ?? '', /kid-9的个人信息/);
    const recommend = '#consents li[data-purpose="personalised_recommendation"]';
    await Promise.all([page.waitForURL('**/privacy?done=given'), page.click(`${recommend} button[type=submit]`)]);
    assert.match((await page.textContent('.notice.ok')) ?? '', /已记录你的同意/);
    assert.equal(await page.getAttribute(recommend, 'data-state'), 'given');
    assert.equal((await api('GET', '/v1/youth/minors/kid-9/consents/personalised_recommendation')).status, 200);
    if (SHOTS !== undefined) await page.screenshot({ path: join(SHOTS, 'privacy-consents-phone.png'), fullPage: true });

    await Promise.all([page.waitForURL('**/privacy?done=withdrawn'), page.click(`${recommend} button[type=submit]`)]);
    assert.match((await page.textContent('.notice.ok')) ?? '', /已撤回同意/);
    const refused = await api('GET', '/v1/youth/minors/kid-9/consents/personalised_recommendation');
    assert.equal(refused.status, 403);
    assert.equal((refused.body['error'] as { code: string }).code, 'consent_required');

    await page.click('#export a[href$="/privacy/export"]');
    assert.match((await page.textContent('h1')) ?? '', /kid-9的数据/);
    assert.match((await page.textContent('#export')) ?? '', /2016-09-01/);
    if (SHOTS !== undefined) await page.screenshot({ path: join(SHOTS, 'privacy-export-phone.png'), fullPage: true });
    await page.goBack();

    await page.click('#erase summary');
    if (SHOTS !== undefined)
      await page.screenshot({ path: join(SHOTS, 'privacy-erase-confirm-phone.png'), fullPage: true });
    await Promise.all([
      page.waitForURL('**/guardian/privacy/receipts/rr_*'),
      page.click('#erase .confirm-box button[type=submit]'),
    ]);
    assert.equal(await page.textContent('h1'), '删除回执');
    const rows = page.locator('#receipt-deleted tr[data-table]');
    const removed: (string | null)[] = [];
    for (let i = 0; i < (await rows.count()); i += 1) removed.push(await rows.nth(i).getAttribute('data-table'));
    assert.ok(removed.includes('youth_minors') && removed.includes('guardian_bindings'), removed.join());
    assert.match((await page.textContent('#receipt-kept')) ?? '', /访问记录须保存至少三年/);
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    assert.ok(overflow <= 0, `the receipt fits a phone screen (overflow ${overflow}px)`);
    if (SHOTS !== undefined) await page.screenshot({ path: join(SHOTS, 'privacy-receipt-phone.png'), fullPage: true });
    assert.deepEqual(errors, []);
    const [erasure] = (await listRightsRequests(server.deps.store.db, {})).filter((r) => r.kind === 'erasure');
    assert.equal(erasure?.channel, 'guardian_portal');
    assert.equal((await api('GET', '/v1/youth/minors/kid-9')).status, 404);
    await context.close();
  });

  test('a compliance officer reads the register and searches the access log, whose chain is whole', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/console/sign-in`);
    await page.fill('#username', OFFICER.username);
    await page.fill('#password', OFFICER.password);
    await Promise.all([page.waitForURL('**/console/**'), page.click('button[type=submit]')]);
    await page.goto(`${server.url}/console/privacy`);
    assert.ok((await page.$$('#register tr[data-field="youth_minors.birth_date"]')).length === 1);
    assert.match((await page.textContent('#register tr[data-field="youth_minors.birth_date"]')) ?? '', /加密存储/);
    if (SHOTS !== undefined) await page.screenshot({ path: join(SHOTS, 'privacy-register.png'), fullPage: true });
    await page.goto(`${server.url}/console/access-log`);
    assert.match((await page.textContent('#chain')) ?? '', /哈希链完整/);
    await page.selectOption('select[name=channel]', 'guardian_portal');
    await Promise.all([page.waitForURL('**/access-log?*'), page.click('#access-search button[type=submit]')]);
    const actions = await page.locator('#access-log tbody tr td:nth-child(5)').allTextContents();
    assert.ok(actions.includes('删除') && actions.includes('导出') && actions.includes('查看'), actions.join());
    if (SHOTS !== undefined) await page.screenshot({ path: join(SHOTS, 'privacy-access-log.png'), fullPage: true });
    await context.close();
  });
});
