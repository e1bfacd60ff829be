import type { Tenant } from '../../../store/index.js';
import { t, type Lang } from '../../web/index.js';

/** The tenant chosen by `?tenant=`, else the first; undefined when there are no tenants. */
export function pickTenant(tenants: readonly Tenant[], asked: string | undefined): Tenant | undefined {
  return tenants.find((tn) => tn.id === asked) ?? tenants[0];
}

/** A GET form that switches the page to another tenant (submits itself when scripts run). */
export function TenantPicker(props: {
  readonly lang: Lang;
  readonly action: string;
  readonly tenants: readonly Tenant[];
  readonly chosen: Tenant;
}) {
  const { lang } = props;
  return (
    <form class="card" method="get" action={props.action}>
      <label for="tenant">{t(lang, 'tenant')}</label>
      <select id="tenant" name="tenant" data-autosubmit="">
        {props.tenants.map((tn) => (
          <option value={tn.id} selected={tn.id === props.chosen.id}>
            {tn.name} ({tn.id})
          </option>
        ))}
      </select>
      <noscript>
        <button type="submit" class="secondary">
          {t(lang, 'choose')}
        </button>
      </noscript>
    </form>
  );
}
