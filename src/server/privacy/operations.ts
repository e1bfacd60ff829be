import type { ApiOperation } from '../openapi.js';
import { privacySchemas as s } from './schemas.js';

const youth = { scopes: ['youth'] } as const;

/** The minors' personal-information operations (consents, export, erasure), for the OpenAPI document. */
export const PRIVACY_OPERATIONS: readonly ApiOperation[] = [
  {
    ...youth,
    method: 'get',
    path: '/v1/youth/minors/{ref}/consents',
    summary: "A minor's consents",
    description:
      'For each purpose beyond youth mode (text_retention, email_alerts, personalised_recommendation): whether a guardian’s consent is required (under 14) and whether processing may go on. Guardians give and withdraw consent in the guardian portal.',
    response: s.consentList,
    status: 200,
    pathParams: ['ref'],
    errors: ['not_found'],
  },
  {
    ...youth,
    method: 'get',
    path: '/v1/youth/minors/{ref}/consents/{purpose}',
    summary: 'May this processing go on?',
    description:
      'Ask before processing a child’s data for a purpose beyond youth mode (e.g. personalised recommendations): 200 when it may, 403 consent_required when the child is under 14 and no guardian consented.',
    response: s.consent,
    status: 200,
    pathParams: ['ref', 'purpose'],
    errors: ['not_found', 'consent_required'],
  },
  {
    ...youth,
    method: 'delete',
    path: '/v1/youth/minors/{ref}/consents/{purpose}',
    summary: 'Withdraw a consent for a guardian',
    description:
      'The platform withdraws a consent on a guardian’s behalf (e.g. asked by phone). Processing that needed it stops.',
    response: s.withdrawal,
    status: 200,
    pathParams: ['ref', 'purpose'],
    errors: ['not_found'],
  },
  {
    ...youth,
    method: 'post',
    path: '/v1/youth/minors/{ref}/export',
    summary: "Export a child's data",
    description:
      'Everything the service holds about the child, table by table from the register, for the guardian; recorded as a rights request and in the access log.',
    response: s.export,
    status: 200,
    pathParams: ['ref'],
    errors: ['not_found'],
  },
  {
    ...youth,
    method: 'post',
    path: '/v1/youth/minors/{ref}/erasure',
    summary: "Erase a child's data",
    description:
      'Deletes or anonymises every row the register lists for the child and keeps what the law requires (evidence of open cases, the evidence chain, the access log), answering with the receipt: what was removed, what was kept and why. The child is no longer registered afterwards.',
    response: s.receipt,
    status: 200,
    pathParams: ['ref'],
    errors: ['not_found'],
  },
  {
    ...youth,
    method: 'get',
    path: '/v1/privacy/rights-requests',
    summary: 'Rights requests',
    description:
      'Export and erasure requests of the tenant’s minors, newest first, with the times received and completed.',
    response: s.rightsList,
    status: 200,
  },
];
