import type { ApiOperation } from '../openapi.js';

/** The reports API in the OpenAPI document, in the order the readable page shows it. */
export const REPORT_OPERATIONS: readonly ApiOperation[] = [
  {
    method: 'post',
    path: '/v1/reports',
    summary: 'File a report',
    description:
      'A platform files a report on behalf of a user: content with a snapshot, a user, or a conversation excerpt, with a ' +
      "category and who reports. The material, the engine's verdict on it and the lexicon version go into the hash-chained " +
      'evidence store, and the report joins the open case on the same subject or opens one, with a priority from the ' +
      'category, the severity the engine found and whether a minor is involved. Committed before it is answered. The tracking ' +
      'code in the answer is shown once: give it to the reporter.',
    scopes: ['report', 'review'],
    request: 'reportCreate',
    response: 'reportCreated',
    status: 201,
  },
  {
    method: 'get',
    path: '/v1/reports/status/{code}',
    summary: "A report's status, by tracking code",
    description:
      'What the reporter may see: received, in review or resolved, the outcome, and the messages moderators made visible ' +
      'to reporters. Limited per client address.',
    scopes: [],
    security: 'none',
    response: 'reportStatus',
    status: 200,
    pathParams: ['code'],
    errors: ['not_found'],
  },
  {
    method: 'get',
    path: '/v1/reports/stats',
    summary: 'Report statistics',
    description:
      'Reports by category, channel and reporter role; case outcomes; actions; time to first action (p50, p90); SLA ' +
      'breaches; appeals — over a time range (default the last 30 days).',
    scopes: ['review', 'admin'],
    query: 'statsQuery',
    response: 'reportStats',
    status: 200,
  },
  {
    method: 'get',
    path: '/v1/cases',
    summary: 'The case queue',
    description:
      'Cases by priority (critical first), then oldest first; by default the open ones (open, in review, appealed). Filters: ' +
      'status, category, priority, assignee ("none" for unassigned), age, SLA breached, minor involved.',
    scopes: ['review'],
    query: 'caseQuery',
    response: 'caseList',
    status: 200,
  },
  {
    method: 'get',
    path: '/v1/cases/{id}',
    summary: 'One case',
    description:
      'The case with its reports (and the engine verdict on each), its full event history and its evidence records. Every ' +
      'read is written to the access log.',
    scopes: ['review'],
    response: 'caseDetail',
    status: 200,
    pathParams: ['id'],
    errors: ['not_found'],
  },
  {
    method: 'post',
    path: '/v1/cases/{id}/events',
    summary: 'Act on a case',
    description:
      'Appends one moderation event: claim, assign, unassign, a note (internal or visible to reporters), an action ' +
      '(takedown, label, restrict, warn, suspend, escalate_to_authorities, dismiss), the reversal of an action, or the ' +
      'rejection of a pending appeal. The status follows from the events; a move the status does not allow is a conflict. ' +
      '`event` is null when a claim or assignment changed nothing.',
    scopes: ['review'],
    request: 'caseEventCreate',
    response: 'caseEventResult',
    status: 200,
    pathParams: ['id'],
    errors: ['not_found', 'conflict'],
  },
  {
    method: 'post',
    path: '/v1/cases/{id}/appeals',
    summary: 'Appeal an action',
    description:
      'The platform files the subject’s appeal against the actions in force on a case; the case goes back to the queue ' +
      'with a new SLA due time.',
    scopes: ['report', 'review'],
    request: 'appealCreate',
    response: 'caseEventResult',
    status: 201,
    pathParams: ['id'],
    errors: ['not_found', 'conflict'],
  },
  {
    method: 'get',
    path: '/v1/cases/{id}/export',
    summary: 'Referral bundle',
    description:
      'The case for a referral to the police or the CAC: its reports, history and evidence records with their hashes, the ' +
      'whole chain verified at export, a bundle hash and a note on checking them without this software.',
    scopes: ['review'],
    response: 'caseBundle',
    status: 200,
    pathParams: ['id'],
    errors: ['not_found'],
  },
];
