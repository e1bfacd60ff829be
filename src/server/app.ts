import { randomUUID } from 'node:crypto';
import { Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { AppError } from '../lib/index.js';
import { renderApiPage } from './api-page.js';
import { createApiRoutes } from './api-routes.js';
import type { AppEnv } from './app-env.js';
import { errorResponse } from './errors.js';
import { createOpenApiDocument } from './openapi.js';
import { checkDependencies } from './readiness.js';
import { createSchemas } from './schemas.js';
import type { ServiceDeps } from './service-deps.js';

/**
 * Routes another part serves beside the API, under a path of their own.
 *
 * @NOTE This is the seam for the console (and later the guardian portal): the part exports a factory taking the same
 * `ServiceDeps` and returning a Hono app, and `startServer` mounts it with `createApp(deps, [{ path: '/console', routes:
 * createConsole(deps) }])`. Mounted routes get the request id, the access log, metrics and coded errors from here; they bring
 * their own sessions and CSRF, and are outside the /v1 body limit and API-key checks.
 */
export interface MountedRoutes {
  readonly path: string;
  // Each part keeps its own context variables, so any Env goes; Hono's route() accepts them all.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly routes: Hono<any, any, any>;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The whole HTTP application: the /v1 API, its documentation, the operations endpoints and any mounted routes. */
export function createApp(deps: ServiceDeps, mounts: readonly MountedRoutes[] = []): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const schemas = createSchemas({ maxTextLength: deps.config.maxTextLength });
  const openapi = createOpenApiDocument(schemas, { serverUrl: deps.config.publicUrl });
  const apiPage = renderApiPage(openapi, deps.config.publicUrl);

  app.use(async (c, next) => {
    const started = performance.now();
    const given = c.req.header('x-request-id');
    const requestId = given !== undefined && REQUEST_ID.test(given) ? given : randomUUID();
    c.set('requestId', requestId);
    c.header('X-Request-Id', requestId);
    await next();
    // While shutting down, tell keep-alive clients to reconnect (to another replica) instead of reusing this connection.
    if (!deps.state.ready) c.header('Connection', 'close');
    // Every answer, JSON, the API page and errors included: a browser must never guess another type than the one sent.
    c.header('X-Content-Type-Options', 'nosniff');
    const seconds = (performance.now() - started) / 1000;
    const route = c.req.routePath;
    deps.metrics.observeRequest(c.req.method, route, c.res.status, seconds);
    deps.log.info(
      {
        requestId,
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        ms: Math.round(seconds * 10_000) / 10,
        key: c.get('caller')?.key.id,
      },
      'request',
    );
  });

  // A NUL in a path segment or a query value (an id, a ref, a code) can reach no field, API or page: PostgreSQL cannot
  // store it in text.
  const refuseNul: MiddlewareHandler<AppEnv> = async (c, next) => {
    if (/%00/i.test(c.req.url) || c.req.url.includes('\u0000')) {
      throw new AppError('validation_failed', 'The URL is not valid.', [
        { path: 'url', message: 'contains a NUL character' },
      ]);
    }
    await next();
  };
  app.use(refuseNul);

  app.onError((error, c) => {
    if (!(error instanceof AppError)) {
      deps.log.error({ requestId: c.get('requestId'), err: error }, 'request failed');
    }
    return errorResponse(c, error);
  });
  app.notFound((c) => errorResponse(c, new AppError('not_found', 'No such route.')));

  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  // Every configured dependency with its state: 200 when all answer, else 503 `unavailable` naming each one that does not.
  app.get('/readyz', async (c) => {
    if (!deps.state.ready) throw new AppError('unavailable', 'The service is starting or shutting down.');
    const dependencies = await checkDependencies(deps.health);
    const down = dependencies.filter((d) => !d.ok);
    if (down.length > 0) {
      throw new AppError(
        'unavailable',
        `Not ready: ${down.map((d) => d.name).join(', ')} cannot be reached.`,
        dependencies.map((d) => ({ path: d.name, message: d.ok ? `ok: ${d.detail}` : d.detail })),
      );
    }
    return c.json({ status: 'ready', dependencies });
  });
  app.get('/metrics', (c) =>
    c.text(deps.metrics.render(), 200, { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8' }),
  );

  app.get('/v1/openapi.json', (c) => c.json(openapi));
  app.get('/v1/docs', (c) => c.html(apiPage));
  app.get('/', (c) => c.redirect(mounts.some((m) => m.path === '/console') ? '/console' : '/v1/docs'));

  const tooLarge = (): never => {
    throw new AppError('payload_too_large', `The request body is larger than ${deps.config.bodyLimitBytes} bytes.`);
  };
  const streamingLimit: MiddlewareHandler<AppEnv> = bodyLimit({
    maxSize: deps.config.bodyLimitBytes,
    onError: tooLarge,
  });
  // @NOTE A declared Content-Length is checked here and the body is then read on @hono/node-server's fast path; the
  // streaming limit (which builds a full web Request, several times slower) is kept for chunked bodies only.
  const limitBody: MiddlewareHandler<AppEnv> = async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    const length = c.req.header('content-length');
    if (length !== undefined && c.req.header('transfer-encoding') === undefined) {
      if (!/^\d+$/.test(length) || Number(length) > deps.config.bodyLimitBytes) tooLarge();
      return next();
    }
    return streamingLimit(c, next);
  };
  app.use('/v1/*', limitBody);
  app.route('/v1', createApiRoutes(deps, schemas));
  for (const mount of mounts) app.route(mount.path, mount.routes);
  return app;
}
