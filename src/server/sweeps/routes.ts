import { Hono } from 'hono';
import { SURFACES } from '../../engine/index.js';
import { AppError } from '../../lib/index.js';
import {
  getSweep,
  listSweepResults,
  listSweeps,
  type Sweep,
  type SweepInvalidLine,
  type SweepItemInput,
} from '../../store/index.js';
import type { AppEnv } from '../app-env.js';
import { readJson } from '../request-body.js';
import type { ServiceDeps } from '../service-deps.js';
import { readSweepLine, readSweepObject } from './sweep-input.js';
import { submitSweep } from './submit-sweep.js';

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/** Result lines read from the database per query while streaming them. */
const RESULTS_PAGE = 1000;

/** A sweep as the API and the console show it: counters and a progress share of the accepted items. */
export function sweepJson(sweep: Sweep) {
  return {
    id: sweep.id,
    status: sweep.status,
    source: sweep.source,
    ageBand: sweep.ageBand,
    surface: sweep.surface,
    total: sweep.total,
    done: sweep.done,
    flagged: sweep.flagged,
    invalid: sweep.invalid,
    progress:
      sweep.total === 0 ? (sweep.status === 'done' ? 1 : 0) : Math.round((sweep.done / sweep.total) * 10_000) / 10_000,
    createdAt: iso(sweep.createdAt),
    updatedAt: iso(sweep.updatedAt),
    finishedAt: iso(sweep.finishedAt),
  };
}

/** Every result line of a sweep in index order, read page by page (constant memory whatever its size). */
export async function* sweepResultLines(deps: Pick<ServiceDeps, 'store'>, sweepId: string): AsyncGenerator<string> {
  let after = -1;
  for (;;) {
    const page = await listSweepResults(deps.store.db, sweepId, { afterIndex: after, limit: RESULTS_PAGE });
    for (const row of page) yield row.line;
    if (page.length < RESULTS_PAGE) return;
    after = page[page.length - 1]!.index;
  }
}

function* jsonlItems(text: string, maxTextLength: number): Generator<SweepItemInput | SweepInvalidLine | undefined> {
  let lineNumber = 0;
  for (const line of text.split('\n')) {
    lineNumber++;
    yield readSweepLine(line.replace(/\r$/, ''), lineNumber, maxTextLength);
  }
}

function* listingItems(items: readonly unknown[], maxTextLength: number): Generator<SweepItemInput | SweepInvalidLine> {
  for (const [index, entry] of items.entries()) {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      yield { index, line: index + 1, ref: null, error: `line ${index + 1}: expected a JSON object` };
    } else {
      yield readSweepObject(entry as Record<string, unknown>, index, index + 1, maxTextLength);
    }
  }
}

const emptySweep = (): AppError =>
  new AppError('validation_failed', 'The sweep has no items.', [{ path: 'items', message: 'no line and no item' }]);

/**
 * Sweeps over HTTP, for keys of scope `moderate`: `POST /v1/sweeps` takes a backlog (JSON lines, or a JSON object listing
 * `{"items": [{"ref", "text"}, …]}`) and answers 202 with the sweep; `GET /v1/sweeps/{id}` is its progress and
 * `GET /v1/sweeps/{id}/results` its result lines, in input order. A line that cannot be read is a result line with its
 * line number and error; the rest of the sweep goes on.
 */
export function createSweepRoutes(deps: ServiceDeps): Hono<AppEnv> {
  const api = new Hono<AppEnv>();
  const { auth } = deps;
  const max = deps.config.maxTextLength;

  api.post('/sweeps', auth.require('moderate'), async (c) => {
    const { key, tenant } = c.var.caller;
    const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    let items: Iterable<SweepItemInput | SweepInvalidLine | undefined>;
    let ageBand = c.req.query('ageBand');
    let surface = c.req.query('surface');
    let source = c.req.query('source') ?? 'api';
    if (type === 'application/json') {
      const body = await readJson(c);
      const listing = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
      if (!Array.isArray(listing['items']))
        throw new AppError('validation_failed', 'A JSON sweep lists its texts in "items".', [
          { path: 'items', message: 'must be an array of {"ref", "text"} objects' },
        ]);
      for (const [name, value] of Object.entries({
        ageBand: listing['ageBand'],
        surface: listing['surface'],
        source: listing['source'],
      })) {
        if (value !== undefined && typeof value !== 'string')
          throw new AppError('validation_failed', `"${name}" must be a string.`, [
            { path: name, message: 'must be a string' },
          ]);
      }
      ageBand = (listing['ageBand'] as string | undefined) ?? ageBand;
      surface = (listing['surface'] as string | undefined) ?? surface;
      source = (listing['source'] as string | undefined) ?? source;
      if ((listing['items'] as unknown[]).length === 0) throw emptySweep();
      items = listingItems(listing['items'] as unknown[], max);
    } else if (['application/x-ndjson', 'application/jsonl', 'application/x-jsonlines', 'text/plain'].includes(type)) {
      const text = await c.req.text();
      if (text.trim() === '') throw emptySweep();
      items = jsonlItems(text, max);
    } else {
      throw new AppError(
        'validation_failed',
        'Send JSON lines (Content-Type: application/x-ndjson) or a JSON listing (application/json).',
        [{ path: 'content-type', message: `not a sweep body: "${type}"` }],
      );
    }
    if (surface !== undefined && !(SURFACES as readonly string[]).includes(surface))
      throw new AppError('validation_failed', 'surface is not a known surface.', [
        { path: 'surface', message: 'unknown surface' },
      ]);
    const sweep = await submitSweep(deps, {
      tenantId: tenant.id,
      source,
      ageBand,
      surface,
      keyId: key.id,
      items,
    });
    return c.json(sweepJson(sweep), 202);
  });

  api.get('/sweeps', auth.require('moderate', 'admin'), async (c) => {
    const sweeps = await listSweeps(deps.store.db, { tenantId: c.var.caller.tenant.id, limit: 100 });
    return c.json({ sweeps: sweeps.map(sweepJson) });
  });

  const own = async (tenantId: string, id: string): Promise<Sweep> => {
    const sweep = await getSweep(deps.store.db, id, tenantId);
    if (sweep === undefined) throw new AppError('not_found', `No sweep ${id}.`);
    return sweep;
  };

  api.get('/sweeps/:id', auth.require('moderate', 'admin'), async (c) =>
    c.json(sweepJson(await own(c.var.caller.tenant.id, c.req.param('id')))),
  );

  api.get('/sweeps/:id/results', auth.require('moderate', 'admin'), async (c) => {
    const sweep = await own(c.var.caller.tenant.id, c.req.param('id'));
    const lines = sweepResultLines(deps, sweep.id);
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const next = await lines.next();
        if (next.done === true) controller.close();
        else controller.enqueue(encoder.encode(`${next.value}\n`));
      },
    });
    return c.body(body, 200, {
      'Content-Type': 'application/x-ndjson; charset=utf-8',
      'X-Sweep-Status': sweep.status,
    });
  });

  return api;
}
