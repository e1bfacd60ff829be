import type { Context } from 'hono';
import type { z } from 'zod';
import { AppError, type ErrorDetail } from '../lib/index.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

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
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new AppError('malformed_json', 'The request body is not valid JSON.', [
      { message: error instanceof Error ? error.message : String(error) },
    ]);
  }
}

/** Checks a value against a schema; every problem becomes a detail with its path (`items.3.text`). */
export function validate<S extends z.ZodType>(schema: S, value: unknown, what = 'request body'): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const details: ErrorDetail[] = result.error.issues.map((issue) => ({
    message: issue.message,
    path: issue.path.map(String).join('.'),
  }));
  throw new AppError('validation_failed', `The ${what} is not valid.`, details);
}
