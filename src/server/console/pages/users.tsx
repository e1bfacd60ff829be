import type { Hono, MiddlewareHandler } from 'hono';
import { isAppError } from '../../../lib/index.js';
import {
  CONSOLE_ROLES,
  PASSWORD_MIN_LENGTH,
  createConsoleUser,
  isConsoleRole,
  listConsoleUsers,
  setConsoleUserDisabled,
  setConsoleUserPassword,
} from '../../../store/index.js';
import { credentialProblem } from '../credentials.js';
import { DataTable, Notice, PostForm, flashOf, formatTime, redirectTo, t } from '../../web/index.js';
import type { ConsoleContext, ConsoleDeps, ConsoleEnv } from '../context.js';
import { BASE, sendPage } from '../respond.js';

/**
 * Console users: list, add with a role and a first password, set a new password (a forgotten one, or one someone else
 * learned), disable and enable. Administrators only; an administrator's own password is set with
 * `qinglang console-users passwd` (which is also the way back in when no administrator can sign in).
 */
export function registerUserRoutes(app: Hono<ConsoleEnv>, deps: ConsoleDeps, guard: MiddlewareHandler<ConsoleEnv>) {
  const render = async (
    c: ConsoleContext,
    extra: { readonly error?: string; readonly username?: string; readonly role?: string } = {},
  ) => {
    const lang = c.get('lang');
    const users = await listConsoleUsers(deps.store.db);
    const me = c.get('session')?.user.id;
    const csrf = c.get('csrf');
    const now = deps.clock();
    const ok = flashOf(c, { created: 'user_created', updated: 'user_updated', password: 'user_password_set' });
    const body = (
      <>
        <h1>{t(lang, 'users_title')}</h1>
        <p class="intro">{t(lang, 'users_intro')}</p>
        <Notice kind="ok" message={ok} />
        <Notice kind="error" message={extra.error} />
        <DataTable
          id="users"
          headers={[
            t(lang, 'username'),
            t(lang, 'role'),
            t(lang, 'status'),
            t(lang, 'last_sign_in'),
            t(lang, 'created_at'),
            '',
          ]}
        >
          {users.map((u) => {
            const status =
              u.disabledAt !== null
                ? t(lang, 'user_disabled')
                : u.lockedUntil !== null && u.lockedUntil > now
                  ? t(lang, 'user_locked', { time: formatTime(u.lockedUntil) })
                  : t(lang, 'user_active');
            return (
              <tr>
                <td>{u.username}</td>
                <td>{t(lang, `role_${u.role}`)}</td>
                <td>{status}</td>
                <td>{u.lastSignInAt === null ? t(lang, 'never') : formatTime(u.lastSignInAt)}</td>
                <td>{formatTime(u.createdAt)}</td>
                <td>
                  {u.id === me ? null : (
                    <>
                      <PostForm
                        class="inline"
                        action={`${BASE}/users/${u.disabledAt === null ? 'disable' : 'enable'}`}
                        csrf={csrf}
                      >
                        <input type="hidden" name="id" value={u.id} />
                        <button class="danger" type="submit">
                          {t(lang, u.disabledAt === null ? 'disable' : 'enable')}
                        </button>
                      </PostForm>
                      <PostForm class="inline" action={`${BASE}/users/password`} csrf={csrf}>
                        <input type="hidden" name="id" value={u.id} />
                        <label class="visually-hidden" for={`pw-${u.id}`}>
                          {t(lang, 'new_password')}
                        </label>
                        <input
                          id={`pw-${u.id}`}
                          name="password"
                          type="password"
                          autocomplete="new-password"
                          required
                          minlength={PASSWORD_MIN_LENGTH}
                          placeholder={t(lang, 'new_password')}
                        />
                        <button type="submit">{t(lang, 'set_password')}</button>
                      </PostForm>
                    </>
                  )}
                </td>
              </tr>
            );
          })}
        </DataTable>
        <PostForm class="card" action={`${BASE}/users`} csrf={csrf}>
          <h2>{t(lang, 'user_create')}</h2>
          <div class="row">
            <div>
              <label for="u-name">{t(lang, 'username')}</label>
              <input
                id="u-name"
                name="username"
                type="text"
                autocapitalize="none"
                autocomplete="off"
                required
                value={extra.username ?? ''}
              />
              <span class="hint">{t(lang, 'username_rule')}</span>
            </div>
            <div>
              <label for="u-role">{t(lang, 'role')}</label>
              <select id="u-role" name="role">
                {CONSOLE_ROLES.map((r) => (
                  <option value={r} selected={r === (extra.role ?? 'moderator')}>
                    {t(lang, `role_${r}`)}
                  </option>
                ))}
              </select>
            </div>
            <div>
              <label for="u-password">{t(lang, 'password')}</label>
              <input
                id="u-password"
                name="password"
                type="password"
                autocomplete="new-password"
                required
                minlength={PASSWORD_MIN_LENGTH}
              />
              <span class="hint">{t(lang, 'password_rule', { min: PASSWORD_MIN_LENGTH })}</span>
            </div>
          </div>
          <button type="submit">{t(lang, 'user_create')}</button>
        </PostForm>
      </>
    );
    return sendPage(c, t(lang, 'users_title'), body, {
      page: 'users',
      ...(extra.error ? { code: 'validation_failed' } : {}),
    });
  };

  app.get('/users', guard, (c) => render(c));

  app.post('/users', guard, async (c) => {
    const lang = c.get('lang');
    const form = c.get('form');
    const username = form.get('username');
    const role = form.get('role');
    if (!isConsoleRole(role))
      return render(c, { error: t(lang, 'error_invalid_input', { detail: t(lang, 'role') }), username });
    try {
      await createConsoleUser(deps.store.db, { username, password: form.get('password'), role }, deps.clock());
    } catch (error) {
      if (!isAppError(error) || (error.code !== 'validation_failed' && error.code !== 'conflict')) throw error;
      return render(c, { error: credentialProblem(lang, error.details), username, role });
    }
    deps.log.info({ username, role, by: c.get('session')?.user.username }, 'console user created');
    return redirectTo(c, `${BASE}/users`, { done: 'created' });
  });

  app.post('/users/password', guard, async (c) => {
    const form = c.get('form');
    const id = form.get('id');
    const lang = c.get('lang');
    if (id === c.get('session')?.user.id) return render(c, { error: t(lang, 'error_invalid_input', { detail: 'id' }) });
    try {
      await setConsoleUserPassword(deps.store.db, { id }, form.get('password'));
    } catch (error) {
      if (!isAppError(error)) throw error;
      if (error.code === 'not_found') return render(c, { error: t(lang, 'error_not_found') });
      if (error.code !== 'validation_failed') throw error;
      return render(c, { error: credentialProblem(lang, error.details) });
    }
    deps.log.info({ user: id, by: c.get('session')?.user.username }, 'console user password set');
    return redirectTo(c, `${BASE}/users`, { done: 'password' });
  });

  for (const state of ['disable', 'enable'] as const) {
    app.post(`/users/${state}`, guard, async (c) => {
      const lang = c.get('lang');
      const id = c.get('form').get('id');
      if (id === c.get('session')?.user.id) return render(c, { error: t(lang, 'error_self_disable') });
      try {
        await setConsoleUserDisabled(deps.store.db, id, state === 'disable', deps.clock());
      } catch (error) {
        if (!isAppError(error) || error.code !== 'not_found') throw error;
        return render(c, { error: t(lang, 'error_not_found') });
      }
      deps.log.info({ user: id, state, by: c.get('session')?.user.username }, 'console user updated');
      return redirectTo(c, `${BASE}/users`, { done: 'updated' });
    });
  }
}
