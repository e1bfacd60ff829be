import type { Hono, MiddlewareHandler } from 'hono';
import { isAppError } from '../../../lib/index.js';
import {
  AUDIENCES,
  FEATURE_SETTINGS,
  INTERACTION_CONTROLS,
  type Audience,
  type FeatureSetting,
  type InteractionControl,
  type InteractionSettings,
} from '../../../policy/index.js';
import { Notice, PostForm, flashOf, formatTime, redirectTo, t, type Lang } from '../../web/index.js';
import type { PortalContext, PortalDeps, PortalEnv } from '../context.js';
import { portalData, type PortalData } from '../data.js';
import { PORTAL_BASE, sendPortalError, sendPortalPage } from '../respond.js';

const MINOR_ID = /^[A-Za-z0-9._:-]{1,128}$/;

type InteractionsData = Awaited<ReturnType<PortalData['interactions']>>;

/** What the form shows: the guardian's values (empty: the default), or what was sent when it was refused. */
type Values = Readonly<Record<InteractionControl | 'strangerDm', string>>;

function valuesOf(data: InteractionsData): Values {
  const own = data.settings.interactions ?? {};
  return {
    posts: own.posts ?? '',
    comments: own.comments ?? '',
    reposts: own.reposts ?? '',
    messages: own.messages ?? '',
    strangerDm: data.settings.features?.stranger_dm ?? '',
  };
}

const isAudience = (v: string): v is Audience => (AUDIENCES as readonly string[]).includes(v);

/**
 * Who may reach a child (条例 Art 26): who sees the child's posts, may comment and repost, may send messages, whether
 * strangers may message at all, and the users blocked. The guardian opens or closes each; the child may only close more,
 * and the page says where the child did.
 */
export function registerInteractionRoutes(app: Hono<PortalEnv>, deps: PortalDeps, guard: MiddlewareHandler<PortalEnv>) {
  const data = portalData(deps);
  const me = (c: PortalContext): string => c.get('guardian')?.id ?? '';
  const notBound = (c: PortalContext) => {
    const lang = c.get('lang');
    return sendPortalError(c, 'not_found', t(lang, 'error_not_found_title'), t(lang, 'error_not_bound'));
  };
  const boundMinor = async (c: PortalContext) => {
    const minorId = c.req.param('minorId') ?? '';
    return MINOR_ID.test(minorId) ? await data.minor(me(c), minorId) : null;
  };

  const render = async (
    c: PortalContext,
    refused?: { readonly values?: Values; readonly error: string; readonly userRef?: string },
  ) => {
    const lang = c.get('lang');
    const minor = await boundMinor(c);
    if (minor === null) return notBound(c);
    const view = await data.interactions(me(c), minor.minorId);
    const base = `${PORTAL_BASE}/minors/${minor.minorId}`;
    const flash = flashOf(c, { saved: 'interactions_saved', blocked: 'blocked_done', unblocked: 'unblocked_done' });
    const body = (
      <>
        <p>
          <a href={base}>← {minor.displayName}</a>
        </p>
        <h1>{t(lang, 'interactions_title')}</h1>
        <p class="intro">{t(lang, 'interactions_intro')}</p>
        <Notice kind="ok" message={flash} />
        <Notice kind="error" message={refused?.error} />
        <ControlsForm
          lang={lang}
          csrf={c.get('csrf')}
          action={`${base}/interactions`}
          view={view}
          values={refused?.values ?? valuesOf(view)}
        />
        <h2>{t(lang, 'blocks_title')}</h2>
        <p class="hint">{t(lang, 'blocks_intro')}</p>
        {view.blocks.length === 0 ? (
          <p class="card" id="blocks-none">
            {t(lang, 'blocks_none')}
          </p>
        ) : (
          <ul class="plain cards" id="blocks">
            {view.blocks.map((b) => (
              <li>
                <div class="actions">
                  <span>
                    <code>{b.userRef}</code>{' '}
                    <span class="muted">{t(lang, 'blocked_since', { time: formatTime(b.blockedAt) })}</span>
                  </span>
                  <PostForm action={`${base}/blocks/remove`} csrf={c.get('csrf')}>
                    <input type="hidden" name="userRef" value={b.userRef} />
                    <button class="secondary" type="submit">
                      {t(lang, 'unblock')}
                    </button>
                  </PostForm>
                </div>
              </li>
            ))}
          </ul>
        )}
        <PostForm action={`${base}/blocks`} csrf={c.get('csrf')} class="card" id="block-form">
          <label for="block-user">{t(lang, 'block_user_ref')}</label>
          <input
            id="block-user"
            name="userRef"
            type="text"
            required
            maxlength={200}
            autocapitalize="none"
            autocomplete="off"
            value={refused?.userRef ?? ''}
          />
          <p class="hint">{t(lang, 'block_user_ref_hint')}</p>
          <button type="submit">{t(lang, 'block')}</button>
        </PostForm>
      </>
    );
    return sendPortalPage(c, t(lang, 'interactions_title'), body, {
      section: 'minors',
      ...(refused === undefined ? {} : { code: 'validation_failed' as const }),
    });
  };

  app.get('/minors/:minorId/interactions', guard, (c) => render(c));

  app.post('/minors/:minorId/interactions', guard, async (c) => {
    const lang = c.get('lang');
    const minor = await boundMinor(c);
    if (minor === null) return notBound(c);
    const form = c.get('form');
    const values: Values = {
      posts: form.get('posts'),
      comments: form.get('comments'),
      reposts: form.get('reposts'),
      messages: form.get('messages'),
      strangerDm: form.get('strangerDm'),
    };
    const interactions: InteractionSettings = {};
    let bad = false;
    for (const control of INTERACTION_CONTROLS) {
      const value = values[control];
      if (value === '') continue;
      if (isAudience(value)) interactions[control] = value;
      else bad = true;
    }
    const dm = values.strangerDm;
    if (dm !== '' && !(FEATURE_SETTINGS as readonly string[]).includes(dm)) bad = true;
    if (bad) return render(c, { values, error: t(lang, 'error_choice_invalid') });
    try {
      await data.saveInteractions(me(c), minor.minorId, {
        interactions,
        strangerDm: dm === '' ? undefined : (dm as FeatureSetting),
      });
    } catch (error) {
      if (!isAppError(error)) throw error;
      const problems = data.settingsProblems(lang, error);
      if (problems.length === 0) throw error;
      return render(c, { values, error: problems.map((p) => p.message).join(' ') });
    }
    return redirectTo(c, `${PORTAL_BASE}/minors/${minor.minorId}/interactions`, { done: 'saved' });
  });

  for (const [path, blocked] of [
    ['blocks', true],
    ['blocks/remove', false],
  ] as const) {
    app.post(`/minors/:minorId/${path}`, guard, async (c) => {
      const lang = c.get('lang');
      const minor = await boundMinor(c);
      if (minor === null) return notBound(c);
      const userRef = c.get('form').get('userRef').trim();
      try {
        await data.setBlocked(me(c), minor.minorId, userRef, blocked);
      } catch (error) {
        if (!isAppError(error)) throw error;
        if (error.code === 'validation_failed') {
          return render(c, { error: t(lang, 'block_error_user_ref'), userRef });
        }
        if (error.code === 'not_found' && !blocked) return render(c, { error: t(lang, 'block_not_found') });
        throw error;
      }
      return redirectTo(c, `${PORTAL_BASE}/minors/${minor.minorId}/interactions`, {
        done: blocked ? 'blocked' : 'unblocked',
      });
    });
  }
}

function ControlsForm(props: {
  readonly lang: Lang;
  readonly csrf: string;
  readonly action: string;
  readonly view: InteractionsData;
  readonly values: Values;
}) {
  const { lang, view, values } = props;
  const dm = view.strangerDm;
  return (
    <PostForm action={props.action} csrf={props.csrf} class="card" id="interactions">
      {INTERACTION_CONTROLS.map((control) => {
        const now = view.effective[control];
        return (
          <fieldset>
            <legend>{t(lang, `control_${control}`)}</legend>
            <select id={`control-${control}`} name={control} aria-label={t(lang, `control_${control}`)}>
              <option value="">
                {t(lang, 'use_default')} ({t(lang, `audience_${view.defaults[control].value}`)})
              </option>
              {AUDIENCES.map((a) => (
                <option value={a} selected={values[control] === a}>
                  {t(lang, `audience_${a}`)}
                </option>
              ))}
            </select>
            <p class="hint" id={`now-${control}`}>
              {t(lang, 'interactions_now', { value: t(lang, `audience_${now.value}`) })}
              {now.layer === 'minor' ? ` ${t(lang, 'interactions_by_child')}` : ''}
            </p>
          </fieldset>
        );
      })}
      <fieldset>
        <legend>{t(lang, 'feature_stranger_dm')}</legend>
        {dm.choices.length <= 1 ? (
          <p class="fixed" id="stranger-dm-fixed">
            {t(lang, `setting_${dm.choices[0] ?? dm.value}`)} <span class="hint">{t(lang, 'fixed_by_law')}</span>
          </p>
        ) : (
          <select id="stranger-dm" name="strangerDm" aria-label={t(lang, 'feature_stranger_dm')}>
            <option value="">
              {t(lang, 'use_default')} ({t(lang, `setting_${dm.default}`)})
            </option>
            {dm.choices.map((s) => (
              <option value={s} selected={values.strangerDm === s}>
                {t(lang, `setting_${s}`)}
              </option>
            ))}
          </select>
        )}
        <p class="hint">{t(lang, 'interactions_strangers_hint')}</p>
      </fieldset>
      <button type="submit">{t(lang, 'save')}</button>
    </PostForm>
  );
}
