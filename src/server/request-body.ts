import type { Context } from 'hono';
import type { z } from 'zod';
import { AppError, type ErrorDetail } from '../lib/index.js';
import { isWellFormed } from './schemas.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** How deep a JSON body may nest: no request needs more, and a deeper one is refused before anything walks it. */
export const MAX_JSON_DEPTH = 32;

// NUL is never a valid character in a field (PostgreSQL cannot store it in text); a lone surrogate is not text at all.
const MAX_REPORTED = 20;

function isBadText(value: string): boolean {
  return value.includes('\u0000') || !isWellFormed(value);
}

/**
 * Every string (and object key) in a parsed value holding a NUL or a lone surrogate, by path, walked without recursion;
 * and whether the value nests deeper than `MAX_JSON_DEPTH`.
 */
function inspect(value: unknown): { readonly details: ErrorDetail[]; readonly tooDeep: boolean } {
  interface Node {
    readonly value: unknown;
    readonly key: string | number | undefined;
    readonly parent: Node | undefined;
    readonly depth: number;
  }
  const pathOf = (node: Node, last?: string): string => {
    const parts: (string | number)[] = last === undefined ? [] : [last];
    for (let n: Node | undefined = node; n?.key !== undefined; n = n.parent) parts.unshift(n.key);
    return parts.join('.');
  };
  const details: ErrorDetail[] = [];
  const stack: Node[] = [{ value, key: undefined, parent: undefined, depth: 0 }];
  while (stack.length > 0 && details.length < MAX_REPORTED) {
    const node = stack.pop()!;
    const v = node.value;
    if (node.depth > MAX_JSON_DEPTH) return { details, tooDeep: true };
    if (typeof v === 'string') {
      if (isBadText(v)) {
        details.push({
          path: pathOf(node),
          message: v.includes('\u0000')
            ? 'contains a NUL character'
            : 'is not well-formed UTF-16: it contains a lone surrogate',
        });
      }
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) {
        stack.push({ value: v[i] as unknown, key: i, parent: node, depth: node.depth + 1 });
      }
    } else if (typeof v === 'object' && v !== null) {
      for (const [key, child] of Object.entries(v)) {
        if (isBadText(key)) details.push({ path: pathOf(node, key), message: 'the name is not valid text' });
        stack.push({ value: child, key, parent: node, depth: node.depth + 1 });
      }
    }
  }
  return { details, tooDeep: false };
}

/**
 * Refuses a value holding a NUL or a lone surrogate in any string, whatever its source (a JSON body, a page's form):
 * `validation_failed` naming each place.
 */
export function refuseBadText(value: unknown, what = 'request'): void {
  const { details } = inspect(value);
  if (details.length > 0) throw new AppError('validation_failed', `The ${what} is not valid.`, details);
}

/** Reads the body as JSON: invalid UTF-8 or JSON is `malformed_json`, with the parser's message. */
export async function readJson(c: Context): Promise<unknown> {
  const bytes = await c.req.arrayBuffer();
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw new AppError('malformed_json', 'The request body is not valid UTF-8.');
  }
  if (text.trim() === '') throw new AppError('malformed_json', 'The request body is empty; JSON was expected.');
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (error) {
    throw new AppError('malformed_json', 'The request body is not valid JSON.', [
      { message: error instanceof Error ? error.message : String(error) },
    ]);
  }
  if (inspect(value).tooDeep) {
    throw new AppError('validation_failed', `The request body nests deeper than ${MAX_JSON_DEPTH} levels.`, [
      { path: '', message: `at most ${MAX_JSON_DEPTH} levels of arrays and objects` },
    ]);
  }
  return value;
}

/**
 * Checks a value against a schema; every problem becomes a detail with its path (`items.3.text`). A NUL or a lone
 * surrogate in any string is refused first, whatever the schema, so no field can carry one to the database.
 */
export function validate<S extends z.ZodType>(schema: S, value: unknown, what = 'request body'): z.output<S> {
  const { details: bad, tooDeep } = inspect(value);
  if (bad.length > 0 || tooDeep) {
    if (tooDeep) bad.push({ path: '', message: `at most ${MAX_JSON_DEPTH} levels of arrays and objects` });
    throw new AppError('validation_failed', `The ${what} is not valid.`, bad);
  }
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const details: ErrorDetail[] = result.error.issues.map((issue) => ({
    message: issue.message,
    path: issue.path.map(String).join('.'),
  }));
  throw new AppError('validation_failed', `The ${what} is not valid.`, details);
}
