import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  countConversationMessages,
  getCase,
  listCaseQueue,
  listGuardianAlerts,
  purgeConversations,
  recordConversationMessage,
  updateTenantSettings,
} from '../../src/store/index.js';
import { ADMIN, type TestServer, type Visitor, setUpAdmin, signedIn, testDatabases } from './console-support.js';
import { callApi, guardianWithChild, startPortalServer, type PortalServer } from './guardian-portal-support.js';

const MOM = {
  identifier: 'conversation-mom@example.com',
  displayName: '妈妈',
  password: 'conversation portal password',
};

/** A groomer's messages to a registered child, each harmless alone: the conversation is what gives them away. */
const GROOMING = [
  '你好呀，你玩得真好',
  '我送你一个限定皮肤要不要',
  '你今年几岁了，读几年级',
  '你爸妈平时几点下班',
  '加我扣扣聊吧，这里不方便，别告诉你爸妈',
  '开个摄像头让我看看你',
];

type Json = Record<string, unknown>;

for (const database of testDatabases()) {
  describe(
    `conversation risk on ${database.name}`,
    { skip: typeof database.env === 'string' ? database.env : false },
    () => {
      let server: PortalServer;
      let mom: Visitor;
      const post = (ref: string, body: Json) =>
        callApi(server.url, 'POST', `/v1/conversations/${ref}/messages`, { body, key: server.youthKey });

      before(async () => {
        server = await startPortalServer(database);
        ({ guardian: mom } = await guardianWithChild(server, MOM, 'kid-c'));
        await updateTenantSettings(server.server.deps.store.db, 'acme', { storeText: true });
      });
      after(() => server?.close());

      test('a grooming conversation reaches high, alerts the bound guardian once and opens a critical case with its evidence', async () => {
        let last: Json = {};
        const levels: string[] = [];
        for (const text of GROOMING) {
          server.advance(90_000);
          const res = await post('dm-1', {
            sender: { ref: 'stranger-9', age: 34, knownForDays: 0 },
            receivers: [{ ref: 'kid-c' }],
            text,
          });
          assert.equal(res.status, 200, JSON.stringify(res.body));
          last = res.body;
          levels.push((res.body['risk'] as Json)['peakLevel'] as string);
        }
        assert.equal(levels[0], 'none', 'a greeting is not a risk');
        assert.ok(
          levels.indexOf('high') === -1 || levels.indexOf('high') >= 4,
          `not high before isolation: ${levels.join(' ')}`,
        );
        const risk = last['risk'] as Json;
        assert.equal(risk['peakLevel'], 'critical');
        assert.deepEqual(risk['kinds'], ['grooming']);
        assert.equal(risk['target'], 'kid-c', 'the registered minor is the one at risk, its age taken from youth mode');
        assert.deepEqual(risk['offenders'], ['stranger-9']);
        const evidence = risk['evidence'] as { message: number; start: number; end: number; signal: string }[];
        const secrecy = evidence.find((e) => e.signal === 'grooming.secrecy');
        assert.ok(secrecy, JSON.stringify(evidence));
        assert.equal(GROOMING[secrecy.message]!.slice(secrecy.start, secrecy.end), '别告诉你爸妈');

        const db = server.server.deps.store.db;
        const [guardianId] = (await db.selectFrom('guardianBindings').select('guardianId').execute()).map(
          (r) => r.guardianId,
        );
        const alerts = await listGuardianAlerts(db, { guardianId: guardianId! });
        assert.equal(alerts.length, 1, 'high then critical alerts the guardian once, not on every message');
        assert.deepEqual(alerts[0]?.categories, ['grooming']);
        const page = await mom.get('/guardian/alerts');
        assert.match(page.body, /href="\/guardian\/alerts\/alr_/);

        const queue = await listCaseQueue(db, { tenantId: 'acme', now: server.now() });
        assert.equal(queue.length, 1, 'the critical escalation joins the case the high one opened');
        assert.equal(queue[0]?.priority, 'critical');
        assert.equal(last['caseId'], queue[0]?.id);
        const detail = await getCase(db, 'acme', queue[0].id, server.now());
        const lines = detail?.reports.flatMap((r) => (r.subject.kind === 'conversation' ? r.subject.messages : []));
        assert.ok(
          lines?.some((m) => m.text === GROOMING[4]),
          'the evidence lines are in the case',
        );
      });

      test('GET answers the risk with its tracks and evidence; an unknown conversation is not_found', async () => {
        const res = await callApi(server.url, 'GET', '/v1/conversations/dm-1', { key: server.youthKey });
        assert.equal(res.status, 200);
        assert.equal(res.body['messageCount'], GROOMING.length);
        const tracks = (res.body['risk'] as Json)['tracks'] as { kind: string; stages: { stage: string }[] }[];
        assert.deepEqual(tracks[0]?.stages.map((s) => s.stage).sort(), [
          'images',
          'isolation',
          'probing',
          'rapport',
          'secrecy',
        ]);
        const missing = await callApi(server.url, 'GET', '/v1/conversations/nothing-here', { key: server.youthKey });
        assert.equal(missing.status, 404);
        assert.equal((missing.body['error'] as Json)['code'], 'not_found');
      });

      test('the console shows the conversation with its stages as a timeline and the evidence marked, linked from the case', async () => {
        const consoleServer = { url: server.url, setupUrl: server.server.setupUrl ?? '' } as TestServer;
        await setUpAdmin(consoleServer);
        const admin = await signedIn(consoleServer, ADMIN);
        const list = await admin.get('/console/conversations');
        assert.equal(list.status, 200);
        assert.match(list.body, /href="\/console\/conversations\/acme\/dm-1"/);
        assert.match(list.body, /data-level="critical">紧急</);
        const page = await admin.get('/console/conversations/acme/dm-1');
        assert.equal(page.status, 200);
        const grooming = /data-kind="grooming"[\s\S]*?<\/ol>/.exec(page.body)?.[0] ?? '';
        const stages = [...grooming.matchAll(/<li data-stage="(\w+)"/g)].map((m) => m[1]);
        assert.deepEqual(
          stages,
          ['rapport', 'probing', 'isolation', 'secrecy', 'images'],
          'in the order they appeared',
        );
        assert.match(page.body, /<mark\s+class="hit high"\s+title="[^"]*要求保密[^"]*"\s*>别告诉你爸妈<\/mark/);
        assert.match(page.body, /id="conversation-case" href="\/console\/review\/cases\/[a-z0-9]+"/);
        const caseId = /href="\/console\/review\/cases\/([a-z0-9]+)"/.exec(page.body)?.[1] ?? '';
        const casePage = await admin.get(`/console/review/cases/${caseId}`);
        assert.match(casePage.body, /class="conversation-link"\s+href="\/console\/conversations\/acme\/dm-1"/);
        const english = await admin.get('/console/conversations/acme/dm-1?lang=en');
        assert.match(english.body, /Timeline of stages/);
        assert.equal((await admin.get('/console/conversations/acme/nothing')).status, 404);
      });

      test('a sender who approached several children in other conversations is judged sooner in the next one', async () => {
        const approach = async (conversation: string, child: string) => {
          let peak = '';
          for (const text of ['你今年几岁了', '加我微信聊吧']) {
            server.advance(60_000);
            const res = await post(conversation, {
              sender: { ref: 'collector', age: 40 },
              receivers: [{ ref: child, age: 11 }],
              text,
            });
            assert.equal(res.status, 200, JSON.stringify(res.body));
            peak = (res.body['risk'] as Json)['peakLevel'] as string;
          }
          return peak;
        };
        assert.equal(await approach('c-1', 'child-1'), 'medium', 'two weak stages towards one child: medium');
        await approach('c-2', 'child-2');
        await approach('c-3', 'child-3');
        assert.equal(await approach('c-4', 'child-4'), 'high', 'the same two stages from a sender with a record: high');
        const other = await callApi(server.url, 'POST', '/v1/conversations/c-5/messages', {
          body: {
            sender: { ref: 'someone-else', age: 40 },
            receivers: [{ ref: 'child-5', age: 11 }],
            text: '你今年几岁了',
          },
          key: server.youthKey,
        });
        assert.equal(
          ((other.body['risk'] as Json)['peakLevel'] as string) === 'high',
          false,
          'the record is the sender’s',
        );
      });

      test('a mother who picks her child up and plans a surprise raises nothing', async () => {
        for (const text of [
          '到家了吗',
          '明天放学我去学校门口接你',
          '下周你爸生日，别告诉爸爸，给他个惊喜',
          '作业写完拍照发给我',
        ]) {
          server.advance(60_000);
          const res = await post('family-1', {
            sender: { ref: 'mom-1', age: 41, role: 'guardian' },
            receivers: [{ ref: 'kid-c' }],
            text,
          });
          assert.equal(res.status, 200);
          assert.equal((res.body['risk'] as Json)['flagged'], false, text);
        }
      });

      test('bad input is a validation_failed with the path of every problem', async () => {
        const res = await post('dm-2', { sender: { ref: '' }, receivers: [{ ref: 'x', age: -1 }], text: 5 });
        assert.equal(res.status, 400);
        const error = res.body['error'] as { code: string; details: { path: string }[] };
        assert.equal(error.code, 'validation_failed');
        assert.deepEqual(error.details.map((d) => d.path).sort(), ['receivers.0.age', 'sender.ref', 'text']);
        const self = await post('dm-2', { sender: { ref: 'a' }, receivers: [{ ref: 'a' }], text: 'hi' });
        assert.equal(self.status, 400);
        assert.equal((self.body['error'] as { details: { path: string }[] }).details[0]?.path, 'receivers[0].ref');
        const unauthenticated = await callApi(server.url, 'GET', '/v1/conversations/dm-1');
        assert.equal(unauthenticated.status, 401);
      });

      test('a conversation keeps its latest messages only, and is purged with the retention', async () => {
        const db = server.server.deps.store.db;
        const verdict = { action: 'allow', flagged: false, categories: [], matches: [] } as const;
        for (let i = 0; i < 205; i++) {
          await recordConversationMessage(
            db,
            {
              tenantId: 'acme',
              conversationRef: 'long-1',
              requestId: `r${i}`,
              sender: { ref: i % 2 === 0 ? 'a' : 'b', age: 14 },
              text: `第${i}条`,
              sentAt: server.now() + i * 1000,
              verdict,
              storeText: false,
            },
            server.now(),
          );
        }
        assert.equal(await countConversationMessages(db, 'acme', 'long-1'), 200);
        const purged = await purgeConversations(db, {
          now: server.now() + 400 * 86_400_000,
          defaultRetentionDays: 180,
        });
        assert.ok(purged >= 3, `purged ${purged}`);
        assert.equal(await countConversationMessages(db, 'acme', 'long-1'), 0);
        const gone = await callApi(server.url, 'GET', '/v1/conversations/dm-1', { key: server.youthKey });
        assert.equal(gone.status, 404);
      });
    },
  );
}
