/** A dependency's state, as /readyz reports it. */
export interface DependencyHealth {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

/** Asks one dependency how it is; registered in `ServiceDeps.health` by whatever opened it. */
export interface HealthCheck {
  /** The name reported when the check throws or does not answer in time. */
  readonly name: string;
  readonly check: () => Promise<DependencyHealth>;
}

/** How long /readyz waits for one dependency before it counts as down. */
export const HEALTH_TIMEOUT_MS = 2000;

/**
 * Asks every dependency at once, each within HEALTH_TIMEOUT_MS; a check that throws or takes longer is reported as down
 * under the name given, so /readyz always answers quickly and names what is wrong.
 */
export async function checkDependencies(checks: readonly HealthCheck[]): Promise<DependencyHealth[]> {
  return Promise.all(
    checks.map(async ({ name, check }) => {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<DependencyHealth>((resolve) => {
        timer = setTimeout(
          () => resolve({ name, ok: false, detail: `no answer within ${HEALTH_TIMEOUT_MS} ms` }),
          HEALTH_TIMEOUT_MS,
        );
      });
      try {
        return await Promise.race([check(), late]);
      } catch (error) {
        return { name, ok: false, detail: error instanceof Error ? error.message : String(error) };
      } finally {
        clearTimeout(timer);
      }
    }),
  );
}
