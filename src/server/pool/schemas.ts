import { z } from 'zod';
import { POOL_BANDS, POOL_KINDS, POOL_RATINGS, POOL_REASON_CODES, POOL_THEMES } from '../../policy/index.js';
import { POOL_EVENT_TYPES, POOL_LIMITS } from '../../store/index.js';

const ref = z.string().min(1).max(POOL_LIMITS.ref);
const band = z.enum(POOL_BANDS);
const theme = z.enum(POOL_THEMES);
const kind = z.enum(POOL_KINDS);
const rating = z.enum(POOL_RATINGS);
const label = z.object({ zh: z.string(), en: z.string() });

const itemFields = {
  title: z.string().min(1).max(POOL_LIMITS.title),
  text: z
    .string()
    .max(POOL_LIMITS.text)
    .meta({ description: 'Description, subtitles or transcript: what the engine reads after the title.' }),
  kind,
  themes: z.array(theme).min(1).max(POOL_LIMITS.themes).meta({
    description: 'The guide’s themes the item belongs to; a theme of an older band keeps it from younger ones.',
  }),
  source: z.string().min(1).max(POOL_LIMITS.meta).nullable().optional(),
  creator: z.string().min(1).max(POOL_LIMITS.meta).nullable().optional(),
  durationSeconds: z.number().int().min(0).max(POOL_LIMITS.durationSeconds).nullable().optional(),
  publishedAt: z.iso
    .datetime({ offset: true })
    .nullable()
    .optional()
    .meta({ description: 'When it was first published (freshness); default: when it was registered.' }),
};

const item = z.strictObject({ ref: ref.meta({ description: 'Your id for the item.' }), ...itemFields });

const span = z.object({
  start: z.number().int(),
  end: z.number().int(),
  text: z.string(),
  term: z.string().nullable().meta({ description: 'The lexicon term, or null where the model pointed.' }),
});

const reason = z.object({
  code: z.enum(POOL_REASON_CODES),
  rating,
  label,
  category: z.string().optional(),
  theme: theme.optional(),
  kind: kind.optional(),
  spans: z.array(span).optional().meta({ description: 'UTF-16 offsets into the title, a newline and the text.' }),
  source: z.string().optional(),
  note: z.string().optional(),
});

const bandRating = z.object({
  rating,
  auto: rating.meta({ description: 'What the rules alone said; `rating` differs when a reviewer decided.' }),
  reasons: z.array(reason),
  review: z.object({ rating, note: z.string() }).nullable(),
});

const itemOut = z.object({
  ref: z.string(),
  version: z.number().int().meta({ description: 'Raised when the title, text, kind or themes change.' }),
  title: z.string(),
  text: z.string().optional(),
  kind,
  themes: z.array(theme),
  source: z.string().nullable(),
  creator: z.string().nullable(),
  durationSeconds: z.number().int().nullable(),
  publishedAt: z.string(),
  status: z.enum(['active', 'withdrawn']),
  withdrawnReason: z.string().nullable(),
  minBand: band.nullable().meta({ description: 'The youngest band the item is suitable for; null: none.' }),
  ratedWith: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  ratings: z.record(band, bandRating),
});

const change = z.object({ band, from: rating.nullable(), to: rating, reasons: z.array(reason) });
const event = z.object({
  id: z.number().int(),
  itemRef: z.string(),
  itemVersion: z.number().int(),
  type: z.enum(POOL_EVENT_TYPES),
  actorType: z.enum(['key', 'console_user', 'system']),
  actorId: z.string().nullable(),
  note: z.string().nullable(),
  changes: z.array(change),
  createdAt: z.string(),
});

const decision = z.object({
  outcome: z.enum(['allow', 'deny', 'needs_guardian']),
  rule: z.string(),
  source: z.string(),
  layer: z.string(),
  reason: label,
  remainingSeconds: z.number().optional(),
  retryAt: z.string().optional(),
});

const minorOrBand = {
  minorRef: ref.optional().meta({
    description: 'A minor registered in youth mode: its content band and the themes its guardian switched off.',
  }),
  band: band.optional().meta({ description: 'A band, when you do not send minorRef.' }),
};

/** The pool schemas, for the handlers and the OpenAPI document. */
export const poolSchemas = {
  putItem: item,
  putBatch: z.strictObject({ items: z.array(item).min(1).max(POOL_LIMITS.batch) }),
  put: z.union([item, z.strictObject({ items: z.array(item).min(1).max(POOL_LIMITS.batch) })]),
  putOne: z.object({ outcome: z.enum(['created', 'updated', 'unchanged']), item: itemOut }),
  putResult: z.union([
    z.object({ outcome: z.enum(['created', 'updated', 'unchanged']), item: itemOut }),
    z.object({
      results: z.array(
        z.object({
          ref: z.string(),
          outcome: z.enum(['created', 'updated', 'unchanged']),
          minBand: band.nullable(),
          ratings: z.record(band, rating),
        }),
      ),
    }),
  ]),
  patch: z.strictObject({
    title: itemFields.title.optional(),
    text: itemFields.text.optional(),
    kind: kind.optional(),
    themes: itemFields.themes.optional(),
    source: itemFields.source,
    creator: itemFields.creator,
    durationSeconds: itemFields.durationSeconds,
    publishedAt: itemFields.publishedAt,
  }),
  withdraw: z.strictObject({ reason: z.string().min(1).max(POOL_LIMITS.note).optional() }),
  review: z.strictObject({
    bands: z.array(band).min(1).max(POOL_BANDS.length),
    rating,
    note: z.string().min(1).max(POOL_LIMITS.note).meta({ description: 'Why: kept in the item’s history.' }),
    version: z
      .number()
      .int()
      .optional()
      .meta({ description: 'The version you looked at; a newer one answers conflict.' }),
    reviewer: z.string().min(1).max(POOL_LIMITS.meta).optional().meta({ description: 'Who decided, in your system.' }),
  }),
  item: itemOut,
  itemWithHistory: itemOut.extend({ history: z.array(event) }),
  listQuery: z.strictObject({
    ...minorOrBand,
    theme: theme.optional(),
    kind: kind.optional(),
    limit: z.coerce.number().int().min(1).max(POOL_LIMITS.page).optional(),
    cursor: z.string().min(1).max(400).optional(),
  }),
  list: z.object({
    band,
    items: z.array(
      itemOut
        .omit({ ratings: true, text: true })
        .extend({ rating: bandRating.meta({ description: 'Its rating for the band.' }) }),
    ),
    nextCursor: z.string().nullable().meta({ description: 'Pass it as cursor for the next page; null on the last.' }),
  }),
  check: z.strictObject({ minorRef: ref, itemRef: ref }),
  checkResult: z.object({
    allowed: z.boolean(),
    itemRef: z.string(),
    band: band.meta({
      description: 'The band the minor’s content is rated for (its guardian may have chosen a younger one).',
    }),
    refusal: z
      .object({
        code: z.enum(['withdrawn', 'rating', 'theme_off', 'content', 'time']),
        reason: label,
      })
      .nullable(),
    rating: bandRating,
    themesOff: z.array(theme).meta({ description: 'The item’s themes the minor’s guardian switched off.' }),
    content: decision.meta({ description: 'The youth-mode decision on viewing this content.' }),
    now: decision.meta({ description: 'The youth-mode decision on use now (curfew, daily total, schedule).' }),
  }),
  filter: z.strictObject({
    ...minorOrBand,
    itemRefs: z.array(ref).min(1).max(POOL_LIMITS.batch).meta({ description: 'Your candidates, in your order.' }),
  }),
  filterResult: z.object({
    band,
    allowed: z.array(z.string()).meta({ description: 'The candidates allowed, in the order given.' }),
    refused: z.array(
      z.object({
        itemRef: z.string(),
        code: z.enum(['not_found', 'withdrawn', 'rating', 'theme_off', 'content', 'time']),
      }),
    ),
  }),
  eventsQuery: z.strictObject({
    limit: z.coerce.number().int().min(1).max(500).optional(),
    before: z.coerce.number().int().min(1).optional(),
  }),
  events: z.object({ events: z.array(event) }),
  rerate: z.object({
    ratedWith: z.string(),
    previous: z.string().nullable(),
    items: z.number().int(),
    changed: z.number().int(),
    movedOut: z.number().int().meta({ description: 'Band ratings that left suitable: what left the pool.' }),
    movedIn: z.number().int(),
  }),
  coverage: z.object({
    items: z.number().int().meta({ description: 'Active items.' }),
    bands: z.array(
      z.object({
        band,
        suitable: z.number().int(),
        needsReview: z.number().int(),
        unsuitable: z.number().int(),
        hours: z.number().meta({ description: 'Hours of suitable content (items with a duration).' }),
        rejectedShare: z.number().meta({ description: 'unsuitable ÷ active items, 0–1.' }),
        rejectedBy: z.array(
          z.object({
            code: z.enum(POOL_REASON_CODES),
            subject: z.string().nullable().meta({ description: 'The category, theme or kind the reason names.' }),
            count: z.number().int(),
          }),
        ),
        themes: z.array(
          z.object({
            theme,
            inBand: z.boolean(),
            guide: z.boolean().meta({ description: 'The guide names this theme for the band.' }),
            count: z.number().int(),
            hours: z.number(),
            byKind: z.record(kind, z.number().int()),
          }),
        ),
        kinds: z.record(kind, z.number().int()),
        gaps: z
          .array(z.object({ theme, count: z.number().int(), level: z.enum(['missing', 'thin']) }))
          .meta({ description: 'The guide’s themes for the band with fewer than 10 suitable items.' }),
        freshness: z.object({ medianAgeDays: z.number().nullable(), last30Days: z.number().int() }),
      }),
    ),
  }),
};
