import assert from 'node:assert/strict';
import { pino } from 'pino';
import { loadConfig, startServer, type RunningServer } from '../../src/server/index.js';
import type { AlertMessage } from '../../src/server/youth/notifier.js';
import { createApiKey, createTenant } from '../../src/store/index.js';
import { Visitor, type TestDatabase } from './console-support.js';

/** The whole service on a free port with a clock the test moves and a notifier that keeps the codes it was asked to send. */
export interface PortalServer {
  readonly server: RunningServer;
  readonly url: string;
  /** The last one-time code sent to each identifier. */
  readonly codes: Map<string, string>;
  /** How many codes the notifier was asked to send, to each identifier. */
  readonly sends: Map<string, number>;
  /** The alerts the notifier was asked to send, in order; set `refuseAlerts` to make it fail (a sender that is down). */
  readonly alertMessages: AlertMessage[];
  refuseAlerts: boolean;
  /** An API key of the tenant `acme` with the `youth` and `moderate` scopes. */
  readonly youthKey: string;
  now(): number;
  advance(ms: number): void;
  close(): Promise<void>;
}

/** Monday 2 March 2026, 10:00 in Beijing: a school day, far from the curfew. */
export const MONDAY_MORNING = Date.parse('2026-03-02T02:00:00Z');

/** Starts the service the way `qinglang serve` does, with the tenant `acme` and a youth API key. */
export async function startPortalServer(
  database: TestDatabase,
  start = MONDAY_MORNING,
  extraEnv: Readonly<Record<string, string>> = {},
): Promise<PortalServer> {
  if (typeof database.env === 'string') throw new Error(database.env);
  const { env, cleanup } = await database.env();
  let now = start;
  const codes = new Map<string, string>();
  const sends = new Map<string, number>();
  const alertMessages: AlertMessage[] = [];
  const state = { refuseAlerts: false };
  // The clock stands still in these tests, so the per-address sign-in limit would never refill: one test checks it.
  const config = loadConfig({
    ...env,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    GUARDIAN_AUTH_PER_HOUR: '1000000',
    ...extraEnv,
  });
  let server: RunningServer;
  try {
    server = await startServer(config, {
      log: pino({ level: 'silent' }),
      clock: () => now,
      notifier: {
        kind: 'log',
        sendSignInCode: (message) => {
          codes.set(message.identifier, message.code);
          sends.set(message.identifier, (sends.get(message.identifier) ?? 0) + 1);
          return Promise.resolve();
        },
        sendAlert: (message) => {
          if (state.refuseAlerts) return Promise.reject(new Error('the sender is down'));
          alertMessages.push(message);
          return Promise.resolve();
        },
      },
    });
  } catch (error) {
    await cleanup();
    throw error;
  }
  const { db } = server.deps.store;
  await createTenant(db, { id: 'acme' }, now);
  const { token } = await createApiKey(
    db,
    { tenantId: 'acme', scopes: ['youth', 'moderate'], name: 'portal tests' },
    now,
  );
  return {
    server,
    url: server.url,
    codes,
    sends,
    alertMessages,
    get refuseAlerts() {
      return state.refuseAlerts;
    },
    set refuseAlerts(value: boolean) {
      state.refuseAlerts = value;
    },
    youthKey: token,
    now: () => now,
    advance: (ms) => {
      now += ms;
      // The rate limits count on the real clock (rate-limiter-flexible): a window passed here starts them afresh.
      server.deps.limits.reset();
    },
    close: async () => {
      await server.close();
      await cleanup();
    },
  };
}

/** Calls the JSON API and returns the status and the parsed body. */
export async function callApi(
  base: string,
  method: string,
  path: string,
  options: { readonly body?: unknown; readonly key?: string } = {},
): Promise<{ readonly status: number; readonly body: Record<string, unknown> }> {
  const headers: Record<string, string> = {};
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.key !== undefined) headers['authorization'] = `Bearer ${options.key}`;
  const res = await fetch(`${base}${path}`, {
    method,
    headers,
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) };
}

/** The platform registers a minor (declared band) and issues a binding code for it; returns the code and the QR link. */
export async function minorWithCode(
  server: PortalServer,
  minorRef: string,
  band = 'age_12_16',
): Promise<{ readonly code: string; readonly url: string }> {
  const put = await callApi(server.url, 'PUT', `/v1/youth/minors/${minorRef}`, {
    body: { band },
    key: server.youthKey,
  });
  assert.ok(put.status === 200 || put.status === 201, JSON.stringify(put.body));
  const issued = await callApi(server.url, 'POST', `/v1/youth/minors/${minorRef}/binding-codes`, {
    body: {},
    key: server.youthKey,
  });
  assert.equal(issued.status, 201, JSON.stringify(issued.body));
  return { code: String(issued.body['code']), url: String(issued.body['url']) };
}

/** Creates a guardian account through the API. */
export async function guardianAccount(
  server: PortalServer,
  account: { readonly identifier: string; readonly displayName: string; readonly password?: string },
): Promise<void> {
  const created = await callApi(server.url, 'POST', '/v1/guardian/accounts', { body: account });
  assert.equal(created.status, 201, JSON.stringify(created.body));
}

/** A visitor signed in to the portal with a password. */
export async function portalSignedIn(
  server: PortalServer,
  account: { readonly identifier: string; readonly password: string },
): Promise<Visitor> {
  const visitor = new Visitor(server.url);
  await visitor.get('/guardian/sign-in');
  const answer = await visitor.post('/guardian/sign-in', {
    identifier: account.identifier,
    password: account.password,
  });
  assert.equal(answer.status, 303, `portal sign-in of ${account.identifier} failed: ${answer.status}`);
  await visitor.get(answer.location ?? '/guardian/minors');
  return visitor;
}

/** Sends one heartbeat of `seconds` for the minor, ending now; returns the decision's outcome and rule. */
export async function heartbeat(
  server: PortalServer,
  minorRef: string,
  eventId: string,
  seconds = 60,
): Promise<{ readonly outcome: string; readonly rule: string; readonly body: Record<string, unknown> }> {
  const answer = await callApi(server.url, 'POST', `/v1/youth/minors/${minorRef}/heartbeats`, {
    body: { eventId, deviceId: 'phone-1', occurredAt: new Date(server.now()).toISOString(), seconds },
    key: server.youthKey,
  });
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  const decision = answer.body['decision'] as { outcome: string; rule: string };
  return { outcome: decision.outcome, rule: decision.rule, body: answer.body };
}

/** A guardian account signed in to the portal and bound to a new minor `minorRef`: the visitor and the minor's id. */
export async function guardianWithChild(
  server: PortalServer,
  account: { readonly identifier: string; readonly displayName: string; readonly password: string },
  minorRef: string,
): Promise<{ readonly guardian: Visitor; readonly minorId: string }> {
  await guardianAccount(server, account);
  const guardian = await portalSignedIn(server, account);
  const { code } = await minorWithCode(server, minorRef);
  await guardian.get('/guardian/bind');
  const bound = await guardian.post('/guardian/bind', { code });
  const minorId = /\/guardian\/minors\/([^/?]+)/.exec(bound.location ?? '')?.[1] ?? '';
  assert.notEqual(minorId, '', `binding ${minorRef}: ${bound.status} ${bound.location}`);
  return { guardian, minorId };
}
