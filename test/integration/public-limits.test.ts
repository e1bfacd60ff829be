import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ADMIN, Visitor, setUpAdmin, startTestServer, testDatabases, type TestServer } from './console-support.js';
import { callApi, guardianAccount, startPortalServer, type PortalServer } from './guardian-portal-support.js';

const MOM = { identifier: 'mom@example.com', displayName: '妈妈', password: 'mom portal password' };

for (const database of testDatabases()) {
  describe(
    `guardian sign-in limits on ${database.name}`,
    { skip: typeof database.env === 'string' ? database.env : false },
    () => {
      let server: PortalServer;

      before(async () => {
        // Twelve an hour: bursts of ten, then one every five minutes.
        server = await startPortalServer(database, undefined, { GUARDIAN_AUTH_PER_HOUR: '12' });
        await guardianAccount(server, MOM);
      });
      after(() => server?.close());

      test('sign-ups, sign-ins and code requests from one address share one bucket, API and portal alike', async () => {
        // The account above took one token; nine more attempts of every kind pass (and fail as attempts do).
        const attempts = [
          () =>
            callApi(server.url, 'POST', '/v1/guardian/sessions', {
              body: { identifier: MOM.identifier, password: 'nope nope nope' },
            }),
          () =>
            callApi(server.url, 'POST', '/v1/guardian/sign-in-codes', { body: { identifier: 'nobody@example.com' } }),
          () => callApi(server.url, 'POST', '/v1/guardian/accounts', { body: { identifier: 'x', displayName: 'x' } }),
        ];
        const statuses: number[] = [];
        for (let i = 0; i < 9; i++) statuses.push((await attempts[i % 3]!()).status);
        assert.deepEqual(statuses, [401, 202, 400, 401, 202, 400, 401, 202, 400]);

        const limited = await callApi(server.url, 'POST', '/v1/guardian/sessions', {
          body: { identifier: MOM.identifier, password: MOM.password },
        });
        assert.equal(limited.status, 429, 'even the right password waits: the address has spent its tries');
        assert.equal((limited.body['error'] as { code: string }).code, 'rate_limited');

        const visitor = new Visitor(server.url);
        await visitor.get('/guardian/sign-in');
        const page = await visitor.post('/guardian/sign-in', { identifier: MOM.identifier, password: MOM.password });
        assert.equal(page.status, 429);
        assert.match(page.body, /此网络地址的登录和注册尝试太多，请 5 分钟后再试/);
        assert.match(page.headers.get('retry-after') ?? '', /^(29\d|300)$/);
        assert.ok(!visitor.cookies.has('ql_guardian'), 'no session');

        // Five minutes later one more try is allowed, and the right password opens a session.
        server.advance(5 * 60_000);
        const session = await callApi(server.url, 'POST', '/v1/guardian/sessions', {
          body: { identifier: MOM.identifier, password: MOM.password },
        });
        assert.equal(session.status, 201);
      });

      test('asking for a code again within a minute answers like any request and sends nothing', async () => {
        server.advance(60 * 60_000);
        const first = await callApi(server.url, 'POST', '/v1/guardian/sign-in-codes', {
          body: { identifier: MOM.identifier },
        });
        const again = await callApi(server.url, 'POST', '/v1/guardian/sign-in-codes', {
          body: { identifier: MOM.identifier },
        });
        const nobody = await callApi(server.url, 'POST', '/v1/guardian/sign-in-codes', {
          body: { identifier: 'no@example.com' },
        });
        assert.deepEqual([first.status, again.status, nobody.status], [202, 202, 202]);
        assert.deepEqual(again.body, nobody.body, 'the answer does not tell who has an account');
        assert.equal(server.sends.get(MOM.identifier), 1, 'the first code is still good; no second one goes out');
      });
    },
  );
}

for (const database of testDatabases()) {
  describe(
    `client addresses behind a proxy on ${database.name}`,
    { skip: typeof database.env === 'string' ? database.env : false },
    () => {
      let trusting: PortalServer;
      let direct: PortalServer;

      before(async () => {
        trusting = await startPortalServer(database, undefined, {
          GUARDIAN_AUTH_PER_HOUR: '12',
          TRUST_PROXY_HOPS: '1',
        });
        direct = await startPortalServer(database, undefined, { GUARDIAN_AUTH_PER_HOUR: '12' });
      });
      after(async () => {
        await trusting?.close();
        await direct?.close();
      });

      const signIn = (server: PortalServer, forwardedFor: string): Promise<Response> =>
        fetch(`${server.url}/v1/guardian/sessions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
          body: JSON.stringify({ identifier: 'someone@example.com', password: 'not the password' }),
        });

      test('behind a trusted proxy each client has its own bucket, named by the entry the proxy appended', async () => {
        // The first entry is whatever the client wrote; the proxy appended the last one, which is what counts.
        const statuses: number[] = [];
        for (let i = 0; i < 11; i++) statuses.push((await signIn(trusting, `10.0.0.${i}, 198.51.100.1`)).status);
        assert.deepEqual(statuses.slice(0, 10), Array(10).fill(401));
        assert.equal(statuses[10], 429, 'a forged first entry does not buy another bucket');
        assert.equal((await signIn(trusting, '198.51.100.2')).status, 401, 'another client is not held back');
      });

      test('without trusted proxies X-Forwarded-For is ignored: anyone could write it', async () => {
        const statuses: number[] = [];
        for (let i = 0; i < 11; i++) statuses.push((await signIn(direct, `198.51.100.${i}`)).status);
        assert.equal(statuses[10], 429);
      });
    },
  );
}

for (const database of testDatabases()) {
  describe(
    `console sign-in limit on ${database.name}`,
    { skip: typeof database.env === 'string' ? database.env : false },
    () => {
      let server: TestServer;

      before(async () => {
        server = await startTestServer(database, { CONSOLE_SIGN_IN_PER_HOUR: '12' });
        await setUpAdmin(server);
      });
      after(() => server?.close());

      test('sign-ins from one address past the limit get 429 and a page that says when to come back', async () => {
        const visitor = new Visitor(server.url);
        await visitor.get('/console/sign-in');
        // Spread over two names so that no account locks first: the address runs out, not an account.
        const statuses: number[] = [];
        for (let i = 0; i < 10; i++) {
          const username = i % 2 === 0 ? 'nobody' : 'someone';
          statuses.push((await visitor.post('/console/sign-in', { username, password: `wrong ${i}` })).status);
        }
        assert.deepEqual(statuses, Array(10).fill(401));
        const limited = await visitor.post('/console/sign-in', ADMIN);
        assert.equal(limited.status, 429, 'the right password waits too');
        assert.match(limited.body, /此网络地址的登录尝试太多，请 5 分钟后再试/);
        assert.match(limited.headers.get('retry-after') ?? '', /^(29\d|300)$/);
        server.advance(5 * 60_000);
        assert.equal((await visitor.post('/console/sign-in', ADMIN)).status, 303);
      });
    },
  );
}
