import type { Context } from 'hono';
import type { Form } from '../console/context.js';
import type { Lang } from '../console/i18n.js';
import type { ServiceDeps } from '../service-deps.js';

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
  Variables: {
    lang: Lang;
    guardian: PortalGuardian | null;
    /** The CSRF token every form on this page carries. */
    csrf: string;
    form: Form;
  };
};

export type PortalContext = Context<PortalEnv>;
