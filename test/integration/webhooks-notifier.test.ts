import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { isWebhookAddressAllowed, loadConfig } from '../../src/server/index.js';
import { createWebhookNotifier } from '../../src/server/youth/notifier.js';

/** A receiver on a free port that answers each POST with the next status and keeps what it got; `close()` it. */
async function startReceiver(statuses: number[]) {
  const received: { headers: IncomingHttpHeaders; body: string }[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.statusCode = statuses.shift() ?? 200;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    received,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

test('the webhook notifier POSTs a signed sign-in code and fails loudly on a non-2xx answer', async () => {
  const receiver = await startReceiver([200, 503]);
  const { received } = receiver;
  try {
    const secret = 'a-secret-of-sixteen-or-more';
    const notifier = createWebhookNotifier({
      url: `${receiver.url}/sms`,
      secret,
      timeoutMs: 5000,
      clock: () => Date.parse('2026-03-02T02:00:00Z'),
    });
    const message = { guardianId: 'gdn_x', identifier: '13800138000', code: '123456', expiresAt: 1_772_417_400_000 };
    await notifier.sendSignInCode(message);
    const [first] = received;
    assert.deepEqual(JSON.parse(first!.body), {
      type: 'guardian.sign_in_code',
      to: '13800138000',
      code: '123456',
      expiresAt: new Date(message.expiresAt).toISOString(),
    });
    const timestamp = String(first!.headers['x-qinglang-timestamp']);
    assert.equal(timestamp, String(Date.parse('2026-03-02T02:00:00Z') / 1000));
    const expected = `sha256=${createHmac('sha256', secret).update(`${timestamp}.${first!.body}`).digest('hex')}`;
    assert.equal(first!.headers['x-qinglang-signature'], expected);
    await assert.rejects(notifier.sendSignInCode(message), /HTTP 503/);
  } finally {
    await receiver.close();
  }
});

test('the webhook notifier POSTs a signed alert with its id, the guardian, the alert and a text to send', async () => {
  const receiver = await startReceiver([204, 500]);
  const { received } = receiver;
  try {
    const secret = 'another-secret-of-sixteen';
    const notifier = createWebhookNotifier({
      url: `${receiver.url}/push`,
      secret,
      timeoutMs: 5000,
      clock: () => Date.parse('2026-03-02T02:00:00Z'),
    });
    const message = {
      guardianId: 'gdn_x',
      identifier: '13800138000',
      notificationId: 'ntf_1',
      alertId: 'alr_1',
      minorRef: 'kid-1',
      categories: ['grooming'],
      alertCreatedAt: Date.parse('2026-03-02T01:59:00Z'),
      url: 'https://qinglang.example/guardian/alerts/alr_1',
      text: '【清朗】安全提醒',
    };
    await notifier.sendAlert(message);
    const [first] = received;
    assert.equal(first!.headers['x-qinglang-event'], 'guardian.alert');
    assert.deepEqual(JSON.parse(first!.body), {
      type: 'guardian.alert',
      id: 'ntf_1',
      to: '13800138000',
      guardianId: 'gdn_x',
      alert: {
        id: 'alr_1',
        minorRef: 'kid-1',
        categories: ['grooming'],
        createdAt: '2026-03-02T01:59:00.000Z',
        url: 'https://qinglang.example/guardian/alerts/alr_1',
      },
      text: '【清朗】安全提醒',
    });
    const timestamp = String(first!.headers['x-qinglang-timestamp']);
    const expected = `sha256=${createHmac('sha256', secret).update(`${timestamp}.${first!.body}`).digest('hex')}`;
    assert.equal(first!.headers['x-qinglang-signature'], expected);
    await assert.rejects(notifier.sendAlert(message), /HTTP 500/, 'a refused alert throws, so it is retried');
  } finally {
    await receiver.close();
  }
});

test('SMTP_URL needs an smtp(s) URL and a sender', () => {
  const config = loadConfig({ SMTP_URL: 'smtps://user:pass@mail.example.com', SMTP_FROM: '清朗 <alerts@example.com>' });
  assert.equal(config.smtpUrl, 'smtps://user:pass@mail.example.com');
  assert.equal(config.smtpFrom, '清朗 <alerts@example.com>');
  assert.equal(loadConfig({}).smtpUrl, undefined);
  assert.throws(
    () => loadConfig({ SMTP_URL: 'smtp://mail.example.com' }),
    (error: Error) => error.message.includes('SMTP_FROM'),
  );
  assert.throws(
    () => loadConfig({ SMTP_URL: 'http://mail.example.com', SMTP_FROM: 'a@example.com' }),
    (error: Error) => error.message.includes('SMTP_URL must be'),
  );
  assert.throws(() => loadConfig({ SMTP_URL: 'smtp://mail.example.com', SMTP_FROM: 'not an address' }));
});

test('the notifier needs a secret with its URL, and webhooks refuse private and link-local addresses', () => {
  assert.throws(
    () => loadConfig({ GUARDIAN_NOTIFY_URL: 'https://sms.example.com/send' }),
    (error: Error) => error.message.includes('GUARDIAN_NOTIFY_SECRET'),
  );
  assert.throws(() => loadConfig({ GUARDIAN_NOTIFY_URL: 'ftp://x', GUARDIAN_NOTIFY_SECRET: 'x'.repeat(16) }));
  const config = loadConfig({
    GUARDIAN_NOTIFY_URL: 'https://sms.example.com/send',
    GUARDIAN_NOTIFY_SECRET: 'x'.repeat(16),
  });
  assert.equal(config.guardianNotifyUrl, 'https://sms.example.com/send');
  for (const address of [
    '10.0.0.1',
    '172.16.5.4',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    'fe80::1',
    'fd00::1',
    '::ffff:10.0.0.1',
  ]) {
    assert.equal(isWebhookAddressAllowed(address), false, address);
  }
  for (const address of ['93.184.216.34', '2606:2800:220:1::1']) {
    assert.equal(isWebhookAddressAllowed(address), true, address);
  }
  // Loopback reaches the services beside this one: refused unless the operator opts in (WEBHOOK_ALLOW_LOOPBACK=true).
  for (const address of ['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1']) {
    assert.equal(isWebhookAddressAllowed(address), false, address);
    assert.equal(isWebhookAddressAllowed(address, true), true, address);
  }
  assert.equal(isWebhookAddressAllowed('10.0.0.1', true), false, 'opting in to loopback opens nothing else');
  assert.equal(loadConfig({}).webhookAllowLoopback, false);
  assert.equal(loadConfig({ WEBHOOK_ALLOW_LOOPBACK: 'true' }).webhookAllowLoopback, true);
  assert.throws(() => loadConfig({ WEBHOOK_ALLOW_LOOPBACK: 'yes' }), /WEBHOOK_ALLOW_LOOPBACK/);
});
