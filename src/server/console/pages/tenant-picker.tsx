import type { Tenant } from '../../../store/index.js';
import { html, type Lang, type SafeHtml, t } from '../../web/index.js';

/** The tenant chosen by `?tenant=`, else the first; undefined when there are no tenants. */
export function pickTenant(tenants: readonly Tenant[], asked: string | undefined): Tenant | undefined {
  return tenants.find((tn) => tn.id === asked) ?? tenants[0];
}

/** A GET form that switches the page to another tenant (submits itself when scripts run). */
export function tenantPicker(lang: Lang, action: string, tenants: readonly Tenant[], chosen: Tenant): SafeHtml {
  return html`<form class="card" method="get" action="${action}">
    <label for="tenant">${t(lang, 'tenant')}</label>
    <select id="tenant" name="tenant" data-autosubmit>
      ${tenants.map((tn) => html`<option value="${tn.id}" ${tn.id === chosen.id ? html` selected` : null}>${tn.name} (${tn.id})</option>`)}
    </select>
    <noscript><button type="submit" class="secondary">${t(lang, 'choose')}</button></noscript>
  </form>`;
}
