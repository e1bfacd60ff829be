import { t, type Lang, type MessageKey } from './messages.js';

/**
 * A message whose placeholders named in `codes` are shown as code, as they are typed (a command, an API path), inside
 * the sentence of the reader's language: `{command}` → <code>qinglang sweep FILE.jsonl</code>.
 */
export function WithCode(props: {
  readonly lang: Lang;
  readonly message: MessageKey;
  readonly codes: Readonly<Record<string, string>>;
  /** Placeholders filled as plain text. */
  readonly params?: Readonly<Record<string, string | number>>;
}) {
  const marks = Object.fromEntries(Object.keys(props.codes).map((name) => [name, `\u0000${name}\u0000`]));
  const parts = t(props.lang, props.message, { ...props.params, ...marks }).split('\u0000');
  // Odd parts are the names between the marks.
  return <>{parts.map((part, i) => (i % 2 === 1 ? <code>{props.codes[part] ?? part}</code> : part))}</>;
}
