import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { chromium, type Browser } from 'playwright-core';
import { pino } from 'pino';
import { loadConfig, startServer, type RunningServer } from '../../src/server/index.js';
import { createApiKey, createTenant, updateTenantSettings } from '../../src/store/index.js';
import { ARGS, CHROMIUM, missing } from './support.js';

const MOM = { identifier: 'conversation-mom@example.com', displayName: '妈妈', password: 'conversation mom password' };
const ADMIN = { username: 'admin', password: 'correct horse battery staple' };
const SHOTS = process.env['QINGLANG_SCREENSHOTS'];
const START = Date.parse('2026-03-04T07:00:00Z');

/** A stranger's messages to a child over an afternoon: each one ordinary alone, together a grooming conversation. */
const MESSAGES = [
  '你打得真好，我送你一个限定皮肤吧',
  '你今年几岁了？读几年级',
  '你爸妈平时几点下班',
  '这里聊天不方便，加我扣扣吧，别告诉你爸妈',
  '开个摄像头让我看看你',
  '我们找个周末见面吧，你家住哪个小区',
];

describe(
  'a grooming conversation, from the platform to the guardian and the moderator, in Chromium',
  { skip: missing },
  () => {
    let dir: string;
    let server: RunningServer;
    let browser: Browser;
    let now = START;
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
      dir = mkdtempSync(join(tmpdir(), 'qinglang-conversation-browser-'));
      const config = loadConfig({
        PORT: '0',
        HOST: '127.0.0.1',
        DATABASE_URL: `sqlite:${join(dir, 'qinglang.db')}`,
        LOG_LEVEL: 'silent',
      });
      server = await startServer(config, { log: pino({ level: 'silent' }), clock: () => now });
      await createTenant(server.deps.store.db, { id: 'acme' }, now);
      await updateTenantSettings(server.deps.store.db, 'acme', { storeText: true });
      key = (
        await createApiKey(server.deps.store.db, { tenantId: 'acme', scopes: ['youth', 'moderate'], name: 'app' }, now)
      ).token;
      browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
    });
    after(async () => {
      await browser?.close();
      await server?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    test('the guardian is alerted on a phone, and the moderator finds a critical case with the stages as a timeline', async () => {
      // The platform registers the child; the guardian binds on a phone.
      assert.equal((await api('PUT', '/v1/youth/minors/kid-9', { band: 'age_8_12' })).status, 201);
      const issued = await api('POST', '/v1/youth/minors/kid-9/binding-codes', {});
      const link = new URL(String(issued.body['url']));
      assert.equal((await api('POST', '/v1/guardian/accounts', MOM, null)).status, 201);
      const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
      const page = await phone.newPage();
      const errors: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      await page.goto(`${server.url}${link.pathname}${link.search}`);
      await page.fill('#identifier', MOM.identifier);
      await page.fill('#password', MOM.password);
      await Promise.all([
        page.waitForURL('**/guardian/bind?code=*'),
        page.click('#password-sign-in button[type=submit]'),
      ]);
      await Promise.all([page.waitForURL('**/guardian/minors/*?done=bound'), page.click('#bind button[type=submit]')]);

      // A stranger writes to the child, message by message; the platform sends each one with what it knows.
      const levels: string[] = [];
      let caseId = '';
      for (const text of MESSAGES) {
        now += 3 * 60_000;
        const res = await api('POST', '/v1/conversations/dm-77/messages', {
          sender: { ref: 'night-wind', age: 31, knownForDays: 0 },
          receivers: [{ ref: 'kid-9' }],
          text,
        });
        assert.equal(res.status, 200, JSON.stringify(res.body));
        const risk = res.body['risk'] as { peakLevel: string };
        levels.push(risk.peakLevel);
        caseId = typeof res.body['caseId'] === 'string' ? res.body['caseId'] : '';
      }
      assert.equal(levels[0], 'none');
      assert.equal(levels.at(-1), 'critical', levels.join(' '));
      assert.notEqual(caseId, '');

      // The guardian's phone shows the alert with the message that tipped the conversation and who sent it.
      await page.goto(`${server.url}/guardian/alerts`);
      const alert = page.locator('a[href^="/guardian/alerts/alr_"]').first();
      assert.equal(await page.locator('a[href^="/guardian/alerts/alr_"]').count(), 1, 'one alert, not one per message');
      await Promise.all([page.waitForURL('**/guardian/alerts/alr_*'), alert.click()]);
      assert.match((await page.textContent('#alert-sender')) ?? '', /night-wind/);
      const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
      assert.ok(overflow <= 0, `the alert fits a phone screen (overflow ${overflow}px)`);
      if (SHOTS !== undefined)
        await page.screenshot({ path: join(SHOTS, 'conversation-alert-phone.png'), fullPage: true });
      assert.deepEqual(errors, [], 'no CSP or page errors on the phone');
      await phone.close();

      // The moderator: first administrator from the one-time link, then the review queue.
      const desk = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const moderator = await desk.newPage();
      const consoleErrors: string[] = [];
      moderator.on('console', (m) => {
        if (m.type() === 'error') consoleErrors.push(m.text());
      });
      await moderator.goto(server.setupUrl ?? '');
      await moderator.fill('#username', ADMIN.username);
      await moderator.fill('#password', ADMIN.password);
      await moderator.fill('#password2', ADMIN.password);
      await Promise.all([
        moderator.waitForURL('**/console/sign-in?done=setup'),
        moderator.click('button[type=submit]'),
      ]);
      await moderator.fill('#username', ADMIN.username);
      await moderator.fill('#password', ADMIN.password);
      await Promise.all([moderator.waitForURL('**/console/playground'), moderator.click('button[type=submit]')]);
      await moderator.goto(`${server.url}/console/review`);
      const row = moderator.locator(`tr[data-case="${caseId}"]`);
      assert.match((await row.textContent()) ?? '', /紧急|critical/i);
      await Promise.all([
        moderator.waitForURL(`**/review/cases/${caseId}`),
        row.locator(`a[href$="${caseId}"]`).click(),
      ]);
      assert.match(
        (await moderator.textContent('main')) ?? '',
        /加我扣扣吧，别告诉你爸妈/,
        'the evidence lines are in the case',
      );

      // From the case to the conversation: the stages in the order they appeared, the evidence marked.
      await Promise.all([
        moderator.waitForURL('**/console/conversations/acme/dm-77'),
        moderator.click('a.conversation-link'),
      ]);
      const items = moderator.locator('[data-kind="grooming"] ol.timeline li');
      const stages: (string | null)[] = [];
      for (let n = 0; n < (await items.count()); n++) stages.push(await items.nth(n).getAttribute('data-stage'));
      assert.deepEqual(stages, ['rapport', 'probing', 'isolation', 'secrecy', 'images', 'meeting']);
      const marked = await moderator.locator('#messages mark.hit').allTextContents();
      // Overlapping evidence splits a phrase into marks of different signals (别告 | 诉你爸妈): read the marks together.
      assert.ok(marked.join('').includes('别告诉你爸妈'), marked.join(' | '));
      assert.match((await moderator.textContent('#conversation-target')) ?? '', /kid-9/);
      await Promise.all([
        moderator.waitForURL('**/console/conversations/acme/dm-77#m-3'),
        moderator.click('a[href="#m-3"]'),
      ]);
      if (SHOTS !== undefined)
        await moderator.screenshot({ path: join(SHOTS, 'conversation-console.png'), fullPage: true });
      assert.deepEqual(consoleErrors, [], 'no CSP or page errors in the console');
      await desk.close();
    });
  },
);
