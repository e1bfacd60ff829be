import { refsWithoutConsent, type Tenant } from '../../store/index.js';
import type { ServiceDeps } from '../service-deps.js';

/**
 * Whether the raw text of a message by each sender may be kept: only when the tenant keeps text and the sender is not a
 * registered child under 14 without a guardian's `text_retention` consent. The risk check runs either way; without the
 * consent only the text is left out of the logs. One query for a whole batch, and none when the tenant keeps no text.
 */
export async function textKeptFor(
  deps: Pick<ServiceDeps, 'store' | 'clock'>,
  tenant: Pick<Tenant, 'id' | 'storeText'>,
  senders: readonly (string | undefined)[],
): Promise<(sender: string | undefined) => boolean> {
  if (!tenant.storeText) return () => false;
  const refs = senders.filter((s): s is string => s !== undefined);
  const refused = await refsWithoutConsent(deps.store.db, tenant.id, refs, 'text_retention', deps.clock());
  return (sender) => sender === undefined || !refused.has(sender);
}
