import { z } from 'zod';
import { AGE_BANDS, SURFACES } from '../../engine/index.js';
import { SWEEP_STATUSES } from '../../store/index.js';
import type { ApiOperation } from '../openapi.js';
import { SWEEP_REF_MAX } from './sweep-input.js';

const sweep = z.object({
  id: z.string(),
  status: z.enum(SWEEP_STATUSES),
  source: z.string(),
  ageBand: z.enum(AGE_BANDS),
  surface: z.enum(SURFACES).nullable(),
  total: z
    .number()
    .int()
    .meta({ description: 'Items accepted for moderation (lines that could not be read not counted).' }),
  done: z.number().int().meta({ description: 'Items moderated and logged, each counted once.' }),
  flagged: z.number().int(),
  invalid: z
    .number()
    .int()
    .meta({ description: 'Lines that could not be read; each is a result line with its error.' }),
  progress: z.number().min(0).max(1),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime().nullable(),
});

const listing = z.object({
  items: z.array(
    z.object({
      ref: z.string().max(SWEEP_REF_MAX).optional(),
      text: z.string(),
      ageBand: z.enum(AGE_BANDS).optional(),
      surface: z.enum(SURFACES).optional(),
    }),
  ),
  ageBand: z.enum(AGE_BANDS).optional(),
  surface: z.enum(SURFACES).optional(),
  source: z.string().optional(),
});

const ITEMS =
  'Each item is moderated once by a worker (`qinglang worker` with NATS, the service itself without), logged in the decision log under request id `sweep:{id}` with its index as `itemIndex`, and written as a result line.';

/** The sweep operations, for the OpenAPI document. */
export const SWEEP_OPERATIONS: readonly ApiOperation[] = [
  {
    method: 'post',
    path: '/v1/sweeps',
    summary: 'Submit a backlog of texts (a sweep)',
    description: `The body is JSON lines (Content-Type application/x-ndjson; one {"ref", "text", "ageBand"?, "surface"?} a line, or plain text) or a JSON listing ({"items": […]}); ageBand and surface may also be query parameters. A line that cannot be read is kept as an error with its line number, and the rest goes on. Answers 202 at once; ${ITEMS}`,
    scopes: ['moderate'],
    request: listing,
    response: sweep,
    status: 202,
  },
  {
    method: 'get',
    path: '/v1/sweeps',
    summary: 'List sweeps, newest first',
    description: 'The tenant’s last 100 sweeps with their progress.',
    scopes: ['moderate', 'admin'],
    response: z.object({ sweeps: z.array(sweep) }),
    status: 200,
  },
  {
    method: 'get',
    path: '/v1/sweeps/{id}',
    summary: 'A sweep’s progress',
    description:
      'Counters of the sweep: accepted, done, flagged and invalid lines; status done once every item has its result.',
    scopes: ['moderate', 'admin'],
    response: sweep,
    status: 200,
    pathParams: ['id'],
    errors: ['not_found'],
  },
  {
    method: 'get',
    path: '/v1/sweeps/{id}/results',
    summary: 'A sweep’s results as JSON lines',
    description:
      'One line an item, in input order, as `qinglang scan` writes them with the item’s index and ref: {"index", "ref", "flagged", "action", "categories", "matches", "scores", "signals"}; a line that could not be read is {"index", "line", "error"}. Only what is done so far; the X-Sweep-Status header says whether that is all.',
    scopes: ['moderate', 'admin'],
    response: z.string(),
    status: 200,
    pathParams: ['id'],
    errors: ['not_found'],
  },
];
