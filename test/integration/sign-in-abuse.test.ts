import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  GUARDIAN_CODE,
  GUARDIAN_LOCKOUT,
  LOCKOUT,
  createConsoleUser,
  createGuardian,
  issueGuardianSignInCode,
  migrateToLatest,
  openStore,
  signIn,
  signInGuardian,
  signInGuardianWithCode,
  type Store,
} from '../../src/store/index.js';
import { describeEachDialect, type FreshDatabase } from './dialects.js';

const NOW = Date.parse('2026-03-02T02:00:00Z');
const MINUTE = 60_000;
const DAY = 86_400_000;
const RIGHT = 'the right password 1';

function tally(results: readonly { readonly ok: boolean; readonly reason?: string }[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of results) {
    const key = r.ok ? 'ok' : (r.reason ?? '?');
    out[key] = (out[key] ?? 0) + 1;
  }
  return out;
}

describeEachDialect('sign-in under attack', (dialect) => {
  let database: FreshDatabase;
  let store: Store;
  // A second connection pool on the same database, as a second replica of the service would have.
  let replica: Store;

  before(async () => {
    database = dialect.fresh();
    store = await openStore({ databaseUrl: database.databaseUrl, databaseSchema: database.databaseSchema });
    await migrateToLatest(store.db);
    replica = await openStore({ databaseUrl: database.databaseUrl, databaseSchema: database.databaseSchema });
  });
  after(async () => {
    await replica.close();
    await store.close();
    await database.drop();
  });

  test('parallel wrong console passwords evaluate at most the lock allows, and the right one is then refused', async () => {
    await createConsoleUser(store.db, { username: 'burst', password: RIGHT, role: 'admin' }, NOW);
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        signIn((i % 2 === 0 ? store : replica).db, 'burst', `wrong guess ${i}`, NOW),
      ),
    );
    const counts = tally(results);
    assert.equal(counts['ok'], undefined);
    assert.ok((counts['invalid'] ?? 0) <= LOCKOUT.maxFailures - 1, JSON.stringify(counts));
    assert.equal((counts['invalid'] ?? 0) + (counts['locked'] ?? 0), 40);
    const right = await signIn(store.db, 'burst', RIGHT, NOW + 1000);
    assert.equal(right.ok ? 'ok' : right.reason, 'locked', 'the lock set by the fifth failure holds');
    const later = await signIn(store.db, 'burst', RIGHT, NOW + LOCKOUT.lockMs + 1);
    assert.equal(later.ok, true, 'the lock ends on time');
  });

  test('eight parallel wrong console passwords then the right one: still locked', async () => {
    await createConsoleUser(store.db, { username: 'eight', password: RIGHT, role: 'moderator' }, NOW);
    await Promise.all(Array.from({ length: 8 }, (_, i) => signIn(store.db, 'eight', `nope ${i}`, NOW)));
    const right = await signIn(replica.db, 'eight', RIGHT, NOW);
    assert.equal(right.ok ? 'ok' : right.reason, 'locked');
  });

  test('a success resets the count: four failures, the right password, four more failures leave it open', async () => {
    await createConsoleUser(store.db, { username: 'careful', password: RIGHT, role: 'moderator' }, NOW);
    for (let i = 0; i < LOCKOUT.maxFailures - 1; i++) await signIn(store.db, 'careful', 'wrong one', NOW);
    assert.equal((await signIn(store.db, 'careful', RIGHT, NOW)).ok, true);
    for (let i = 0; i < LOCKOUT.maxFailures - 1; i++) await signIn(store.db, 'careful', 'wrong one', NOW);
    assert.equal((await signIn(store.db, 'careful', RIGHT, NOW)).ok, true);
  });

  test('parallel wrong guardian passwords lock the account, and the right password is refused', async () => {
    await createGuardian(store.db, { identifier: '13800000001', password: RIGHT }, NOW);
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        signInGuardian((i % 2 === 0 ? store : replica).db, { identifier: '13800000001', password: `bad ${i}` }, NOW),
      ),
    );
    const counts = tally(results);
    assert.ok((counts['invalid'] ?? 0) <= GUARDIAN_LOCKOUT.maxFailures - 1, JSON.stringify(counts));
    const right = await signInGuardian(store.db, { identifier: '13800000001', password: RIGHT }, NOW);
    assert.equal(right.ok ? 'ok' : right.reason, 'locked');
  });

  test('parallel one-time code guesses are counted: at most three tries on a code, then it is void', async () => {
    await createGuardian(store.db, { identifier: 'codes@example.com' }, NOW);
    const issued = await issueGuardianSignInCode(store.db, 'codes@example.com', NOW);
    assert.ok(issued);
    const wrong = issued.code === '000000' ? '111111' : '000000';
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        signInGuardianWithCode(replica.db, { identifier: 'codes@example.com', code: wrong }, NOW),
      ),
    );
    assert.equal(tally(results)['ok'], undefined);
    const right = await signInGuardianWithCode(store.db, { identifier: 'codes@example.com', code: issued.code }, NOW);
    assert.equal(right.ok, false, 'the code is void after its tries, and the account is locked');
  });

  test('wrong codes count toward the account lock, so new codes cannot be guessed one after another', async () => {
    await createGuardian(store.db, { identifier: 'walker@example.com' }, NOW);
    let at = NOW;
    let guesses = 0;
    for (let round = 0; round < 2; round++) {
      const issued = await issueGuardianSignInCode(store.db, 'walker@example.com', at);
      assert.ok(issued);
      const wrong = issued.code === '000000' ? '111111' : '000000';
      for (let i = 0; i < GUARDIAN_CODE.maxAttempts; i++) {
        await signInGuardianWithCode(store.db, { identifier: 'walker@example.com', code: wrong }, at);
        guesses++;
      }
      at += MINUTE;
    }
    assert.ok(guesses >= GUARDIAN_LOCKOUT.maxFailures);
    await assert.rejects(
      issueGuardianSignInCode(store.db, 'walker@example.com', at),
      /rate_limited|wait/,
      'no code goes out while the account is locked',
    );
    const issued = await issueGuardianSignInCode(store.db, 'walker@example.com', at + GUARDIAN_LOCKOUT.lockMs);
    assert.ok(issued, 'after the lock a code can be sent again');
    const right = await signInGuardianWithCode(
      store.db,
      { identifier: 'walker@example.com', code: issued.code },
      at + GUARDIAN_LOCKOUT.lockMs,
    );
    assert.equal(right.ok, true);
  });

  test('codes go out at most once a minute and ten times a day, parallel requests included', async () => {
    await createGuardian(store.db, { identifier: '13800000002' }, NOW);
    const burst = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        issueGuardianSignInCode((i % 2 === 0 ? store : replica).db, '13800000002', NOW),
      ),
    );
    assert.equal(burst.filter((r) => r.status === 'fulfilled').length, 1, 'one code for a burst of requests');
    let sent = 1;
    for (let i = 1; i < 20; i++) {
      try {
        await issueGuardianSignInCode(store.db, '13800000002', NOW + i * MINUTE);
        sent++;
      } catch (error) {
        assert.match(String(error), /wait/);
      }
    }
    assert.equal(sent, GUARDIAN_CODE.maxPerDay);
    assert.ok(await issueGuardianSignInCode(store.db, '13800000002', NOW + DAY + MINUTE), 'a new day, a new allowance');
  });
  test('NUL and lone surrogates never reach the guardians table: refused as not valid, or an unknown account', async () => {
    for (const input of [
      { identifier: 'nul\u0000@example.com' },
      { identifier: '13700000009', displayName: '妈\u0000妈' },
      { identifier: '13700000009', password: 'abcdefghij\uD800' },
    ]) {
      await assert.rejects(createGuardian(store.db, input, NOW), { code: 'validation_failed' }, JSON.stringify(input));
    }
    const signIn = await signInGuardian(store.db, { identifier: 'nul\u0000@example.com', password: RIGHT }, NOW);
    assert.equal(signIn.ok ? 'ok' : signIn.reason, 'invalid');
    assert.equal(await issueGuardianSignInCode(store.db, '\u0000', NOW), undefined);
  });
});
