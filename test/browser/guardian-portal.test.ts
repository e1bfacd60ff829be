import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { chromium, type Browser } from 'playwright-core';
import { pino } from 'pino';
import { loadConfig, startServer, type RunningServer } from '../../src/server/index.js';
import { createApiKey, createTenant } from '../../src/store/index.js';
import { ARGS, CHROMIUM, missing } from './support.js';

const MOM = { identifier: 'mom@example.com', displayName: '妈妈', password: 'mom portal password' };
const SHOTS = process.env['QINGLANG_SCREENSHOTS'];
// Wednesday 4 March 2026, 15:00 in Beijing: youth-mode rules depend on the time of day, so the server runs on a clock the
// test holds (in-process, as `qinglang serve` would run it), never on the machine's, which may be inside the curfew.
const WEDNESDAY_AFTERNOON = Date.parse('2026-03-04T07:00:00Z');

describe('guardian portal in Chromium', { skip: missing }, () => {
  let dir: string;
  let server: RunningServer;
  let browser: Browser;
  let now = WEDNESDAY_AFTERNOON;
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
  let beat = 0;
  const heartbeat = async () => {
    now += 60_000;
    const answer = await api('POST', '/v1/youth/minors/kid-7/heartbeats', {
      eventId: `beat-${++beat}`,
      deviceId: 'tablet',
      occurredAt: new Date(now).toISOString(),
      seconds: 60,
    });
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    return answer.body['decision'] as { outcome: string; rule: string; remainingSeconds?: number };
  };

  /** A phone-sized page that collects console errors and failed responses (CSP refusals among them). */
  const phonePage = async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('response', (response) => {
      if (response.status() >= 400) errors.push(`${response.status()} ${response.url()}`);
    });
    return { context, page, errors };
  };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'qinglang-portal-browser-'));
    const config = loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: `sqlite:${join(dir, 'qinglang.db')}`,
      LOG_LEVEL: 'silent',
    });
    server = await startServer(config, { log: pino({ level: 'silent' }), clock: () => now });
    await createTenant(server.deps.store.db, { id: 'acme' }, now);
    key = (await createApiKey(server.deps.store.db, { tenantId: 'acme', scopes: ['youth'], name: 'app' }, now)).token;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('bind with a code, the minor asks for more time at the cap, the guardian approves, the next heartbeat is allowed', async () => {
    // The platform registers the minor and shows a binding code (as text or a QR code of the link).
    assert.equal((await api('PUT', '/v1/youth/minors/kid-7', { band: 'age_8_12' })).status, 201);
    const issued = await api('POST', '/v1/youth/minors/kid-7/binding-codes', {});
    assert.equal(issued.status, 201);
    const code = String(issued.body['code']);
    const link = new URL(String(issued.body['url']));
    assert.equal((await api('POST', '/v1/guardian/accounts', MOM, null)).status, 201);

    // On a phone, the guardian opens the QR link, signs in and binds.
    const { context, page, errors } = await phonePage();
    await page.goto(`${server.url}${link.pathname}${link.search}`);
    assert.match(page.url(), /\/guardian\/sign-in\?next=/);
    assert.equal(await page.textContent('h1'), '家长登录');
    await page.fill('#identifier', MOM.identifier);
    await page.fill('#password', MOM.password);
    await Promise.all([
      page.waitForURL('**/guardian/bind?code=*'),
      page.click('#password-sign-in button[type=submit]'),
    ]);
    assert.equal(await page.inputValue('#code'), code, 'the code from the link is filled in');
    await Promise.all([page.waitForURL('**/guardian/minors/*?done=bound'), page.click('#bind button[type=submit]')]);
    assert.match((await page.textContent('.notice.ok')) ?? '', /绑定成功/);
    assert.equal(await page.textContent('h1'), 'kid-7');
    const minorPage = page.url().split('?')[0] ?? '';
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    assert.ok(overflow <= 0, `the page fits a phone screen (overflow ${overflow}px)`);
    if (SHOTS !== undefined) await page.screenshot({ path: join(SHOTS, 'guardian-minor-phone.png'), fullPage: true });

    // The guardian sets a two-minute daily limit.
    await page.click('a[href$="/settings"]');
    await page.fill('#dailyLimitMinutes', '2');
    await Promise.all([page.waitForURL('**/settings?done=saved'), page.click('#settings button[type=submit]')]);
    assert.match((await page.textContent('.notice.ok')) ?? '', /设置已保存/);
    if (SHOTS !== undefined)
      await page.screenshot({ path: join(SHOTS, 'guardian-settings-phone.png'), fullPage: true });

    // The minor uses the tablet until the cap, then asks for fifteen more minutes.
    const first = await heartbeat();
    assert.equal(first.outcome, 'allow', JSON.stringify(first));
    // The second minute uses up the two: its answer tells the app to stop.
    const capped = await heartbeat();
    assert.deepEqual([capped.outcome, capped.rule], ['deny', 'daily_total']);
    const asked = await api('POST', '/v1/youth/minors/kid-7/requests', { kind: 'extra_time', minutes: 15 });
    assert.equal(asked.status, 201);
    const requestId = String(asked.body['id']);

    // The guardian sees the request on the child's page and approves it.
    await page.goto(minorPage);
    assert.match((await page.textContent('#remaining-today')) ?? '', /0 分钟/);
    await page.click('a[href$="/requests"]');
    const request = page.locator(`#request-${requestId}`);
    assert.match((await request.textContent()) ?? '', /申请延长时间 15 分钟/);
    await Promise.all([
      page.waitForURL('**/requests?done=answered'),
      request.locator('button[type=submit]', { hasText: '同意' }).click(),
    ]);
    assert.match((await page.textContent('.notice.ok')) ?? '', /已回复/);
    if (SHOTS !== undefined)
      await page.screenshot({ path: join(SHOTS, 'guardian-requests-phone.png'), fullPage: true });

    // The platform hears the answer by polling, and the next heartbeat is allowed.
    const polled = await api('GET', `/v1/youth/requests/${requestId}`);
    assert.equal(polled.body['status'], 'approved');
    const next = await heartbeat();
    assert.equal(next.outcome, 'allow', JSON.stringify(next));
    assert.ok((next.remainingSeconds ?? 0) > 0);

    await page.goto(minorPage);
    assert.match((await page.textContent('#used-today')) ?? '', /3 分钟/);
    await Promise.all([page.waitForURL('**?lang=en'), page.click('a[lang=en]')]);
    assert.match((await page.textContent('#usage')) ?? '', /Used today/);
    assert.deepEqual(errors, [], 'no CSP or page errors');
    await context.close();
  });

  test('the guardian decides who can reach the child: posts, comments off, strangers’ messages, a block', async () => {
    // The first test bound kid-7 (8–12) to this guardian; a fresh phone signs in again.
    const { context, page, errors } = await phonePage();
    await page.goto(`${server.url}/guardian/sign-in`);
    await page.fill('#identifier', MOM.identifier);
    await page.fill('#password', MOM.password);
    await Promise.all([page.waitForURL('**/guardian/minors'), page.click('#password-sign-in button[type=submit]')]);
    await page.click('a:has-text("kid-7")');
    await page.click('a[href$="/interactions"]');
    assert.equal(await page.textContent('h1'), '谁能和孩子互动');
    assert.match((await page.textContent('#now-reposts')) ?? '', /谁都不能（关闭）/);

    await page.selectOption('#control-posts', 'followers');
    await page.selectOption('#control-comments', 'nobody');
    await page.selectOption('#stranger-dm', 'allow');
    await Promise.all([page.waitForURL('**/interactions?done=saved'), page.click('#interactions button[type=submit]')]);
    assert.match((await page.textContent('.notice.ok')) ?? '', /互动设置已保存/);
    assert.match((await page.textContent('#now-comments')) ?? '', /谁都不能（关闭）/);

    await page.fill('#block-user', 'stranger_42');
    await Promise.all([page.waitForURL('**/interactions?done=blocked'), page.click('#block-form button[type=submit]')]);
    assert.match((await page.textContent('#blocks')) ?? '', /stranger_42/);
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    assert.ok(overflow <= 0, `the page fits a phone screen (overflow ${overflow}px)`);
    if (SHOTS !== undefined)
      await page.screenshot({ path: join(SHOTS, 'guardian-interactions-phone.png'), fullPage: true });

    // The platform asks before showing a post, taking a comment or delivering a message: the answers follow the page.
    const check = async (actorRef: string, relation: string, action: string) => {
      const answer = await api('POST', '/v1/youth/minors/kid-7/interactions/check', { actorRef, relation, action });
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      return (answer.body['decision'] as { outcome: string }).outcome;
    };
    assert.equal(await check('fan', 'follower', 'view_posts'), 'allow');
    assert.equal(await check('pal', 'friend', 'comment'), 'deny');
    assert.equal(await check('someone', 'stranger', 'message'), 'allow');
    assert.equal(await check('stranger_42', 'friend', 'message'), 'deny');

    await Promise.all([page.waitForURL('**/interactions?done=unblocked'), page.click('#blocks button[type=submit]')]);
    assert.equal(await check('stranger_42', 'friend', 'message'), 'allow');
    assert.deepEqual(errors, [], 'no CSP or page errors');
    await context.close();
  });
});
