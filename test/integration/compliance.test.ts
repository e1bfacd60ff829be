import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import {
  computeComplianceFigures,
  createConsoleUser,
  createWebhook,
  grantConsent,
  listCaseQueue,
  listGuardianAlerts,
  openIncident,
  updateIncident,
  type ComplianceFigures,
} from '../../src/store/index.js';
import { renderComplianceHtml } from '../../src/server/index.js';
import { isAppError } from '../../src/lib/index.js';
import { Visitor, testDatabases } from './console-support.js';
import {
  callApi,
  guardianWithChild,
  heartbeat,
  startPortalServer,
  type PortalServer,
} from './guardian-portal-support.js';

const MOM = { identifier: 'compliance-mom@example.com', displayName: '妈妈', password: 'compliance portal password' };
const OFFICER = { username: 'officer', password: 'compliance officer password', role: 'compliance' } as const;
const MODERATOR = { username: 'mod', password: 'moderator password here', role: 'moderator' } as const;
const HOUR = 3_600_000;

/** What the API is asked, each with who wrote it and at whom it is aimed. */
const TEXTS = [
  { text: '我家住在阳光小区3栋2单元501，周末来玩', userRef: 'kid-a' },
  { text: '她家在幸福家园12号楼1单元302，放学堵她', userRef: 'bully', targetRef: 'kid-a' },
  { text: '今天天气真好，我们去公园玩吧', userRef: 'kid-a' },
  { text: '客服热线400-820-8820，工作日9点到18点', userRef: 'shop' },
  { text: '想赌博的私聊我', userRef: 'stranger', targetRef: 'kid-a' },
] as const;

function codeOf(error: unknown): string {
  return isAppError(error) ? error.code : `not an AppError: ${String(error)}`;
}

async function signIn(server: PortalServer, user: { username: string; password: string }): Promise<Visitor> {
  const visitor = new Visitor(server.url);
  await visitor.get('/console/sign-in');
  const answer = await visitor.post('/console/sign-in', { username: user.username, password: user.password });
  assert.equal(answer.status, 303, `sign-in of ${user.username}: ${answer.status}`);
  return visitor;
}

/** The number a `data-figure` cell of the HTML report shows. */
function figureIn(html: string, name: string): string {
  const found = new RegExp(`data-figure="${name.replace(/[.]/g, '\\.')}">([^<]*)<`).exec(html);
  assert.ok(found, `figure ${name} is in the report`);
  return found[1]!;
}

for (const database of testDatabases()) {
  describe(`compliance on ${database.name}`, { skip: typeof database.env === 'string' ? database.env : false }, () => {
    let server: PortalServer;
    let mom: Visitor;
    const verdicts: Record<string, unknown>[] = [];

    before(async () => {
      server = await startPortalServer(database);
      ({ guardian: mom } = await guardianWithChild(server, MOM, 'kid-a'));
      const now = server.now();
      await createConsoleUser(server.server.deps.store.db, OFFICER, now);
      await createConsoleUser(server.server.deps.store.db, MODERATOR, now);
      await createWebhook(
        server.server.deps.store.db,
        {
          tenantId: 'acme',
          url: 'https://hooks.example.com/incidents',
          eventTypes: ['incident.opened', 'incident.updated'],
        },
        now,
      );
    });
    after(() => server?.close());

    test("a child's own address is held with a masked text and a gentle alert; someone else's aimed at the child opens a case", async () => {
      for (const item of TEXTS) {
        server.advance(60_000);
        const answer = await callApi(server.url, 'POST', '/v1/moderate', {
          body: { ...item, ageBand: 'age_12_16', surface: 'comment' },
          key: server.youthKey,
        });
        assert.equal(answer.status, 200, JSON.stringify(answer.body));
        verdicts.push(answer.body);
      }
      const own = verdicts[0]!;
      assert.equal(own['action'], 'review');
      assert.equal(own['masked'], '我家住在＊＊＊＊＊＊＊＊＊＊＊＊，周末来玩');
      assert.equal(verdicts[2]!['masked'], undefined);
      assert.equal(verdicts[3]!['flagged'], false, 'a hotline is not personal information');

      const db = server.server.deps.store.db;
      const guardianId = (await db.selectFrom('guardians').select('id').executeTakeFirstOrThrow()).id;
      const alerts = await listGuardianAlerts(db, { guardianId });
      assert.ok(alerts.some((a) => a.categories.length === 1 && a.categories[0] === 'personal_info'));
      const page = await mom.get('/guardian/alerts');
      assert.match(page.body, /平台已先替孩子遮挡或暂缓发布/, 'the gentle advice, not the danger one');

      const cases = await listCaseQueue(db, { tenantId: 'acme', now: server.now() });
      const doxxing = cases.filter((c) => c.category === 'personal_info');
      assert.equal(doxxing.length, 1, 'one case for the address aimed at the child, none for her own');
    });

    test('incidents carry the legal deadlines, refuse bad input with codes, and tell the platform', async () => {
      const db = server.server.deps.store.db;
      const now = server.now();
      await assert.rejects(
        openIncident(
          db,
          'acme',
          { title: '', kind: 'spill', grade: 'huge', minorsAffected: -1, discoveredAt: now + HOUR },
          'cli',
          now,
        ),
        (e) => codeOf(e) === 'validation_failed' && isAppError(e) && e.details.length === 5,
      );
      const incident = await openIncident(
        db,
        'acme',
        {
          title: '导出文件误发',
          kind: 'leak',
          grade: 'large',
          minorsAffected: 12,
          piKinds: ['生日', '手机号'],
          discoveredAt: now - 5 * HOUR,
        },
        'user:officer',
        now,
      );
      const report = incident.steps.find((s) => s.step === 'report_regulator');
      assert.equal(report?.dueAt, now - HOUR, 'a 较大 incident of an ordinary operator: 4 hours after discovery');
      assert.equal(incident.steps.find((s) => s.step === 'contain')?.dueAt, null);
      const updated = await updateIncident(
        db,
        'acme',
        incident.id,
        { done: [{ step: 'contain', note: '已撤回文件' }] },
        'user:officer',
        now,
      );
      assert.equal(updated.steps.find((s) => s.step === 'contain')?.note, '已撤回文件');
      const closed = await updateIncident(db, 'acme', incident.id, { status: 'closed' }, 'user:officer', now);
      assert.equal(closed.closedAt, now);
      await assert.rejects(
        updateIncident(db, 'acme', incident.id, { grade: 'major' }, 'x', now),
        (e) => codeOf(e) === 'conflict',
      );
      await assert.rejects(updateIncident(db, 'acme', 'inc_none', {}, 'x', now), (e) => codeOf(e) === 'not_found');
      const events = await db
        .selectFrom('webhookDeliveries')
        .select('eventType')
        .where('tenantId', '=', 'acme')
        .execute();
      assert.deepEqual(events.map((e) => e.eventType).sort(), [
        'incident.opened',
        'incident.updated',
        'incident.updated',
      ]);
    });

    test('the annual report counts what the store holds, and the HTML shows those figures', async () => {
      const db = server.server.deps.store.db;
      await heartbeat(server, 'kid-a', 'hb-1', 120);
      const minorId = (await db.selectFrom('youthMinors').select('id').executeTakeFirstOrThrow()).id;
      const guardianId = (await db.selectFrom('guardians').select('id').executeTakeFirstOrThrow()).id;
      await grantConsent(db, { minorId, purpose: 'text_retention', guardianId }, server.now());
      const f: ComplianceFigures = await computeComplianceFigures(db, {
        tenantId: 'acme',
        year: 2026,
        now: server.now(),
      });
      const flagged = verdicts.filter((v) => v['flagged'] === true).length;
      assert.equal(f.intercepted.moderated, TEXTS.length);
      assert.equal(f.intercepted.flagged, flagged);
      assert.equal(f.intercepted.byCategory['personal_info'], 2);
      assert.equal(f.youth.registered, 1);
      assert.equal(f.youth.activeMinors, 1);
      assert.equal(f.guardians.guardians, 1);
      const alerts = await db.selectFrom('guardianAlerts').select('id').where('tenantId', '=', 'acme').execute();
      assert.equal(f.guardians.alerts, alerts.length);
      const reports = await db.selectFrom('reports').select('id').where('tenantId', '=', 'acme').execute();
      assert.equal(f.reports.received, reports.length);
      assert.equal(f.incidents.total, 1);
      assert.equal(f.incidents.minorsAffected, 12);
      assert.equal(f.incidents.stepsOverdue, 1, 'the regulator was not told within 4 hours');
      assert.equal(f.privacy.consents.find((c) => c.purpose === 'text_retention')?.granted, 1);
      assert.ok(f.privacy.register.length > 0);
      const other = await computeComplianceFigures(db, { tenantId: 'acme', year: 2025, now: server.now() });
      assert.equal(other.intercepted.moderated, 0, 'another year counts nothing of this one');
      await assert.rejects(
        computeComplianceFigures(db, { tenantId: 'acme', year: 1999, now: server.now() }),
        (e) => codeOf(e) === 'validation_failed',
      );

      const html = renderComplianceHtml(f);
      assert.equal(figureIn(html, 'intercepted.moderated'), String(TEXTS.length));
      assert.equal(figureIn(html, 'intercepted.flagged'), String(flagged));
      assert.equal(figureIn(html, 'intercepted-category.personal_info'), '2');
      assert.equal(figureIn(html, 'youth.registered'), '1');
      assert.equal(figureIn(html, 'guardians.alerts'), String(alerts.length));
      assert.equal(figureIn(html, 'reports.received'), String(reports.length));
      assert.equal(figureIn(html, 'incidents.overdue'), '1');
      assert.equal(figureIn(html, 'consents.text_retention.granted'), '1');
      assert.match(html, /2025-12-31 16:00|2026-01-01 00:00/);
    });

    test('a compliance user downloads the report from the console; a moderator may not', async () => {
      const officer = await signIn(server, OFFICER);
      const page = await officer.get('/console/compliance?tenant=acme&year=2026');
      assert.equal(page.status, 200);
      assert.match(page.body, /id="cr-pdf"/);
      const json = await officer.get('/console/compliance/report?tenant=acme&year=2026&format=json');
      assert.equal(json.status, 200);
      assert.match(
        json.headers.get('content-disposition') ?? '',
        /attachment; filename="qinglang-compliance-acme-2026\.json"/,
      );
      const figures = JSON.parse(json.body) as { intercepted: { moderated: number } };
      assert.equal(figures.intercepted.moderated, TEXTS.length);
      const html = await officer.get('/console/compliance/report?tenant=acme&year=2026&format=html');
      assert.equal(figureIn(html.body, 'intercepted.moderated'), String(TEXTS.length));
      if (existsSync('/usr/bin/chromium')) {
        const pdf = await fetch(`${server.url}/console/compliance/report?tenant=acme&year=2026&format=pdf`, {
          headers: { cookie: [...officer.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
        });
        assert.equal(pdf.headers.get('content-type'), 'application/pdf');
        assert.equal(
          Buffer.from(await pdf.arrayBuffer())
            .subarray(0, 5)
            .toString(),
          '%PDF-',
        );
      }
      const moderator = await signIn(server, MODERATOR);
      assert.equal((await moderator.get('/console/compliance')).status, 403);
      assert.equal((await moderator.get('/console/compliance/report?tenant=acme&year=2026&format=json')).status, 403);
    });

    test('a compliance user records an incident and marks a step done in the console', async () => {
      const officer = await signIn(server, OFFICER);
      await officer.get('/console/incidents?tenant=acme');
      const bad = await officer.post('/console/incidents?tenant=acme', {
        title: '',
        kind: 'leak',
        grade: 'general',
        route: 'other',
        minorsAffected: 'x',
        discoveredAt: '2026-03-02T09:00',
        piKinds: '',
        description: '',
      });
      assert.equal(bad.status, 400);
      const opened = await officer.post('/console/incidents?tenant=acme', {
        title: '数据库备份外泄',
        kind: 'leak',
        grade: 'major',
        route: 'other',
        minorsAffected: '3',
        discoveredAt: '2026-03-02T09:00',
        piKinds: '出生日期，手机号',
        description: '备份文件被公开访问',
      });
      assert.equal(opened.status, 303, opened.body);
      const detail = await officer.get(opened.location ?? '');
      assert.match(detail.body, /数据库备份外泄/);
      assert.match(detail.body, /data-step="report_regulator"[\s\S]*?2026-03-02 13:00/);
      const path = new URL(opened.location ?? '', server.url).pathname;
      const done = await officer.post(`${path}/steps?tenant=acme`, { step: 'contain', note: '已关闭公开链接' });
      assert.equal(done.status, 303);
      assert.match((await officer.get(done.location ?? '')).body, /已关闭公开链接/);
    });
  });
}
