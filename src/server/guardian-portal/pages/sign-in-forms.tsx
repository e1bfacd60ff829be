import { GUARDIAN_PASSWORD_MIN_LENGTH } from '../../../store/index.js';
import { Notice, PostForm, t, type Lang } from '../../web/index.js';
import { PORTAL_BASE } from '../respond.js';

/** `?next=…` for a link to another sign-in page, so the guardian still lands where they were going. */
export function nextQuery(next: string): string {
  return next === '' ? '' : `?next=${encodeURIComponent(next)}`;
}

/** Under the password form: the other way to sign in, and signing up. */
export function SignInLinks(props: { readonly lang: Lang; readonly next: string }) {
  const { lang, next } = props;
  return (
    <>
      <p>
        <a href={`${PORTAL_BASE}/sign-in/code${nextQuery(next)}`}>{t(lang, 'sign_in_with_code')}</a>
      </p>
      <p>
        {t(lang, 'no_account')} <a href={`${PORTAL_BASE}/sign-up${nextQuery(next)}`}>{t(lang, 'sign_up_title')}</a>
      </p>
    </>
  );
}

/** Signing in with a one-time code: the form that sends one, and once sent, the form that takes it. */
export function CodeForms(props: {
  readonly lang: Lang;
  readonly csrf: string;
  readonly next: string;
  readonly error?: string | undefined;
  readonly ok?: string | undefined;
  readonly identifier?: string | undefined;
  readonly sent?: boolean | undefined;
}) {
  const { lang, next } = props;
  return (
    <>
      <h1>{t(lang, 'sign_in_with_code')}</h1>
      <Notice kind="ok" message={props.ok} />
      <Notice kind="error" message={props.error} />
      <PostForm action={`${PORTAL_BASE}/sign-in/code/send`} csrf={props.csrf} class="card" id="code-send">
        <input type="hidden" name="next" value={next} />
        <label for="code-identifier">{t(lang, 'identifier')}</label>
        <input
          id="code-identifier"
          name="identifier"
          type="text"
          autocomplete="username"
          autocapitalize="none"
          required
          value={props.identifier ?? ''}
        />
        <button class={props.sent === true ? 'secondary' : ''} type="submit">
          {t(lang, 'code_send')}
        </button>
      </PostForm>
      {props.sent === true ? (
        <PostForm action={`${PORTAL_BASE}/sign-in/code`} csrf={props.csrf} class="card" id="code-sign-in">
          <input type="hidden" name="next" value={next} />
          <input type="hidden" name="identifier" value={props.identifier ?? ''} />
          <label for="code">{t(lang, 'code')}</label>
          <input
            id="code"
            class="code"
            name="code"
            type="text"
            inputmode="numeric"
            autocomplete="one-time-code"
            pattern="[0-9]*"
            maxlength={8}
            required
          />
          <button type="submit">{t(lang, 'sign_in_button')}</button>
        </PostForm>
      ) : null}
      <p>
        <a href={`${PORTAL_BASE}/sign-in${nextQuery(next)}`}>{t(lang, 'sign_in_with_password')}</a>
      </p>
    </>
  );
}

/** Creating a guardian account: the phone number or e-mail, a name the family knows, a password. */
export function SignUpForm(props: {
  readonly lang: Lang;
  readonly csrf: string;
  readonly next: string;
  readonly errors?: readonly string[] | undefined;
  readonly identifier?: string | undefined;
  readonly displayName?: string | undefined;
}) {
  const { lang, next } = props;
  const errors = props.errors ?? [];
  return (
    <>
      <h1>{t(lang, 'sign_up_title')}</h1>
      <p class="intro">{t(lang, 'sign_up_intro')}</p>
      {errors.length === 0 ? null : (
        <div class="notice error" role="alert">
          <ul class="errors">
            {errors.map((e) => (
              <li>{e}</li>
            ))}
          </ul>
        </div>
      )}
      <PostForm action={`${PORTAL_BASE}/sign-up`} csrf={props.csrf} class="card" id="sign-up">
        <input type="hidden" name="next" value={next} />
        <label for="identifier">{t(lang, 'identifier')}</label>
        <input
          id="identifier"
          name="identifier"
          type="text"
          autocomplete="username"
          autocapitalize="none"
          required
          value={props.identifier ?? ''}
        />
        <label for="displayName">
          {t(lang, 'display_name')} <span class="hint">{t(lang, 'display_name_hint')}</span>
        </label>
        <input id="displayName" name="displayName" type="text" maxlength={50} value={props.displayName ?? ''} />
        <label for="password">
          {t(lang, 'password')}{' '}
          <span class="hint">{t(lang, 'sign_up_password_hint', { min: GUARDIAN_PASSWORD_MIN_LENGTH })}</span>
        </label>
        <input id="password" name="password" type="password" autocomplete="new-password" />
        <button type="submit">{t(lang, 'sign_up_button')}</button>
      </PostForm>
      <p>
        <a href={`${PORTAL_BASE}/sign-in${nextQuery(next)}`}>{t(lang, 'guardian_sign_in_title')}</a>
      </p>
    </>
  );
}
