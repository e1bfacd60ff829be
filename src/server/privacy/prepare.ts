import type { Logger } from 'pino';
import { installFieldKeyring, purgeByRegister, sealPlaintextColumns, type Store } from '../../store/index.js';
import type { Config } from '../config.js';
import { loadFieldKeyring } from './keys.js';

/**
 * Installs the keyring that seals minors' sensitive fields and brings the stored values up to its key (plaintext from before
 * encryption is sealed; values under the previous key are re-sealed), saying at start-up where the key came from. A CLI
 * command (`create: false`) never makes a key file: run elsewhere than the service, it would make a key of its own.
 */
export async function preparePersonalData(
  config: Config,
  store: Store,
  log: Logger | undefined,
  options: { readonly create: boolean } = { create: true },
): Promise<void> {
  const loaded = options.create ? loadFieldKeyring(config) : loadFieldKeyring(config, { create: false });
  if (loaded === undefined) return;
  installFieldKeyring(loaded.keyring);
  const key = loaded.keyring.current.id;
  if (loaded.source === 'config')
    log?.info({ key }, 'minors’ birth dates and reporters’ contacts are sealed with PII_ENCRYPTION_KEY');
  else if (loaded.source === 'memory')
    log?.warn({ key }, 'minors’ sensitive fields are sealed with a throwaway key (in-memory database)');
  else
    log?.warn(
      { key, file: loaded.file, created: loaded.created },
      'minors’ birth dates and reporters’ contacts are sealed with a key file of this machine (mode 0600): back it up with the database, and set PII_ENCRYPTION_KEY when more than one machine serves',
    );
  const result = await sealPlaintextColumns(store.db, loaded.keyring);
  const sealed = Object.values(result.sealed).reduce((a, b) => a + b, 0);
  const resealed = Object.values(result.resealed).reduce((a, b) => a + b, 0);
  if (sealed + resealed > 0)
    log?.info({ sealed: result.sealed, resealed: result.resealed }, 'sensitive fields brought up to the current key');
}

/** The register's retention, run by the purge job beside the decision and conversation purges. */
export async function purgePersonalData(deps: {
  readonly store: Store;
  readonly clock: () => number;
  readonly log: Logger;
}): Promise<void> {
  const removed = await purgeByRegister(deps.store.db, deps.clock);
  if (Object.keys(removed).length > 0) deps.log.info({ removed }, 'minors’ data past its retention purged');
}
