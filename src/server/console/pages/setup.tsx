import { PASSWORD_MIN_LENGTH } from '../../../store/index.js';
import { Notice, PostForm, t, type Lang } from '../../web/index.js';
import { BASE } from '../respond.js';

/** The first-administrator form, reached from the link printed at the first start (its one-time token rides along). */
export function SetupForm(props: {
  readonly lang: Lang;
  readonly csrf: string;
  readonly token: string;
  readonly error?: string | undefined;
  readonly username: string;
}) {
  const { lang } = props;
  return (
    <>
      <h1>{t(lang, 'setup_title')}</h1>
      <p class="intro">{t(lang, 'setup_intro')}</p>
      <Notice kind="error" message={props.error} />
      <PostForm action={`${BASE}/setup`} csrf={props.csrf} class="card">
        <input type="hidden" name="token" value={props.token} />
        <label for="username">
          {t(lang, 'username')} <span class="hint">{t(lang, 'username_rule')}</span>
        </label>
        <input
          id="username"
          name="username"
          type="text"
          autocomplete="username"
          autocapitalize="none"
          required
          value={props.username}
        />
        <label for="password">
          {t(lang, 'password')} <span class="hint">{t(lang, 'password_rule', { min: PASSWORD_MIN_LENGTH })}</span>
        </label>
        <input
          id="password"
          name="password"
          type="password"
          autocomplete="new-password"
          required
          minlength={PASSWORD_MIN_LENGTH}
        />
        <label for="password2">{t(lang, 'password_repeat')}</label>
        <input
          id="password2"
          name="password2"
          type="password"
          autocomplete="new-password"
          required
          minlength={PASSWORD_MIN_LENGTH}
        />
        <button type="submit">{t(lang, 'setup_button')}</button>
      </PostForm>
    </>
  );
}
