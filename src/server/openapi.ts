import { z } from 'zod';
import { ERROR_CODES, type ErrorCode } from '../lib/index.js';
import { CONVERSATION_OPERATIONS } from './conversations/operations.js';
import { HTTP_STATUS } from './errors.js';
import { POOL_OPERATIONS } from './pool/operations.js';
import { PRIVACY_OPERATIONS } from './privacy/operations.js';
import { REPORT_OPERATIONS } from './reports/operations.js';
import type { Schemas } from './schemas.js';
import { SWEEP_OPERATIONS } from './sweeps/operations.js';
import { WEBHOOK_OPERATIONS } from './webhooks-api.js';
import { YOUTH_OPERATIONS } from './youth/operations.js';

/** A schema by its name in `Schemas`, or a zod schema of another part of the API (webhooks, youth, guardian). */
type SchemaRef = keyof Schemas | z.ZodType;

/** One documented operation; the handlers validate with the same schemas. */
export interface ApiOperation {
  readonly method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  readonly path: string;
  readonly summary: string;
  readonly description: string;
  readonly scopes: readonly string[];
  readonly request?: SchemaRef;
  readonly query?: SchemaRef;
  readonly response: SchemaRef;
  readonly status: 200 | 201 | 202;
  /** The security scheme; API keys unless said otherwise. */
  readonly security?: 'apiKey' | 'guardianSession' | 'none';
  readonly pathParams?: readonly string[];
  /** Error codes this operation may answer besides those of every call (authentication, scope, rate limit, validation). */
  readonly errors?: readonly ErrorCode[];
}

/** The API's operations, in the order the readable page shows them. */
const CORE_OPERATIONS: readonly ApiOperation[] = [
  {
    method: 'post',
    path: '/v1/moderate',
    summary: 'Moderate one text',
    description:
      'Finds harmful content and its disguised variants in the text and returns the verdict for the age band and surface. ' +
      'With the model stage on, `scores` gives the calibrated probability of each category and `signals` the spans behind ' +
      'the categories that scored; the tenant’s `modelThreshold` applies. The call is in the decision log before it is answered.',
    scopes: ['moderate'],
    request: 'moderateRequest',
    response: 'moderateResponse',
    status: 200,
  },
  {
    method: 'post',
    path: '/v1/moderate/batch',
    summary: 'Moderate up to 1,000 texts',
    description:
      'One verdict per item, in order, all from the same lexicon version. Counts as one request for rate limits.',
    scopes: ['moderate'],
    request: 'batchRequest',
    response: 'batchResponse',
    status: 200,
  },
  {
    method: 'get',
    path: '/v1/lexicon',
    summary: "The tenant's own lexicon rows",
    description: 'Terms added, default terms disabled and allow terms, with the stored and the serving version.',
    scopes: ['admin'],
    response: 'lexicon',
    status: 200,
  },
  {
    method: 'post',
    path: '/v1/lexicon/changes',
    summary: 'Change the tenant lexicon',
    description:
      'Makes one new version. It is checked before it is stored, compiled in the background and swapped in without a failed ' +
      'request; `activeVersion` in GET /v1/lexicon shows when it serves.',
    scopes: ['admin'],
    request: 'lexiconChange',
    response: 'lexiconChangeResult',
    status: 201,
    errors: ['lexicon_invalid', 'lexicon_too_large'],
  },
  {
    method: 'get',
    path: '/v1/lexicon/versions',
    summary: 'Lexicon versions',
    description: 'Every version, newest first, with the change that made it.',
    scopes: ['admin'],
    response: 'lexiconVersions',
    status: 200,
  },
  {
    method: 'get',
    path: '/v1/tenant',
    summary: 'Tenant settings',
    description: 'Whether raw text is kept, how long decisions are kept, and the stricter model threshold, if any.',
    scopes: ['admin'],
    response: 'tenant',
    status: 200,
  },
  {
    method: 'patch',
    path: '/v1/tenant',
    summary: 'Change tenant settings',
    description:
      'Opt in to keeping raw text (off by default, for minors’ data minimization), set the retention in days, or set ' +
      '`modelThreshold` (above 0, at most 1; null: the default) to flag model scores from a lower probability than the ' +
      'age band’s default. A tenant can only tighten: a threshold above the default changes nothing.',
    scopes: ['admin'],
    request: 'tenantPatch',
    response: 'tenant',
    status: 200,
  },
  {
    method: 'get',
    path: '/v1/keys',
    summary: 'API keys',
    description: "The tenant's keys, revoked ones included; never the secrets.",
    scopes: ['admin'],
    response: 'keyList',
    status: 200,
  },
  {
    method: 'post',
    path: '/v1/keys',
    summary: 'Create an API key',
    description: 'The token is in this answer only; the service keeps a hash.',
    scopes: ['admin'],
    request: 'keyCreate',
    response: 'keyCreated',
    status: 201,
  },
  {
    method: 'delete',
    path: '/v1/keys/{id}',
    summary: 'Revoke an API key',
    description: 'The key stops working at once in this process and within API_KEY_CACHE_SECONDS everywhere.',
    scopes: ['admin'],
    response: 'apiKey',
    status: 200,
    pathParams: ['id'],
    errors: ['not_found'],
  },
  {
    method: 'get',
    path: '/v1/decisions',
    summary: 'The decision log',
    description: 'Logged moderation calls, newest first; page with `before`.',
    scopes: ['review', 'admin'],
    query: 'decisionQuery',
    response: 'decisionList',
    status: 200,
  },
  ...REPORT_OPERATIONS,
  ...CONVERSATION_OPERATIONS,
  ...POOL_OPERATIONS,
  ...SWEEP_OPERATIONS,
];

/** Every operation of the API, in the order the readable page shows them. */
export const OPERATIONS: readonly ApiOperation[] = [
  ...CORE_OPERATIONS,
  ...WEBHOOK_OPERATIONS,
  ...YOUTH_OPERATIONS,
  ...PRIVACY_OPERATIONS,
  ...REPORT_OPERATIONS,
];

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const generated: Record<string, unknown> = {
    ...z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }),
  };
  delete generated['$schema'];
  return generated;
}

/** The OpenAPI 3.1 document, generated from the same zod schemas the handlers validate with. */
export function createOpenApiDocument(
  schemas: Schemas,
  options: { readonly serverUrl: string },
): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  const errorRef = { $ref: '#/components/schemas/Error' };
  const resolve = (ref: SchemaRef): z.ZodType => (typeof ref === 'string' ? schemas[ref] : ref);
  for (const op of OPERATIONS) {
    const responses: Record<string, unknown> = {
      [op.status]: {
        description: 'Success',
        content: { 'application/json': { schema: jsonSchema(resolve(op.response), 'output') } },
      },
    };
    const statuses = new Set<number>(
      op.security === 'none'
        ? [HTTP_STATUS.rate_limited]
        : [HTTP_STATUS.unauthenticated, HTTP_STATUS.forbidden, HTTP_STATUS.rate_limited],
    );
    if (op.request !== undefined) {
      for (const s of [HTTP_STATUS.validation_failed, HTTP_STATUS.payload_too_large]) statuses.add(s);
    }
    if (op.query !== undefined) statuses.add(HTTP_STATUS.validation_failed);
    for (const code of op.errors ?? []) statuses.add(HTTP_STATUS[code]);
    for (const status of statuses) {
      const codes = Object.entries(HTTP_STATUS)
        .filter(([, s]) => s === status)
        .map(([code]) => code);
      responses[status] = { description: codes.join(', '), content: { 'application/json': { schema: errorRef } } };
    }
    const parameters: unknown[] = (op.pathParams ?? []).map((name) => ({
      name,
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    if (op.query !== undefined) {
      const query = jsonSchema(resolve(op.query), 'input') as {
        properties?: Record<string, unknown>;
        required?: string[];
      };
      for (const [name, schema] of Object.entries(query.properties ?? {})) {
        parameters.push({ name, in: 'query', required: query.required?.includes(name) ?? false, schema });
      }
    }
    paths[op.path] ??= {};
    paths[op.path]![op.method] = {
      summary: op.summary,
      description: op.scopes.length > 0 ? `${op.description}\n\nScopes: ${op.scopes.join(' or ')}.` : op.description,
      security: op.security === 'none' ? [] : [{ [op.security ?? 'apiKey']: [] }],
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(op.request === undefined
        ? {}
        : {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: jsonSchema(resolve(op.request), 'input') } },
            },
          }),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'qinglang (清朗) API',
      version: '1',
      description:
        'Moderation of harmful content and its disguised variants for minors’ online protection. JSON, camelCase; every ' +
        'error is {"error": {"code", "message", "details"}} with a stable code.',
    },
    servers: [{ url: options.serverUrl }],
    components: {
      securitySchemes: {
        apiKey: { type: 'http', scheme: 'bearer', description: 'An API key: qlk_…' },
        guardianSession: { type: 'http', scheme: 'bearer', description: 'A guardian session token: qgs_…' },
      },
      schemas: {
        Error: jsonSchema(schemas.error, 'output'),
        ErrorCodes: {
          type: 'string',
          enum: Object.keys(ERROR_CODES),
          description: Object.entries(ERROR_CODES)
            .map(([code, meaning]) => `${code} (${HTTP_STATUS[code as keyof typeof HTTP_STATUS]}): ${meaning}`)
            .join('\n'),
        },
      },
    },
    paths,
  };
}
