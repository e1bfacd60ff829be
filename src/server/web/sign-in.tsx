import type { Child } from 'hono/jsx';
import { Notice, PostForm } from './layout.js';
import { t, type Lang } from './messages.js';

/**
 * The password sign-in form every page set signs people in with: an account name (the console's username, a guardian's
 * phone or e-mail), the password, where to go next, and the notices of the last try.
 */
export function PasswordSignIn(props: {
  readonly lang: Lang;
  readonly csrf: string;
  readonly action: string;
  readonly next: string;
  readonly title: string;
  readonly intro?: string;
  readonly ok?: string | undefined;
  readonly error?: string | undefined;
  /** The account field: its name and id, its label, what was typed, and a keyboard hint for phones. */
  readonly account: {
    readonly name: string;
    readonly label: string;
    readonly value: string;
    readonly inputmode?: 'email' | 'text';
  };
  readonly formId?: string;
  /** Said under the button (the lockout rule). */
  readonly hint?: string;
  /** Links after the form (another way to sign in, sign up). */
  readonly after?: Child;
}) {
  const { lang, account } = props;
  return (
    <>
      <h1>{props.title}</h1>
      {props.intro === undefined ? null : <p class="intro">{props.intro}</p>}
      <Notice kind="ok" message={props.ok} />
      <Notice kind="error" message={props.error} />
      <PostForm
        action={props.action}
        csrf={props.csrf}
        class="card"
        {...(props.formId === undefined ? {} : { id: props.formId })}
      >
        <input type="hidden" name="next" value={props.next} />
        <label for={account.name}>{account.label}</label>
        <input
          id={account.name}
          name={account.name}
          type="text"
          autocomplete="username"
          autocapitalize="none"
          inputmode={account.inputmode}
          required
          value={account.value}
        />
        <label for="password">{t(lang, 'password')}</label>
        <input id="password" name="password" type="password" autocomplete="current-password" required />
        <button type="submit">{t(lang, 'sign_in_button')}</button>
        {props.hint === undefined ? null : <p class="hint">{props.hint}</p>}
      </PostForm>
      {props.after}
    </>
  );
}
