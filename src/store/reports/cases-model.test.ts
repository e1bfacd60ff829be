import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deriveCaseState, triagePriority, type CaseEvent, type CaseEventBody } from './cases-model.js';

test('triage: the category tier sets a base; a minor and a high-severity match each raise it; three categories come first', () => {
  const cases: [string, Parameters<typeof triagePriority>[0], string][] = [
    ['csam is critical whoever reports', { category: 'csam', minorInvolved: false, matches: [] }, 'critical'],
    ['grooming is critical', { category: 'grooming', minorInvolved: false, matches: [] }, 'critical'],
    ['self-harm is critical', { category: 'self_harm', minorInvolved: false, matches: [] }, 'critical'],
    ['harmful is high', { category: 'gambling', minorInvolved: false, matches: [] }, 'high'],
    ['harmful with a minor is urgent', { category: 'gambling', minorInvolved: true, matches: [] }, 'urgent'],
    [
      'harmful, minor and high severity stays urgent: critical is kept for the three',
      { category: 'gambling', minorInvolved: true, matches: [{ category: 'gambling', severity: 'high' }] },
      'urgent',
    ],
    ['conduct is normal', { category: 'fraud', minorInvolved: false, matches: [] }, 'normal'],
    ['conduct with a minor is high', { category: 'fraud', minorInvolved: true, matches: [] }, 'high'],
    ['may-affect is low', { category: 'vulgar', minorInvolved: false, matches: [] }, 'low'],
    ['other is low', { category: 'other', minorInvolved: false, matches: [] }, 'low'],
    [
      'the engine finding grooming makes an "other" report critical',
      { category: 'other', minorInvolved: false, matches: [{ category: 'grooming', severity: 'medium' }] },
      'critical',
    ],
    [
      'a low-severity match does not count',
      { category: 'other', minorInvolved: false, matches: [{ category: 'self_harm', severity: 'low' }] },
      'low',
    ],
    [
      "a low grooming or self-harm signal makes a minor's report critical",
      { category: 'other', minorInvolved: true, matches: [{ category: 'self_harm', severity: 'low' }] },
      'critical',
    ],
    [
      "other low signals in a minor's report still do not count",
      { category: 'other', minorInvolved: true, matches: [{ category: 'vulgar', severity: 'low' }] },
      'normal',
    ],
  ];
  for (const [name, input, expected] of cases) assert.equal(triagePriority(input), expected, name);
});

function events(...bodies: (CaseEventBody & { at?: number })[]): CaseEvent[] {
  return bodies.map((b, i) => ({ ...b, id: i + 1, caseId: 'c', actor: 'user:a', createdAt: b.at ?? i * 1000 }));
}

const report = (priority: 'critical' | 'normal', dueAt: number, at = 0): CaseEventBody & { at: number } => ({
  type: 'report_added',
  reportId: `r${at}`,
  category: priority === 'critical' ? 'csam' : 'fraud',
  priority,
  minorInvolved: false,
  dueAt,
  at,
});

test('status, SLA and active actions follow from the events', () => {
  const opened = deriveCaseState(events(report('normal', 10_000)));
  assert.equal(opened.status, 'open');
  assert.equal(opened.dueAt, 10_000);

  const escalated = deriveCaseState(events(report('normal', 10_000), report('critical', 3_000, 2_000)));
  assert.equal(escalated.priority, 'critical');
  assert.equal(escalated.category, 'csam');
  assert.equal(escalated.dueAt, 3_000, 'the earlier due time wins');

  const late = deriveCaseState(
    events(report('critical', 3_000), { type: 'action', action: 'takedown', reason: 'r', at: 3_001 }),
  );
  assert.equal(late.status, 'actioned');
  assert.equal(late.slaBreached, true);
  assert.equal(late.dueAt, null);

  const reversed = deriveCaseState(
    events(
      report('normal', 10_000),
      { type: 'action', action: 'takedown', reason: 'r', at: 1_000 },
      { type: 'appeal', text: 'no', dueAt: 5_000, at: 2_000 },
      { type: 'reversal', actionEventId: 2, reason: 'granted', at: 4_000 },
    ),
  );
  assert.equal(reversed.status, 'reversed');
  assert.equal(reversed.slaBreached, false);
  assert.deepEqual(reversed.activeActions, []);

  const superseded = deriveCaseState(
    events(
      report('normal', 10_000),
      { type: 'action', action: 'dismiss', reason: 'r' },
      { type: 'action', action: 'escalate_to_authorities', reason: 'new evidence' },
    ),
  );
  assert.equal(superseded.status, 'escalated');
  assert.deepEqual(
    superseded.activeActions.map((a) => a.action),
    ['escalate_to_authorities'],
  );
  assert.throws(() => deriveCaseState([]), /starts with a report/);
});
