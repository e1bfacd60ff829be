import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Visitor, testDatabases } from './console-support.js';
import {
  MONDAY_MORNING,
  callApi,
  startPortalServer,
  type PortalServer,
  guardianWithChild,
} from './guardian-portal-support.js';

const MOM = { identifier: 'time@example.com', displayName: '妈妈', password: 'time left password' };
const HOUR = 3_600_000;

/** What the portal says is left today, in minutes (0 while stopped), and why it is stopped. */
async function portalSays(mom: Visitor, minorId: string): Promise<{ minutes: number; stopped: string | null }> {
  const page = await mom.get(`/guardian/minors/${minorId}`);
  assert.equal(page.status, 200);
  const value = /id="remaining-today"\s*>([^<]+)</.exec(page.body)?.[1] ?? '';
  const minutes = /(\d+) 分钟/.exec(value)?.[1];
  assert.ok(minutes !== undefined, `a number of minutes left: ${value}`);
  return { minutes: Number(minutes), stopped: /id="stopped-by">([^<]+)</.exec(page.body)?.[1] ?? null };
}

for (const database of testDatabases()) {
  describe(
    `the portal's time left is what enforcement answers, on ${database.name}`,
    { skip: typeof database.env === 'string' ? database.env : false },
    () => {
      let server: PortalServer;
      let mom: Visitor;
      let minorId = '';
      let beat = 0;

      /**
       * `minutes` of use through the API, a heartbeat a minute as a device sends them (the clock moves with them); answers
       * enforcement's minutes left after the last one (rounded up, as the policy words them) and its outcome.
       */
      const use = async (minutes: number): Promise<{ minutes: number; outcome: string }> => {
        let last = { minutes: 0, outcome: '' };
        for (let i = 0; i < minutes; i++) {
          server.advance(60_000);
          const answer = await callApi(server.url, 'POST', '/v1/youth/minors/kid-t/heartbeats', {
            body: {
              eventId: `t-${++beat}`,
              deviceId: 'phone-t',
              occurredAt: new Date(server.now()).toISOString(),
              seconds: 60,
            },
            key: server.youthKey,
          });
          assert.equal(answer.status, 200, JSON.stringify(answer.body));
          const decision = answer.body['decision'] as { outcome: string; remainingSeconds?: number };
          const left = decision.outcome === 'allow' ? (decision.remainingSeconds ?? 0) : 0;
          last = { minutes: Math.ceil(left / 60), outcome: decision.outcome };
        }
        return last;
      };

      before(async () => {
        server = await startPortalServer(database);
        ({ guardian: mom, minorId } = await guardianWithChild(server, MOM, 'kid-t'));
      });
      after(() => server?.close());

      test('a daily limit alone', async () => {
        await mom.get(`/guardian/minors/${minorId}/settings`);
        const saved = await mom.post(`/guardian/minors/${minorId}/settings`, { dailyLimitMinutes: '45' });
        assert.equal(saved.status, 303);
        const enforced = await use(4);
        assert.equal(enforced.outcome, 'allow');
        assert.equal(enforced.minutes, 41);
        assert.deepEqual(await portalSays(mom, minorId), { minutes: enforced.minutes, stopped: null });
      });

      test('a Monday limit below the daily one (the reported case: daily 45, Monday 30)', async () => {
        await mom.get(`/guardian/minors/${minorId}/settings`);
        const saved = await mom.post(`/guardian/minors/${minorId}/settings`, {
          dailyLimitMinutes: '45',
          schedule_mon_limit: '30',
        });
        assert.equal(saved.status, 303);
        const enforced = await use(1);
        assert.equal(enforced.minutes, 25, 'five minutes used of Monday’s thirty');
        assert.deepEqual(await portalSays(mom, minorId), { minutes: enforced.minutes, stopped: null });
      });

      test('with fifteen minutes more approved', async () => {
        const asked = await callApi(server.url, 'POST', '/v1/youth/minors/kid-t/requests', {
          body: { kind: 'extra_time', minutes: 15 },
          key: server.youthKey,
        });
        assert.equal(asked.status, 201, JSON.stringify(asked.body));
        await mom.get(`/guardian/minors/${minorId}/requests`);
        const approved = await mom.post(`/guardian/minors/${minorId}/requests/${String(asked.body['id'])}/approve`, {});
        assert.equal(approved.status, 303);
        const enforced = await use(1);
        assert.equal(enforced.minutes, 39, 'six minutes used of Monday’s thirty and fifteen more');
        assert.deepEqual(await portalSays(mom, minorId), { minutes: enforced.minutes, stopped: null });
      });

      test('outside the hours set for the day', async () => {
        await mom.get(`/guardian/minors/${minorId}/settings`);
        const saved = await mom.post(`/guardian/minors/${minorId}/settings`, {
          dailyLimitMinutes: '45',
          schedule_mon_limit: '30',
          schedule_mon_start: '16:00',
          schedule_mon_end: '18:00',
        });
        assert.equal(saved.status, 303);
        const enforced = await use(1);
        assert.equal(enforced.outcome, 'deny');
        assert.deepEqual(await portalSays(mom, minorId), { minutes: 0, stopped: '现在不在你设定的使用时段内。' });
        server.advance(7 * HOUR);
        const inside = await use(1);
        assert.equal(inside.outcome, 'allow');
        assert.deepEqual(await portalSays(mom, minorId), { minutes: inside.minutes, stopped: null });
      });

      test('while locked no time is left', async () => {
        await mom.get(`/guardian/minors/${minorId}`);
        assert.equal((await mom.post(`/guardian/minors/${minorId}/lock`, {})).status, 303);
        const enforced = await use(1);
        assert.equal(enforced.outcome, 'deny');
        assert.equal((await portalSays(mom, minorId)).minutes, 0);
        assert.equal((await mom.post(`/guardian/minors/${minorId}/unlock`, {})).status, 303);
      });

      test('once the day’s time is used up', async () => {
        let enforced = await use(1);
        for (let i = 0; i < 60 && enforced.outcome === 'allow'; i++) {
          assert.deepEqual(await portalSays(mom, minorId), { minutes: enforced.minutes, stopped: null });
          enforced = await use(1);
        }
        assert.equal(enforced.outcome, 'deny');
        assert.deepEqual(await portalSays(mom, minorId), { minutes: 0, stopped: '今天的时间已用完。' });
      });

      test('in the curfew', async () => {
        // Monday evening in Beijing, 23:00: inside the 22:00–06:00 curfew.
        server.advance(MONDAY_MORNING + 13 * HOUR - server.now());
        const enforced = await use(1);
        assert.equal(enforced.outcome, 'deny');
        assert.deepEqual(await portalSays(mom, minorId), { minutes: 0, stopped: '现在是宵禁时间，不能使用。' });
      });
    },
  );
}
