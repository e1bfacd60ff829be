import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { MESSAGE_KEYS } from '../../src/server/web/index.js';
import { ADMIN, Visitor, testDatabases } from './console-support.js';
import {
  callApi,
  guardianAccount,
  heartbeat,
  minorWithCode,
  portalSignedIn,
  startPortalServer,
  type PortalServer,
} from './guardian-portal-support.js';

const MOM = { identifier: 'mom@example.com', displayName: '妈妈', password: 'mom portal password' };
const KEYS = new Set<string>(MESSAGE_KEYS);

// Words a Chinese page may show as they are: the language switch, product and standard names, units.
const KEPT = new Set([
  'English',
  'API',
  'QQ',
  'URL',
  'http',
  'https',
  'UTC',
  'CNY',
  'JSON',
  'p50',
  'p90',
  'Qinglang',
  'PDF',
]);

/** The text a person reads on a page (and in the attributes read out to them), without markup, script or identifiers. */
function visibleText(body: string): string {
  return (
    body
      .replace(/<(script|style)\b[\s\S]*?<\/\1>/g, ' ')
      // The window title names the record it shows (a case by its code); the page itself shows that code as code.
      .replace(/<title>([^<]*)<\/title>/g, (_, title: string) => ` ${title.replace(/\b[a-z0-9]{12}\b/g, ' ')} `)
      // Identifiers (ids, codes, tokens) are shown in <code> on purpose, and the language switch names the other language.
      .replace(/<code\b[\s\S]*?<\/code>/g, ' ')
      // A case's evidence is the record as it was kept (a snapshot of the message), shown preformatted as data.
      .replace(/<pre\b[\s\S]*?<\/pre>/g, ' ')
      .replace(/<a [^>]*lang="en"[^>]*>[^<]*<\/a>/g, ' ')
      .replace(/<[^>]*\b(?:aria-label|title|placeholder|alt)="([^"]*)"[^>]*>/g, ' $1 ')
      .replace(/<[^>]+>/g, ' ')
      .replace(/&[a-z#0-9]+;/g, ' ')
  );
}

/** What is wrong with one page: a message key or an unfilled placeholder in any language, English words in Chinese. */
function problemsOf(body: string, lang: 'zh' | 'en', data: readonly string[]): string[] {
  let text = visibleText(body);
  for (const value of data) text = text.split(value).join(' ');
  const problems: string[] = [];
  for (const word of text.match(/\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b/g) ?? []) {
    if (KEYS.has(word)) problems.push(`message key ${word}`);
  }
  for (const placeholder of text.match(/\{[a-zA-Z]+\}/g) ?? []) problems.push(`unfilled ${placeholder}`);
  if (lang === 'zh') {
    for (const word of text.replace(/\{[a-zA-Z]+\}/g, ' ').match(/[A-Za-z][A-Za-z._-]*[A-Za-z]/g) ?? []) {
      if (!KEPT.has(word)) problems.push(`English "${word}"`);
    }
  }
  return problems;
}

for (const database of testDatabases()) {
  describe(
    `every page in both languages on ${database.name}`,
    { skip: typeof database.env === 'string' ? database.env : false },
    () => {
      let server: PortalServer;
      let admin: Visitor;
      let mom: Visitor;
      let minorId = '';
      let trackingCode = '';
      let alertId = '';
      let caseId = '';
      let incidentId = '';
      // Values the test typed, which a page shows as given.
      const data = [ADMIN.username, 'acme', 'portal tests', 'kid-1', 'stranger_1', 'phone-1', MOM.identifier];

      before(async () => {
        server = await startPortalServer(database);
        const consoleServer = server.server as unknown as { setupUrl: string };
        const setup = new Visitor(server.url);
        await setup.get(consoleServer.setupUrl.slice(server.url.length));
        const token = new URL(consoleServer.setupUrl).searchParams.get('token') ?? '';
        assert.equal((await setup.post('/console/setup', { token, ...ADMIN, password2: ADMIN.password })).status, 303);
        admin = new Visitor(server.url);
        await admin.get('/console/sign-in');
        assert.equal((await admin.post('/console/sign-in', ADMIN)).status, 303);

        await guardianAccount(server, MOM);
        mom = await portalSignedIn(server, MOM);
        const { code } = await minorWithCode(server, 'kid-1');
        await mom.get('/guardian/bind');
        const bound = await mom.post('/guardian/bind', { code });
        minorId = /\/guardian\/minors\/([^/?]+)/.exec(bound.location ?? '')?.[1] ?? '';
        assert.notEqual(minorId, '', `bound: ${bound.status} ${bound.location}`);
        await mom.get(`/guardian/minors/${minorId}/settings`);
        await mom.post(`/guardian/minors/${minorId}/settings`, { dailyLimitMinutes: '45' });
        await heartbeat(server, 'kid-1', 'beat-1', 60);
        await callApi(server.url, 'POST', '/v1/youth/minors/kid-1/requests', {
          body: { kind: 'extra_time', minutes: 15, note: '作业没写完' },
          key: server.youthKey,
        });

        await callApi(server.url, 'POST', '/v1/moderate', {
          body: { text: '加我微信 abc12345，别告诉你爸妈', surface: 'chat', targetRef: 'kid-1', userRef: 'stranger_1' },
          key: server.youthKey,
        });
        alertId = /href="\/guardian\/alerts\/(alr_[^"]+)"/.exec((await mom.get('/guardian/alerts')).body)?.[1] ?? '';
        assert.notEqual(alertId, '', 'an alert was raised');

        await callApi(server.url, 'POST', '/v1/youth/minors/kid-1/purchases', {
          body: { idempotencyKey: 'p-1', amountFen: 3000, kind: 'game_topup' },
          key: server.youthKey,
        });

        const reporter = new Visitor(server.url);
        await reporter.get('/report');
        const filed = await reporter.post('/report', {
          reporterKind: 'minor',
          category: 'grooming',
          description: '有人让我发照片',
        });
        trackingCode = decodeURIComponent(/\/report\/status\/([^?]+)/.exec(filed.location ?? '')?.[1] ?? '');
        caseId = /href="\/console\/review\/cases\/([^"?]+)"/.exec((await admin.get('/console/review')).body)?.[1] ?? '';
        assert.notEqual(caseId, '', 'the report opened a case');
        await admin.get('/console/incidents?tenant=acme');
        const opened = await admin.post('/console/incidents?tenant=acme', {
          title: '误发邮件',
          kind: 'leak',
          grade: 'general',
          route: 'other',
          minorsAffected: '3',
          piKinds: '',
          discoveredAt: '2026-03-02T09:00',
          description: '一封提醒邮件发给了别的家长',
        });
        incidentId = /\/console\/incidents\/([^?"]+)/.exec(opened.location ?? '')?.[1] ?? '';
        assert.notEqual(incidentId, '', `incident: ${opened.status} ${opened.location}`);
      });
      after(() => server?.close());

      const pages = (): readonly { readonly who: () => Visitor; readonly path: string }[] => [
        { who: () => new Visitor(server.url), path: '/console/sign-in' },
        { who: () => admin, path: '/console/playground' },
        { who: () => admin, path: '/console/lexicon' },
        { who: () => admin, path: '/console/keys' },
        { who: () => admin, path: '/console/tenants' },
        { who: () => admin, path: '/console/logs' },
        { who: () => admin, path: '/console/users' },
        { who: () => admin, path: '/console/review' },
        { who: () => admin, path: '/console/stats' },
        { who: () => admin, path: '/console/conversations' },
        { who: () => admin, path: '/console/pool' },
        { who: () => admin, path: '/console/pool-coverage' },
        { who: () => admin, path: '/console/notifications' },
        { who: () => admin, path: `/console/review/cases/${caseId}` },
        { who: () => admin, path: '/console/privacy' },
        { who: () => admin, path: '/console/access-log' },
        { who: () => admin, path: '/console/privacy-minors' },
        { who: () => admin, path: '/console/compliance' },
        { who: () => admin, path: '/console/compliance?tenant=acme' },
        { who: () => admin, path: '/console/incidents?tenant=acme' },
        { who: () => admin, path: `/console/incidents/${incidentId}?tenant=acme` },
        { who: () => admin, path: '/console/sweeps' },
        { who: () => admin, path: '/console/no-such-page' },
        { who: () => new Visitor(server.url), path: '/guardian/sign-in' },
        { who: () => new Visitor(server.url), path: '/guardian/sign-in/code' },
        { who: () => new Visitor(server.url), path: '/guardian/sign-up' },
        { who: () => mom, path: '/guardian/minors' },
        { who: () => mom, path: '/guardian/bind' },
        { who: () => mom, path: '/guardian/alerts' },
        { who: () => mom, path: `/guardian/alerts/${alertId}` },
        { who: () => mom, path: '/guardian/notifications' },
        { who: () => mom, path: `/guardian/minors/${minorId}` },
        { who: () => mom, path: `/guardian/minors/${minorId}/settings` },
        { who: () => mom, path: `/guardian/minors/${minorId}/interactions` },
        { who: () => mom, path: `/guardian/minors/${minorId}/requests` },
        { who: () => mom, path: `/guardian/minors/${minorId}/report` },
        { who: () => mom, path: `/guardian/minors/${minorId}/history` },
        { who: () => mom, path: `/guardian/minors/${minorId}/purchases` },
        { who: () => mom, path: `/guardian/minors/${minorId}/privacy` },
        { who: () => mom, path: `/guardian/minors/${minorId}/privacy/export` },
        { who: () => new Visitor(server.url), path: '/report' },
        { who: () => new Visitor(server.url), path: '/report?for=minor' },
        { who: () => new Visitor(server.url), path: `/report/status/${encodeURIComponent(trackingCode)}?new=1` },
        { who: () => new Visitor(server.url), path: '/report/status/NO-SUCH-CODE' },
      ];

      for (const lang of ['zh', 'en'] as const) {
        test(`in ${lang === 'zh' ? 'Chinese' : 'English'} no page shows a message key, a placeholder${lang === 'zh' ? ' or English words' : ''}`, async () => {
          const found: string[] = [];
          for (const page of pages()) {
            const path = `${page.path}${page.path.includes('?') ? '&' : '?'}lang=${lang}`;
            const answer = await page.who().get(path);
            assert.ok(answer.status < 500, `${path} answered ${answer.status}`);
            assert.ok(answer.status !== 303, `${path} redirected to ${answer.location}`);
            for (const problem of problemsOf(answer.body, lang, data)) found.push(`${page.path}: ${problem}`);
          }
          assert.deepEqual([...new Set(found)], []);
        });
      }

      test('a POST’s answer switches language to a page that answers GET, never to the POST-only path', async () => {
        const posts: readonly {
          readonly who: () => Visitor;
          readonly path: string;
          readonly fields: Record<string, string>;
        }[] = [
          { who: () => mom, path: `/guardian/minors/${minorId}/blocks`, fields: { userRef: 'a b' } },
          { who: () => mom, path: `/guardian/minors/${minorId}/settings`, fields: { dailyLimitMinutes: '-5' } },
          { who: () => mom, path: '/guardian/notifications/ntf_none/retry', fields: {} },
          { who: () => mom, path: `/guardian/alerts/${alertId}/report`, fields: { _csrf: 'wrong' } },
          { who: () => new Visitor(server.url), path: '/console/sign-in', fields: { username: 'x', password: 'y' } },
          { who: () => new Visitor(server.url), path: '/report', fields: { category: 'nonsense' } },
        ];
        const expected = [
          `/guardian/minors/${minorId}`,
          `/guardian/minors/${minorId}/settings`,
          '/guardian/notifications',
          `/guardian/alerts/${alertId}`,
          '/console/sign-in',
          '/report',
        ];
        const found: string[] = [];
        for (const post of posts) {
          const visitor = post.who();
          await visitor.get(post.path.startsWith('/guardian') ? '/guardian/minors' : post.path);
          const answer = await visitor.post(post.path, post.fields);
          assert.ok(answer.status >= 400 && answer.status < 500, `${post.path} answered ${answer.status}`);
          const href = /<a href="([^"]+)" lang="(?:en|zh-CN)">/.exec(answer.body)?.[1]?.replace(/&amp;/g, '&') ?? '';
          found.push(href.replace(/\?lang=(en|zh)$/, ''));
          const shown = await visitor.get(href);
          assert.equal(shown.status, 200, `${href} → ${shown.status} ${shown.location}`);
        }
        assert.deepEqual(found, expected);
      });

      test('the checker finds what it is for', () => {
        assert.deepEqual(problemsOf('<p>保存 {count} 条</p>', 'zh', []), ['unfilled {count}']);
        assert.deepEqual(problemsOf('<p>key_revoked_done</p>', 'en', []), ['message key key_revoked_done']);
        assert.deepEqual(problemsOf('<p>a variant switch is +kind</p>', 'zh', []), [
          'English "variant"',
          'English "switch"',
          'English "is"',
          'English "kind"',
        ]);
        assert.deepEqual(problemsOf('<p>词条 <code>minor.create</code></p>', 'zh', []), []);
      });
    },
  );
}
