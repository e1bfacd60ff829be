import { z } from 'zod';
import { ACTIONS, AGE_BANDS, CATEGORIES, SEVERITIES, SURFACES, VARIANT_KINDS } from '../engine/index.js';
import { ERROR_CODES, type ErrorCode } from '../lib/index.js';
import { SCOPES, TERM_KINDS } from '../store/index.js';
import { createReportSchemas } from './reports/schemas.js';

/** Largest batch a single call may carry. */
export const MAX_BATCH_ITEMS = 1000;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** True when the string is well-formed UTF-16 (no lone surrogate), so its offsets mean the same in every language. */
export function isWellFormed(text: string): boolean {
  return !LONE_SURROGATE.test(text);
}

const ERROR_CODE_LIST = Object.keys(ERROR_CODES) as [ErrorCode, ...ErrorCode[]];

/**
 * Every request and response schema of the API. Handlers validate with them and `/v1/openapi.json` is generated from them,
 * so the document cannot drift from the code. Request objects are strict: an unknown field is an error, not ignored.
 */
export function createSchemas(limits: { readonly maxTextLength: number }) {
  const text = z
    .string()
    .max(limits.maxTextLength)
    .refine(isWellFormed, { message: 'text is not well-formed UTF-16: it contains a lone surrogate' })
    .meta({ description: `The text to moderate, at most ${limits.maxTextLength} UTF-16 code units.` });
  const ref = z.string().min(1).max(200);
  const item = {
    text,
    surface: z
      .enum(SURFACES)
      .optional()
      .meta({ description: 'Where the text appears; public, lasting surfaces are stricter.' }),
    ageBand: z
      .enum(AGE_BANDS)
      .optional()
      .meta({ description: 'Age band the action is decided for; default age_12_16.' }),
    userRef: ref.optional().meta({ description: 'Your pseudonymous id for the author; kept in the decision log.' }),
    contentRef: ref.optional().meta({ description: 'Your id for the content; kept in the decision log.' }),
    targetRef: ref.optional().meta({
      description:
        'The minorRef of the minor the text is aimed at (a message to them); risk aimed at a bound minor alerts the guardians.',
    }),
  };
  const moderateRequest = z.strictObject(item);
  const batchRequest = z.strictObject({ items: z.array(z.strictObject(item)).min(1).max(MAX_BATCH_ITEMS) });

  const match = z.object({
    start: z.number().int().meta({ description: 'UTF-16 offset into the original text.' }),
    end: z.number().int().meta({ description: 'UTF-16 offset, exclusive.' }),
    text: z.string(),
    term: z.string(),
    category: z.enum(CATEGORIES),
    severity: z.enum(SEVERITIES),
    via: z.array(z.enum(VARIANT_KINDS)).meta({ description: 'The variant kinds the match was seen through.' }),
  });
  const probability = z.number().min(0).max(1);
  const scores = z.partialRecord(z.enum(CATEGORIES), probability).meta({
    description:
      "The model stage's calibrated probability (0–1) for every category it scores. Absent when the service runs without " +
      'the model (MODEL_FILE=none).',
  });
  const signal = z.object({
    category: z.enum(CATEGORIES),
    start: z.number().int().meta({ description: 'UTF-16 offset into the original text.' }),
    end: z.number().int().meta({ description: 'UTF-16 offset, exclusive.' }),
    text: z.string(),
    weight: probability.meta({ description: "The share of the category's evidence this span carries." }),
  });
  const signals = z.array(signal).meta({
    description:
      'The spans of the text that raised a category scored at or above the age band’s label threshold, strongest first: ' +
      'why the model said what it said. A signal’s category is in `categories` when its score made a finding. Absent ' +
      'without the model.',
  });
  const verdict = {
    action: z.enum(ACTIONS),
    flagged: z.boolean().meta({ description: 'True when the action is review or block for the age band asked.' }),
    categories: z.array(z.enum(CATEGORIES)).meta({
      description: 'Every category with a finding: a lexicon match, a model score past a threshold, or both.',
    }),
    matches: z.array(match),
    scores: scores.optional(),
    signals: signals.optional(),
    masked: z.string().optional().meta({
      description:
        "With personal information found on a minor's age band: the text with those spans replaced by ＊ (same length), to show instead of holding it.",
    }),
  };
  const verdictSchema = z.object(verdict);
  const lexiconVersion = z
    .number()
    .int()
    .meta({ description: "The tenant's lexicon version that produced the verdict; 0 is the default lexicon alone." });
  const requestId = z.string();
  const moderateResponse = z.object({ requestId, lexiconVersion, ...verdict });
  const batchResponse = z.object({ requestId, lexiconVersion, results: z.array(verdictSchema) });

  const term = z.string().min(1).max(100);
  const lexiconChange = z.strictObject({
    add: z
      .array(
        z.strictObject({
          term,
          category: z.enum(CATEGORIES),
          severity: z.enum(SEVERITIES),
          variants: z
            .array(z.string().regex(/^[+-][a-z_]+$/))
            .optional()
            .meta({ description: 'Variant switches such as "-pinyin" or "+homophone".' }),
        }),
      )
      .max(1000)
      .optional(),
    disable: z.array(term).max(1000).optional().meta({ description: 'Default terms to switch off for this tenant.' }),
    allow: z
      .array(term)
      .max(1000)
      .optional()
      .meta({ description: 'Allow terms: spans never matched (博物馆 for 博).' }),
    remove: z.array(term).max(1000).optional().meta({ description: "Terms to take out of the tenant's own rows." }),
  });
  const tenantTerm = z.object({
    term: z.string(),
    kind: z.enum(TERM_KINDS),
    category: z.string().nullable(),
    severity: z.string().nullable(),
    variants: z.array(z.string()),
    updatedAt: z.string(),
  });
  const lexicon = z.object({
    version: z.number().int().meta({ description: 'The newest version stored.' }),
    activeVersion: z.number().int().meta({ description: 'The version serving requests in this process now.' }),
    terms: z.array(tenantTerm),
  });
  const lexiconChangeResult = z.object({ version: z.number().int(), activeVersion: z.number().int() });
  const lexiconVersions = z.object({
    versions: z.array(z.object({ version: z.number().int(), change: z.unknown(), createdAt: z.string() })),
  });

  const modelThreshold = z.number().gt(0).max(1).nullable();
  const tenant = z.object({
    id: z.string(),
    name: z.string(),
    storeText: z.boolean().meta({ description: 'Keep raw text in the decision log (off by default).' }),
    retentionDays: z.number().int().nullable().meta({ description: 'Days decisions are kept; null: the default.' }),
    lexiconVersion: z.number().int(),
    createdAt: z.string(),
    modelThreshold: modelThreshold.meta({
      description:
        "Flag model scores from this probability on, where that is stricter than the age band's default; null: the " +
        'default. A tenant can only tighten: a looser value changes nothing.',
    }),
  });
  const tenantPatch = z.strictObject({
    storeText: z.boolean().optional(),
    retentionDays: z.number().int().min(1).max(36_500).nullable().optional(),
    modelThreshold: modelThreshold.optional(),
  });

  const apiKey = z.object({
    id: z.string(),
    name: z.string(),
    scopes: z.array(z.enum(SCOPES)),
    rateLimit: z.number().int().nullable().meta({ description: 'Requests a second; null: the default.' }),
    createdAt: z.string(),
    revokedAt: z.string().nullable(),
  });
  const keyCreate = z.strictObject({
    name: z.string().max(100).optional(),
    scopes: z.array(z.enum(SCOPES)).min(1),
    rateLimit: z.number().int().min(1).max(1_000_000).nullable().optional(),
  });
  const keyCreated = z.object({
    key: apiKey,
    token: z.string().meta({ description: 'The secret key, shown this once.' }),
  });
  const keyList = z.object({ keys: z.array(apiKey) });

  const decisionQuery = z.strictObject({
    limit: z.coerce.number().int().min(1).max(500).optional(),
    before: z.coerce.number().int().min(1).optional().meta({ description: 'Only decisions with a smaller id.' }),
    action: z.enum(ACTIONS).optional(),
    flagged: z.enum(['true', 'false']).optional(),
    requestId: z.string().max(200).optional(),
    userRef: ref.optional(),
  });
  const decision = z.object({
    id: z.number().int(),
    requestId: z.string(),
    itemIndex: z.number().int().nullable(),
    keyId: z.string().nullable(),
    userRef: z.string().nullable(),
    contentRef: z.string().nullable(),
    targetRef: z.string().nullable(),
    surface: z.string().nullable(),
    ageBand: z.string(),
    action: z.enum(ACTIONS),
    flagged: z.boolean(),
    categories: z.array(z.string()),
    matches: z.array(z.object({}).passthrough()),
    text: z.string().nullable().meta({ description: 'Only when the tenant keeps text.' }),
    textLength: z.number().int(),
    lexiconVersion: z.number().int(),
    createdAt: z.string(),
    scores: z
      .record(z.string(), probability)
      .nullable()
      .meta({
        description:
          'The model scores kept with the decision: those of at least 0.05, and every category that made a finding. ' +
          'null: decided without the model.',
      }),
    signals: z
      .array(
        z.object({
          category: z.string(),
          start: z.number().int(),
          end: z.number().int(),
          weight: z.number(),
          text: z.string().optional().meta({ description: 'Only when the tenant keeps text.' }),
        }),
      )
      .nullable()
      .meta({ description: "The model's signals; null: decided without the model." }),
  });
  const decisionList = z.object({ decisions: z.array(decision) });

  const error = z.object({
    error: z.object({
      code: z.enum(ERROR_CODE_LIST),
      message: z.string(),
      details: z.array(
        z.object({
          message: z.string(),
          path: z.string().optional(),
          source: z.string().optional(),
          line: z.number().int().optional(),
          column: z.number().int().optional(),
          rule: z.string().optional(),
        }),
      ),
    }),
  });

  return {
    moderateRequest,
    batchRequest,
    moderateResponse,
    batchResponse,
    verdict: verdictSchema,
    lexiconChange,
    lexicon,
    lexiconChangeResult,
    lexiconVersions,
    tenant,
    tenantPatch,
    apiKey,
    keyCreate,
    keyCreated,
    keyList,
    decisionQuery,
    decisionList,
    error,
    ...createReportSchemas(),
  };
}

export type Schemas = ReturnType<typeof createSchemas>;
