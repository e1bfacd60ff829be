import { z } from 'zod';
import { CONSENT_PURPOSE_IDS } from '../../store/index.js';

const purpose = z.enum(CONSENT_PURPOSE_IDS as [string, ...string[]]);
const time = z.string().meta({ description: 'ISO 8601.' });

const consent = z.strictObject({
  purpose,
  required: z
    .boolean()
    .meta({ description: 'False from 14: youth mode’s own rules apply and no consent is asked for.' }),
  granted: z
    .boolean()
    .meta({ description: 'True when processing for this purpose may go on (not required, or given).' }),
  givenAt: time.nullable(),
  givenBy: z.string().nullable().meta({ description: 'The guardian id that gave it.' }),
  noticeVersion: z.string().nullable(),
});

const line = z.strictObject({ table: z.string(), columns: z.array(z.string()), rows: z.number().int() });
const bilingual = z.strictObject({ zh: z.string(), en: z.string() });

/** The privacy API's bodies, for validation and the OpenAPI document. */
export const privacySchemas = {
  consentList: z.strictObject({ consents: z.array(consent) }),
  consent,
  withdrawal: z.strictObject({ purpose, withdrawn: z.boolean() }),
  export: z.strictObject({
    requestId: z.string(),
    data: z
      .record(z.string(), z.unknown())
      .meta({ description: 'Every table’s rows about the child, by the register.' }),
  }),
  receipt: z.strictObject({
    receipt: z.strictObject({
      requestId: z.string(),
      tenantId: z.string(),
      minorId: z.string(),
      receivedAt: time,
      completedAt: time,
      deleted: z.array(line),
      anonymised: z.array(line),
      kept: z.array(line.extend({ why: bilingual })),
    }),
  }),
  rightsList: z.strictObject({
    requests: z.array(
      z.strictObject({
        id: z.string(),
        minorId: z.string(),
        kind: z.enum(['export', 'erasure']),
        channel: z.string(),
        requestedBy: z.string(),
        status: z.enum(['received', 'completed']),
        receivedAt: time,
        completedAt: time.nullable(),
      }),
    ),
  }),
};
