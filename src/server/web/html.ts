import { raw as honoRaw } from 'hono/html';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

/**
 * Markup that is already safe to send: produced by `html`, by a hono/jsx component, or vouched for by `raw`. It is hono's
 * own escaped string, so templates and components nest in each other without escaping twice.
 */
export type SafeHtml = ReturnType<typeof honoRaw>;

/** A value a template may interpolate: escaped unless it is already markup; arrays are joined; null, undefined and false vanish. */
export type HtmlValue =
  SafeHtml | Promise<SafeHtml> | string | number | boolean | null | undefined | readonly HtmlValue[];

/** Escapes text for use in element content and in quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (ch) => ESCAPES[ch] ?? ch);
}

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return '';
  if (typeof value === 'string') return escapeHtml(value);
  if (typeof value === 'number' || value === true) return String(value);
  if (Array.isArray(value)) return (value as readonly HtmlValue[]).map(render).join('');
  // Every component of the page kit is synchronous; an asynchronous one would render as "[object Promise]".
  if (value instanceof Promise) throw new Error('an asynchronous component inside an html template');
  // What is left is markup already: a template's result (hono's escaped String object) or a hono/jsx element.
  return (value as { toString(): string }).toString();
}

/** Tagged template that escapes every interpolated value unless it is already markup. */
export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): SafeHtml {
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) {
    out += render(values[i]) + (strings[i + 1] ?? '');
  }
  return honoRaw(out);
}

/** Marks trusted markup (a constant from our own code, never user input) as safe. */
export function raw(markup: string): SafeHtml {
  return honoRaw(markup);
}
