import type { Context } from 'hono';
import type { ServiceDeps } from '../service-deps.js';
import type { WebEnv } from '../web/index.js';

/** The portal takes the same dependencies as the API. */
export type PortalDeps = ServiceDeps;

/** The signed-in guardian, as every page sees it. */
export interface PortalGuardian {
  readonly id: string;
  readonly displayName: string;
  /** Code-only accounts have none; leaving youth mode then asks for a fresh one-time code instead. */
  readonly hasPassword: boolean;
}

export type PortalEnv = {
  Variables: WebEnv['Variables'] & {
    guardian: PortalGuardian | null;
    /** The signed-in guardian's unread alerts, for the badges. */
    unread: number;
  };
};

export type PortalContext = Context<PortalEnv>;
