import type { Hono, MiddlewareHandler } from 'hono';
import {
  POOL_THEMES,
  POOL_THEME_RULES,
  isPoolBand,
  isPoolTheme,
  themesForBand,
  type PoolBand,
} from '../../../policy/index.js';
import { countPoolThemes, getMinorOverview, getPoolThemesOff, setPoolThemesOff } from '../../../store/index.js';
import { Notice, PostForm, ageBandLabel, flashOf, redirectTo, t } from '../../web/index.js';
import type { PortalContext, PortalDeps, PortalEnv } from '../context.js';
import { portalData } from '../data.js';
import { PORTAL_BASE, sendPortalError, sendPortalPage } from '../respond.js';

const MINOR_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Which themes the child's youth-mode content offers, for the band its content is rated for, and switching themes off.
 * A guardian can only narrow: a theme for older children is never offered, whatever is chosen here.
 */
export function registerPoolThemeRoutes(app: Hono<PortalEnv>, deps: PortalDeps, guard: MiddlewareHandler<PortalEnv>) {
  const data = portalData(deps);
  const me = (c: PortalContext): string => c.get('guardian')?.id ?? '';
  /** The bound child's tenant, ref and content band; null when this guardian is not bound to it. */
  const childOf = async (c: PortalContext) => {
    const minorId = c.req.param('minorId') ?? '';
    const bound = MINOR_ID.test(minorId) ? await data.minor(me(c), minorId) : null;
    if (bound === null) return null;
    const { minor, policy } = await getMinorOverview(deps.store.db, bound.minorId, deps.clock());
    const content = policy.contentBand.value;
    const band: PoolBand = isPoolBand(content) ? content : 'age_16_18';
    return { id: minor.id, tenantId: minor.tenantId, minorRef: minor.minorRef, name: bound.displayName, band };
  };
  const notBound = (c: PortalContext) => {
    const lang = c.get('lang');
    return sendPortalError(c, 'not_found', t(lang, 'error_not_found_title'), t(lang, 'error_not_bound'));
  };

  app.get('/minors/:minorId/themes', guard, async (c) => {
    const lang = c.get('lang');
    const child = await childOf(c);
    if (child === null) return notBound(c);
    const offered = themesForBand(child.band);
    const off = new Set(await getPoolThemesOff(deps.store.db, child.tenantId, child.minorRef));
    const counts = await countPoolThemes(deps.store.db, child.tenantId, child.band);
    const later = POOL_THEMES.filter((th) => !offered.includes(th));
    const base = `${PORTAL_BASE}/minors/${child.id}`;
    const body = (
      <>
        <p>
          <a href={base}>← {child.name}</a>
        </p>
        <h1>{t(lang, 'portal_themes_title', { name: child.name })}</h1>
        <p class="intro">{t(lang, 'portal_themes_intro')}</p>
        <Notice kind="ok" message={flashOf(c, { saved: 'portal_themes_saved' })} />
        <PostForm action={`${base}/themes`} csrf={c.get('csrf')} class="card" id="themes-form">
          <p class="hint">{t(lang, 'portal_themes_band', { band: ageBandLabel(child.band, lang) })}</p>
          <ul class="plain" id="themes">
            {offered.map((th) => (
              <li data-theme={th}>
                <label class="check">
                  <input type="checkbox" name="on" value={th} checked={!off.has(th)} />{' '}
                  {POOL_THEME_RULES[th].label[lang]}{' '}
                  <span class="muted">{t(lang, 'portal_theme_items', { n: counts[th] ?? 0 })}</span>
                  {off.has(th) ? <span class="tag">{t(lang, 'portal_theme_off_note')}</span> : null}
                </label>
              </li>
            ))}
          </ul>
          <button type="submit">{t(lang, 'portal_themes_save')}</button>
        </PostForm>
        {later.length === 0 ? null : (
          <section class="card" id="themes-later">
            <h2>{t(lang, 'portal_themes_later')}</h2>
            <p class="muted">{later.map((th) => POOL_THEME_RULES[th].label[lang]).join('、')}</p>
          </section>
        )}
      </>
    );
    return sendPortalPage(c, t(lang, 'portal_themes_title', { name: child.name }), body, { section: 'minors' });
  });

  app.post('/minors/:minorId/themes', guard, async (c) => {
    const child = await childOf(c);
    if (child === null) return notBound(c);
    const offered = themesForBand(child.band);
    const on = new Set(c.get('form').getAll('on').filter(isPoolTheme));
    const previous = await getPoolThemesOff(deps.store.db, child.tenantId, child.minorRef);
    // Themes of older bands switched off before stay off; those of this band follow the form.
    const themes = [...previous.filter((th) => !offered.includes(th)), ...offered.filter((th) => !on.has(th))];
    await setPoolThemesOff(
      deps.store.db,
      { tenantId: child.tenantId, minorRef: child.minorRef, themes, guardianId: me(c) },
      deps.clock(),
    );
    return redirectTo(c, `${PORTAL_BASE}/minors/${child.id}/themes`, { done: 'saved' });
  });
}
