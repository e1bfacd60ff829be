import { z } from 'zod';
import { AGE_BANDS, PARTICIPANT_ROLES, RISK_KINDS, RISK_LEVELS, STAGES, SURFACES } from '../../engine/index.js';
import { CONVERSATION_LIMITS } from '../../store/index.js';
import { isWellFormed } from '../schemas.js';

const ref = z.string().min(1).max(CONVERSATION_LIMITS.ref);
const participant = z.strictObject({
  ref: ref.meta({ description: 'Your pseudonymous id for the participant (a minor: the minorRef of youth mode).' }),
  age: z.number().int().min(0).max(130).nullable().optional().meta({
    description:
      'Age in years, or null when unknown. Unknown for a minor registered in youth mode: its birth date or band is used.',
  }),
  role: z
    .enum(PARTICIPANT_ROLES)
    .nullable()
    .optional()
    .meta({
      description:
        'A role you have verified (a bound guardian, a school’s teacher account, your own support desk). It softens ' +
        'what such a role also asks (age, a pick-up, a photo of homework), never a request no role makes.',
    }),
  knownForDays: z
    .number()
    .min(0)
    .nullable()
    .optional()
    .meta({ description: 'Days since this participant first had contact with the others; null when unknown.' }),
});

const evidence = z.object({
  message: z.number().int().meta({ description: 'Index of the message in the conversation, from 0.' }),
  start: z.number().int().meta({ description: 'UTF-16 offset into that message’s text.' }),
  end: z.number().int().meta({ description: 'UTF-16 offset, exclusive.' }),
  signal: z.string().meta({ description: 'kind.stage, e.g. grooming.secrecy, fraud.credentials, bullying.exclusion.' }),
  weight: z.number().meta({ description: 'How strongly the span speaks for the stage, 0–1, after context.' }),
  from: z.string(),
});

const track = z.object({
  kind: z.enum(RISK_KINDS),
  senders: z.array(z.string()),
  target: z.string(),
  level: z.enum(RISK_LEVELS),
  peakLevel: z.enum(RISK_LEVELS),
  peakAt: z.number().int().nullable(),
  stages: z.array(
    z.object({
      stage: z.string().meta({ description: `One of ${Object.values(STAGES).flat().join(', ')}.` }),
      weight: z.number(),
      firstMessage: z.number().int(),
    }),
  ),
});

const risk = z.object({
  level: z.enum(RISK_LEVELS).meta({ description: 'The level now, after time decay.' }),
  peakLevel: z.enum(RISK_LEVELS).meta({ description: 'The highest level the conversation reached.' }),
  flagged: z
    .boolean()
    .meta({ description: 'The conversation reached high: guardians were alerted and a case opened.' }),
  flaggedAt: z.number().int().nullable().meta({ description: 'Index of the message after which it was flagged.' }),
  kinds: z.array(z.enum(RISK_KINDS)),
  target: z.string().nullable().meta({ description: 'The participant most at risk.' }),
  offenders: z.array(z.string()),
  tracks: z.array(track).meta({ description: 'Each sender→target (or pile-on→target) track, gravest first.' }),
  evidence: z.array(evidence),
});

/** The conversation schemas, for the handlers and the OpenAPI document. */
export const conversationSchemas = {
  messageRequest: z.strictObject({
    messageRef: ref.optional().meta({ description: 'Your id for the message.' }),
    sender: participant,
    receivers: z
      .array(participant)
      .max(CONVERSATION_LIMITS.receivers)
      .optional()
      .meta({ description: 'Who it was sent to; absent: everyone else in the conversation so far.' }),
    text: z
      .string()
      .max(CONVERSATION_LIMITS.text)
      .refine(isWellFormed, { message: 'text is not well-formed UTF-16: it contains a lone surrogate' }),
    sentAt: z.iso
      .datetime({ offset: true })
      .optional()
      .meta({ description: 'When it was sent (ISO 8601); default: now. Time decay runs on it.' }),
    ageBand: z.enum(AGE_BANDS).optional().meta({ description: 'Age band the message’s own verdict is decided for.' }),
    surface: z.enum(SURFACES).optional().meta({ description: 'Default chat.' }),
  }),
  messageResponse: z.object({
    requestId: z.string(),
    conversationRef: z.string(),
    index: z.number().int().meta({ description: 'The message’s index in the conversation.' }),
    verdict: z.object({
      action: z.string(),
      flagged: z.boolean(),
      categories: z.array(z.string()),
      matches: z.array(z.unknown()),
    }),
    signals: z
      .array(z.object({ signal: z.string(), start: z.number().int(), end: z.number().int(), weight: z.number() }))
      .meta({ description: 'The stage cues this message carried.' }),
    risk,
    alerted: z.number().int().meta({ description: 'Guardian alerts this message raised.' }),
    caseId: z.string().nullable().meta({ description: 'The review case the conversation opened, once high.' }),
  }),
  conversation: z.object({
    conversationRef: z.string(),
    messageCount: z.number().int(),
    risk,
    caseId: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  }),
};
