import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { errorCodeOf, startAbuseServer, type AbuseServer } from './abuse-support.js';
import { describeEachDialect } from './dialects.js';

describeEachDialect('the tenant lexicon cap', (dialect) => {
  let s: AbuseServer;
  before(async () => {
    s = await startAbuseServer(dialect, { MAX_TENANT_TERMS: '3' });
  });
  after(() => s?.close());

  test('a change past MAX_TENANT_TERMS is refused with lexicon_too_large and loses nothing already stored', async () => {
    const first = await s.call('POST', '/v1/lexicon/changes', {
      key: s.keys.admin,
      body: {
        add: [
          { term: '星河兑换券', category: 'gambling', severity: 'high' },
          { term: '银月点卡', category: 'gambling', severity: 'high' },
        ],
        allow: ['星河兑换券说明'],
      },
    });
    assert.equal(first.status, 201);
    const refused = await s.call('POST', '/v1/lexicon/changes', {
      key: s.keys.admin,
      body: { add: [{ term: '金沙点券', category: 'gambling', severity: 'high' }] },
    });
    assert.equal(refused.status, 422);
    assert.equal(errorCodeOf(refused), 'lexicon_too_large');
    // Replacing a term keeps the count: allowed. Removing one makes room.
    const replaced = await s.call('POST', '/v1/lexicon/changes', {
      key: s.keys.admin,
      body: { add: [{ term: '银月点卡', category: 'gambling', severity: 'medium' }] },
    });
    assert.equal(replaced.status, 201);
    const lexicon = await s.call('GET', '/v1/lexicon', { key: s.keys.admin });
    const body = lexicon.body as { version: number; terms: { term: string }[] };
    assert.equal(body.version, 2, 'the refused change made no version');
    assert.deepEqual(body.terms.map((t) => t.term).sort(), ['星河兑换券', '星河兑换券说明', '银月点卡'].sort());
  });
});
