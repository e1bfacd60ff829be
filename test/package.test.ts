import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileEngine, isAppError, loadLexicon, parseLexicon } from 'qinglang';

test('the package entry gives the engine and the default lexicon, as the README shows', async () => {
  const engine = compileEngine(await loadLexicon());
  const verdict = engine.moderate('赌赌赌博博网站', { ageBand: 'age_8_12' });
  assert.equal(verdict.action, 'block');
  assert.equal(verdict.matches[0]?.term, '赌博网站');
  assert.deepEqual(verdict.matches[0]?.via, ['repeat']);
  assert.throws(
    () => parseLexicon([{ name: 'x', text: '赌博 nope' }]),
    (error: unknown) => isAppError(error) && error.code === 'lexicon_invalid',
  );
});

test('the package entry gives the youth-mode policy too', async () => {
  const { bandOf, composePolicy, decide } = await import('qinglang');
  const now = new Date('2026-11-26T12:30:00Z'); // Thursday 20:30 in Shanghai
  const band = bandOf('2012-05-01', now);
  assert.equal(band, 'age_12_16');
  const state = {
    band,
    youthMode: true,
    locked: false,
    dayKey: '2026-11-26',
    usedSecondsToday: 0,
    continuousSeconds: 0,
    extraSecondsToday: 0,
    monthKey: '2026-11',
    spentThisMonthFen: 0,
    guardianConsents: [],
  };
  const decision = decide(composePolicy(band), state, { kind: 'session.heartbeat', appKind: 'game' }, now);
  assert.equal(decision.outcome, 'deny');
  assert.equal(decision.rule, 'game_hours');
});
