import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pino } from 'pino';
import { isAppError } from '../../lib/index.js';
import { loadConfig } from '../config.js';
import { natsHealth, openJobQueue } from './open-job-queue.js';

const silent = pino({ level: 'silent' });

test('NATS_URL and NATS_PREFIX: unset means the in-process queue; bad values are named', () => {
  const config = loadConfig({});
  assert.equal(config.natsUrl, undefined);
  assert.equal(config.natsPrefix, 'qinglang');
  assert.equal(
    loadConfig({ NATS_URL: 'nats://10.0.0.5:4222', NATS_PREFIX: 'prod-cn_1' }).natsUrl,
    'nats://10.0.0.5:4222',
  );
  try {
    loadConfig({ NATS_URL: 'http://127.0.0.1:4222', NATS_PREFIX: 'has.dot' });
    assert.fail('bad values were accepted');
  } catch (error) {
    assert.ok(isAppError(error));
    assert.deepEqual(error.details.map((d) => d.path).sort(), ['NATS_PREFIX', 'NATS_URL']);
  }
});

test('without NATS_URL the queue is in-process and ready', async () => {
  const jobs = await openJobQueue({ natsUrl: undefined, natsPrefix: 'qinglang', log: silent, name: 'test' });
  assert.equal(jobs.kind, 'in-process');
  assert.deepEqual(await natsHealth({ jobs }), { name: 'jobs', ok: true, detail: 'in-process queue' });
  await jobs.close();
  assert.equal((await natsHealth({ jobs })).ok, false, 'a closed queue is not ready');
});

test('a NATS that cannot be reached stops start-up naming NATS_URL', async () => {
  await assert.rejects(
    openJobQueue({ natsUrl: 'nats://127.0.0.1:1', natsPrefix: 'qinglang', log: silent, name: 'test' }),
    /^Error: NATS_URL: cannot connect to nats:\/\/127\.0\.0\.1:1/,
  );
});
