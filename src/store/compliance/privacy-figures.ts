import type { Kysely } from 'kysely';
import { quantile } from '../reports/reports-stats.js';
import {
  ACCESS_ACTIONS,
  ACCESS_CHANNELS,
  CONSENT_PURPOSES,
  CONSENT_PURPOSE_IDS,
  LEGAL_BASES,
  PI_REGISTER,
  RIGHTS_KINDS,
  verifyAccessLog,
  type Retention,
} from '../privacy/index.js';
import { privacyTables } from '../privacy/tables.js';
import type { Database } from '../schema.js';
import type { BilingualText, PrivacyFigures } from './annual-report.js';

/** The days within which the platform commits to complete an export or erasure request (PIPL Art 50: timely). */
export const RIGHTS_DEADLINE_DAYS = 15;
const DAY = 86_400_000;

/** How long a register line keeps its data, in words. */
export function retentionText(r: Retention): BilingualText {
  switch (r.kind) {
    case 'days':
      return r.clear
        ? { zh: `${r.days} 天后清空 ${r.clear.join('、')}`, en: `${r.clear.join(', ')} cleared after ${r.days} days` }
        : { zh: `${r.days} 天后删除`, en: `deleted after ${r.days} days` };
    case 'after_case_closed':
      return { zh: `案件关闭 ${r.days} 天后清空`, en: `cleared ${r.days} days after the case is closed` };
    case 'tenant_log':
      return { zh: '按平台决策日志保存期限', en: "the tenant's decision-log retention" };
    case 'while_registered':
      return { zh: '登记期间；删除请求时删除', en: 'while registered; removed on erasure' };
    case 'legal_hold':
      return { zh: `依法保存，至少 ${r.years} 年`, en: `kept by law, at least ${r.years} years` };
  }
}

/**
 * The audit's personal-information figures for a tenant over [from, to): the register as it stands, consents given and
 * withdrawn in the period and in force at its end, the access log of the period (and the whole chain verified), rights
 * requests received in the period with their time to completion, and the deployment's purge runs in the period.
 */
export async function computePrivacyFigures(
  db: Kysely<Database>,
  query: { readonly tenantId: string; readonly from: number; readonly to: number },
): Promise<PrivacyFigures> {
  const { tenantId, from, to } = query;
  const pdb = privacyTables(db);
  const consents = await pdb
    .selectFrom('piConsents')
    .select(['purpose', 'grantedAt', 'withdrawnAt'])
    .where('tenantId', '=', tenantId)
    .where('grantedAt', '<', to)
    .execute();
  const within = (at: number | null): boolean => at !== null && Number(at) >= from && Number(at) < to;
  const access = await pdb
    .selectFrom('piAccessLog')
    .select(['actor', 'channel', 'action'])
    .where('tenantId', '=', tenantId)
    .where('createdAt', '>=', from)
    .where('createdAt', '<', to)
    .execute();
  const byChannel: Record<string, number> = Object.fromEntries(ACCESS_CHANNELS.map((c) => [c, 0]));
  const byAction: Record<string, number> = Object.fromEntries(ACCESS_ACTIONS.map((a) => [a, 0]));
  for (const a of access) {
    byChannel[a.channel] = (byChannel[a.channel] ?? 0) + 1;
    byAction[a.action] = (byAction[a.action] ?? 0) + 1;
  }
  const chain = await verifyAccessLog(db);
  const requests = await pdb
    .selectFrom('piRightsRequests')
    .select(['kind', 'status', 'receivedAt', 'completedAt'])
    .where('tenantId', '=', tenantId)
    .where('receivedAt', '>=', from)
    .where('receivedAt', '<', to)
    .execute();
  const runs = await pdb
    .selectFrom('piRetentionRuns')
    .select(['removed', 'error'])
    .where('startedAt', '>=', from)
    .where('startedAt', '<', to)
    .execute();
  return {
    register: PI_REGISTER.map((e) => ({
      table: e.table,
      column: e.column,
      what: e.what,
      purpose: e.purpose,
      legalBasis: LEGAL_BASES[e.legalBasis],
      retention: retentionText(e.retention),
      sensitive: e.sensitive,
      encrypted: e.encrypted,
    })),
    consents: CONSENT_PURPOSE_IDS.map((purpose) => {
      const mine = consents.filter((c) => c.purpose === purpose);
      return {
        purpose,
        label: CONSENT_PURPOSES[purpose],
        granted: mine.filter((c) => within(c.grantedAt)).length,
        withdrawn: mine.filter((c) => within(c.withdrawnAt)).length,
        activeAtEnd: mine.filter((c) => c.withdrawnAt === null || Number(c.withdrawnAt) >= to).length,
      };
    }),
    access: {
      total: access.length,
      actors: new Set(access.map((a) => a.actor)).size,
      byChannel,
      byAction,
      chain: { ok: chain.ok, records: chain.records, problems: chain.problems.length },
    },
    rightsDeadlineDays: RIGHTS_DEADLINE_DAYS,
    rights: RIGHTS_KINDS.map((kind) => {
      const mine = requests.filter((r) => r.kind === kind);
      const took = mine
        .filter((r) => r.completedAt !== null)
        .map((r) => Number(r.completedAt) - Number(r.receivedAt))
        .sort((a, b) => a - b);
      const median = quantile(took, 0.5);
      return {
        kind,
        received: mine.length,
        completed: took.length,
        withinDeadline: took.filter((ms) => ms <= RIGHTS_DEADLINE_DAYS * DAY).length,
        medianHours: median === null ? null : Math.round((median / 3_600_000) * 10) / 10,
      };
    }),
    retention: {
      runs: runs.length,
      failed: runs.filter((r) => r.error !== null).length,
      removed: runs.reduce(
        (n, r) => n + Object.values(JSON.parse(r.removed) as Record<string, number>).reduce((a, b) => a + b, 0),
        0,
      ),
    },
  };
}
