import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { compileEngine, parseLexicon, type LexiconSource, type Verdict } from '../../src/engine/index.js';
import { isAppError } from '../../src/lib/index.js';
import {
  changeTenantLexicon,
  checkApiKey,
  consumeSetupToken,
  createApiKey,
  createSetupToken,
  createTenant,
  getTenant,
  getTenantLexicon,
  getTenantLexiconSource,
  isSetupTokenValid,
  listApiKeys,
  listDecisions,
  listTenantLexiconVersions,
  migrateToLatest,
  openStore,
  pendingMigrations,
  purgeDecisions,
  revokeApiKey,
  toDecisionRow,
  updateTenantSettings,
  type Store,
} from '../../src/store/index.js';
import { describeEachDialect, type FreshDatabase } from './dialects.js';

const NOW = Date.parse('2026-03-02T02:00:00Z');
const DAY = 86_400_000;
const BASE: readonly LexiconSource[] = [
  { name: 'base.txt', text: '赌博 gambling high\n毒品 drugs high\n~赌博机构研究\n' },
];
const engine = compileEngine(parseLexicon(BASE));

function codeOf(error: unknown): string {
  return isAppError(error) ? error.code : `not an AppError: ${String(error)}`;
}

describeEachDialect('store', (dialect) => {
  let database: FreshDatabase;
  let store: Store;

  before(async () => {
    database = dialect.fresh();
    store = await openStore({ databaseUrl: database.databaseUrl, databaseSchema: database.databaseSchema });
  });
  after(async () => {
    await store.close();
    await database.drop();
  });

  test('migrations apply once and a second run changes nothing', async () => {
    const first = await migrateToLatest(store.db);
    assert.ok(first.includes('0001-core'));
    assert.ok(first.includes('0006-model'));
    assert.deepEqual(await migrateToLatest(store.db), []);
    assert.deepEqual(await pendingMigrations(store.db), []);
  });

  test('tenant ids are checked and cannot be taken twice', async () => {
    await createTenant(store.db, { id: 'acme' }, NOW);
    await assert.rejects(createTenant(store.db, { id: 'acme' }, NOW), (e) => codeOf(e) === 'conflict');
    await assert.rejects(createTenant(store.db, { id: 'Not Valid' }, NOW), (e) => codeOf(e) === 'validation_failed');
    const tenant = await getTenant(store.db, 'acme');
    assert.equal(tenant?.storeText, false, 'raw text is off unless the tenant opts in');
    assert.equal(tenant?.lexiconVersion, 0);
  });

  test('an API key is stored only as a hash and stops working when revoked', async () => {
    const { key, token } = await createApiKey(store.db, { tenantId: 'acme', scopes: ['moderate'] }, NOW);
    const secret = token.split('_').slice(2).join('_');
    const rows = await store.db.selectFrom('apiKeys').selectAll().execute();
    assert.ok(!JSON.stringify(rows).includes(secret), 'the secret is not in the database');
    const valid = await checkApiKey(store.db, token);
    assert.equal(valid.status, 'valid');
    assert.deepEqual(valid.status === 'valid' ? valid.key.scopes : [], ['moderate']);
    const tampered = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    assert.equal((await checkApiKey(store.db, tampered)).status, 'unknown');
    assert.equal((await checkApiKey(store.db, 'qlk_nonsense')).status, 'malformed');
    await createTenant(store.db, { id: 'other' }, NOW);
    await assert.rejects(revokeApiKey(store.db, 'other', key.id, NOW), (e) => codeOf(e) === 'not_found');
    await revokeApiKey(store.db, 'acme', key.id, NOW + 1);
    assert.equal((await checkApiKey(store.db, token)).status, 'revoked');
    const listed = await listApiKeys(store.db, 'acme');
    assert.equal(listed[0]?.revokedAt, NOW + 1);
    await assert.rejects(
      createApiKey(store.db, { tenantId: 'nobody', scopes: ['moderate'] }, NOW),
      (e) => codeOf(e) === 'not_found',
    );
  });

  test('every lexicon change makes one version, and a change that would not compile makes none', async () => {
    const v1 = await changeTenantLexicon(
      store.db,
      'acme',
      { add: [{ term: '菠菜网', category: 'gambling', severity: 'high', variants: ['-repeat'] }] },
      BASE,
      NOW,
    );
    assert.equal(v1.version, 1);
    const v2 = await changeTenantLexicon(store.db, 'acme', { disable: ['毒品'], allow: ['博物馆'] }, BASE, NOW);
    assert.equal(v2.version, 2);
    const lexicon = await getTenantLexicon(store.db, 'acme');
    assert.equal(lexicon.version, 2);
    assert.deepEqual(
      lexicon.terms.map((t) => `${t.kind}:${t.term}`),
      ['add:菠菜网', 'allow:博物馆', 'disable:毒品'],
    );
    const source = await getTenantLexiconSource(store.db, 'acme', 2);
    const compiled = compileEngine(parseLexicon([...BASE, source!]));
    assert.equal(compiled.moderate('买毒品').flagged, false, 'the disabled default term no longer matches');
    assert.equal(compiled.moderate('上菠菜网').flagged, true, 'the added term matches');

    await assert.rejects(
      changeTenantLexicon(
        store.db,
        'acme',
        { add: [{ term: '某词', category: 'no_such', severity: 'high' }] },
        BASE,
        NOW,
      ),
      (e) => codeOf(e) === 'lexicon_invalid',
    );
    await assert.rejects(
      changeTenantLexicon(
        store.db,
        'acme',
        { add: [{ term: 'two words', category: 'gambling', severity: 'high' }] },
        BASE,
        NOW,
      ),
      (e) => codeOf(e) === 'validation_failed',
    );
    await assert.rejects(
      changeTenantLexicon(store.db, 'acme', {}, BASE, NOW),
      (e) => codeOf(e) === 'validation_failed',
    );
    assert.equal((await getTenantLexicon(store.db, 'acme')).version, 2, 'failed changes leave the version alone');
    assert.equal((await getTenantLexicon(store.db, 'acme')).terms.length, 3, 'and the rows');

    const v3 = await changeTenantLexicon(store.db, 'acme', { remove: ['毒品', '菠菜网'] }, BASE, NOW);
    assert.equal(v3.version, 3);
    assert.deepEqual(
      (await getTenantLexicon(store.db, 'acme')).terms.map((t) => t.term),
      ['博物馆'],
    );
    const versions = await listTenantLexiconVersions(store.db, 'acme');
    assert.deepEqual(
      versions.map((v) => v.version),
      [3, 2, 1],
    );
    assert.deepEqual(versions[0]?.change, { remove: ['毒品', '菠菜网'] });
  });

  test('concurrent decisions are committed together and each append resolves only once stored', async () => {
    const verdict = engine.moderate('一起去赌博吧');
    const appends = Array.from({ length: 50 }, (_, i) =>
      store.decisions.append([
        toDecisionRow({
          tenantId: 'other',
          keyId: null,
          requestId: `req-${i}`,
          itemIndex: null,
          text: '一起去赌博吧',
          ageBand: 'age_12_16',
          verdict,
          lexiconVersion: 0,
          storeText: false,
          now: NOW,
        }),
      ]),
    );
    assert.equal(store.decisions.pending, 50);
    await Promise.all(appends);
    assert.equal(store.decisions.pending, 0);
    const logged = await listDecisions(store.db, { tenantId: 'other', limit: 500 });
    assert.equal(logged.length, 50);
    const one = logged[0]!;
    assert.equal(one.text, null, 'no raw text without the opt-in');
    assert.ok(one.matches.length > 0);
    assert.ok(
      one.matches.every((m) => m.text === undefined),
      'nor the matched text',
    );
    assert.equal(one.textLength, 6);
    assert.deepEqual(one.categories, ['gambling']);
    assert.equal(one.flagged, true);
  });

  test('raw text is kept when the tenant opted in', async () => {
    const tenant = await updateTenantSettings(store.db, 'acme', { storeText: true, retentionDays: 1 });
    assert.equal(tenant.storeText, true);
    await store.decisions.append([
      toDecisionRow({
        tenantId: 'acme',
        keyId: null,
        requestId: 'kept',
        itemIndex: 0,
        text: '赌博',
        userRef: 'u1',
        ageBand: 'adult',
        verdict: engine.moderate('赌博', { ageBand: 'adult' }),
        lexiconVersion: 3,
        storeText: tenant.storeText,
        now: NOW,
      }),
    ]);
    const [kept] = await listDecisions(store.db, { tenantId: 'acme', requestId: 'kept' });
    assert.equal(kept?.text, '赌博');
    assert.equal(kept?.matches[0]?.text, '赌博');
    assert.equal(kept?.lexiconVersion, 3);
    assert.equal(kept?.userRef, 'u1');
  });

  test('model scores and signals are stored with a decision and read back, small scores and unkept text left out', async () => {
    const verdict: Verdict = {
      action: 'block',
      flagged: true,
      // doxxing made a finding below the floor, as under a tenant's low modelThreshold: its score is kept all the same.
      categories: ['fraud', 'doxxing'],
      matches: [],
      scores: { fraud: 0.9843, contact_offplatform: 0.3, doxxing: 0.04, gambling: 0.0499, abuse: 0.0001 },
      signals: [
        { category: 'fraud', start: 8, end: 14, text: '手机点赞一单', weight: 0.466 },
        { category: 'doxxing', start: 0, end: 2, text: '宝妈', weight: 1 },
      ],
    };
    const row = (tenantId: string, requestId: string, storeText: boolean, v: Verdict) =>
      toDecisionRow({
        tenantId,
        keyId: null,
        requestId,
        itemIndex: null,
        text: '宝妈在家就能做，手机点赞一单3元',
        ageBand: 'age_12_16',
        verdict: v,
        lexiconVersion: 0,
        storeText,
        now: NOW,
      });
    const withoutModel: Verdict = { action: verdict.action, flagged: true, categories: ['fraud'], matches: [] };
    await store.decisions.append([
      row('other', 'model-plain', false, verdict),
      row('acme', 'model-kept', true, verdict),
      row('other', 'model-none', false, withoutModel),
    ]);
    const [plain] = await listDecisions(store.db, { tenantId: 'other', requestId: 'model-plain' });
    assert.deepEqual(plain?.scores, { fraud: 0.9843, contact_offplatform: 0.3, doxxing: 0.04 });
    assert.deepEqual(plain?.signals, [
      { category: 'fraud', start: 8, end: 14, weight: 0.466 },
      { category: 'doxxing', start: 0, end: 2, weight: 1 },
    ]);
    const [kept] = await listDecisions(store.db, { tenantId: 'acme', requestId: 'model-kept' });
    assert.deepEqual(
      kept?.signals?.map((s) => s.text),
      ['手机点赞一单', '宝妈'],
      'the spans’ text when the tenant keeps text',
    );
    const [none] = await listDecisions(store.db, { tenantId: 'other', requestId: 'model-none' });
    assert.equal(none?.scores, null, 'decided without the model');
    assert.equal(none?.signals, null);
    const nothing = { ...verdict, categories: [], scores: { fraud: 0.01 }, signals: [] };
    await store.decisions.append([row('other', 'model-low', false, nothing)]);
    const [low] = await listDecisions(store.db, { tenantId: 'other', requestId: 'model-low' });
    assert.deepEqual(low?.scores, {}, 'scored, and nothing worth keeping: {} rather than null');
    assert.deepEqual(low?.signals, []);
  });

  test('a tenant’s model threshold is stored exactly, cleared with null, and refused outside (0, 1]', async () => {
    const created = await createTenant(store.db, { id: 'strict', modelThreshold: 0.3 }, NOW);
    assert.equal(created.modelThreshold, 0.3);
    assert.equal((await getTenant(store.db, 'strict'))?.modelThreshold, 0.3, 'read back as the same double');
    assert.equal((await getTenant(store.db, 'acme'))?.modelThreshold, null, 'null by default');
    assert.equal((await updateTenantSettings(store.db, 'strict', { modelThreshold: 0.45 })).modelThreshold, 0.45);
    assert.equal((await updateTenantSettings(store.db, 'strict', { storeText: true })).modelThreshold, 0.45);
    assert.equal((await updateTenantSettings(store.db, 'strict', { modelThreshold: null })).modelThreshold, null);
    for (const bad of [0, -0.1, 1.01, Number.NaN]) {
      await assert.rejects(
        updateTenantSettings(store.db, 'strict', { modelThreshold: bad }),
        (e) => codeOf(e) === 'validation_failed' && isAppError(e) && e.details[0]?.path === 'modelThreshold',
      );
      await assert.rejects(
        createTenant(store.db, { id: 'never', modelThreshold: bad }, NOW),
        (e) => codeOf(e) === 'validation_failed',
      );
    }
    assert.equal(await getTenant(store.db, 'never'), undefined);
    assert.equal((await getTenant(store.db, 'strict'))?.modelThreshold, null);
  });

  test('the decision log refuses updates', async () => {
    await assert.rejects(sql`update decisions set action = 'allow'`.execute(store.db), /append-only/);
  });

  test('the purge deletes only decisions past their tenant’s retention', async () => {
    const old = (tenantId: string, age: number, requestId: string) =>
      toDecisionRow({
        tenantId,
        keyId: null,
        requestId,
        itemIndex: null,
        text: 'x',
        ageBand: 'adult',
        verdict: engine.moderate('x'),
        lexiconVersion: 0,
        storeText: false,
        now: NOW - age,
      });
    await store.decisions.append([
      old('acme', 2 * DAY, 'acme-2d'),
      old('other', 2 * DAY, 'other-2d'),
      old('other', 40 * DAY, 'other-40d'),
      old('gone', 40 * DAY, 'gone-40d'),
    ]);
    const deleted = await purgeDecisions(store.db, { now: NOW, defaultRetentionDays: 30 });
    assert.equal(deleted, 3, 'acme keeps 1 day, the others the default 30');
    const left = await listDecisions(store.db, { tenantId: 'other', requestId: 'other-2d' });
    assert.equal(left.length, 1);
    assert.equal((await listDecisions(store.db, { tenantId: 'acme', requestId: 'acme-2d' })).length, 0);
    assert.equal((await listDecisions(store.db, { tenantId: 'acme', requestId: 'kept' })).length, 1);
  });

  test('a setup token works once and not after it expires', async () => {
    const token = await createSetupToken(store.db, 'admin_setup', { now: NOW, ttlMs: DAY });
    assert.equal(await isSetupTokenValid(store.db, token, 'admin_setup', NOW), true);
    assert.equal(await consumeSetupToken(store.db, token, 'admin_setup', NOW), true);
    assert.equal(await consumeSetupToken(store.db, token, 'admin_setup', NOW), false);
    const late = await createSetupToken(store.db, 'admin_setup', { now: NOW, ttlMs: DAY });
    assert.equal(await consumeSetupToken(store.db, late, 'admin_setup', NOW + DAY), false);
    assert.equal(await isSetupTokenValid(store.db, 'made-up', 'admin_setup', NOW), false);
  });
});
