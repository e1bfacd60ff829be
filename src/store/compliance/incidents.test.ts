import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { INCIDENT_GRADES, INCIDENT_ROUTES, INCIDENT_STEPS, isStepOverdue, stepDeadline } from '../index.js';

const AT = Date.parse('2026-03-02T02:00:00Z');
const HOUR = 3_600_000;

describe('incident deadlines', () => {
  const cases = [
    { name: 'a 较大 incident of an ordinary operator: 4 hours', grade: 'large', route: 'other', due: AT + 4 * HOUR },
    { name: 'a 重大 incident of a central organ: 2 hours', grade: 'major', route: 'central_organ', due: AT + 2 * HOUR },
    { name: 'a 特别重大 incident of infrastructure: 1 hour', grade: 'especially_major', route: 'cii', due: AT + HOUR },
    { name: 'a 一般 incident: at once, no hours set', grade: 'general', route: 'cii', due: null },
  ] as const;
  for (const c of cases) it(c.name, () => assert.equal(stepDeadline('report_regulator', c.grade, c.route, AT), c.due));

  it('sets hours for no other step, whatever the grade and route', () => {
    for (const step of INCIDENT_STEPS.filter((s) => s !== 'report_regulator'))
      for (const grade of INCIDENT_GRADES)
        for (const route of INCIDENT_ROUTES) assert.equal(stepDeadline(step, grade, route, AT), null);
  });

  it('is overdue only past its deadline and not done', () => {
    assert.equal(isStepOverdue({ dueAt: AT, doneAt: null }, AT + 1), true);
    assert.equal(isStepOverdue({ dueAt: AT, doneAt: null }, AT), false);
    assert.equal(isStepOverdue({ dueAt: AT, doneAt: AT + 5 }, AT + 10), false);
    assert.equal(isStepOverdue({ dueAt: null, doneAt: null }, AT + 10 * HOUR), false);
  });
});
