import { personalInfoOwner, type Verdict } from '../../engine/index.js';
import { findMinorByRef, raiseGuardianAlerts } from '../../store/index.js';
import { fileReportWithEngine } from '../reports/intake.js';
import type { ServiceDeps } from '../service-deps.js';

/** One moderated item as the API received it, with its verdict. */
export interface ModeratedItem {
  readonly text: string;
  readonly verdict: Verdict;
  readonly userRef?: string | undefined;
  readonly targetRef?: string | undefined;
  readonly contentRef?: string | undefined;
}

/**
 * What follows personal information found in a minor's content, after the decisions are logged: a child who exposes their
 * own (the author, `userRef`, a bound minor) gets a gentle alert to their guardians; someone else's personal information
 * aimed at a minor (`targetRef`, not the author's own) is doxxing and opens a review case. The answer has been decided
 * already, so a failure here is logged rather than failing the call. Returns how many alerts and cases it made.
 */
export async function protectPersonalInfo(
  deps: ServiceDeps,
  call: { readonly tenantId: string; readonly keyId: string; readonly requestId: string },
  items: readonly ModeratedItem[],
): Promise<{ alerts: number; cases: number }> {
  let alerts = 0;
  let cases = 0;
  for (const item of items) {
    const found = item.verdict.matches.filter((m) => m.category === 'personal_info');
    if (!item.verdict.flagged || found.length === 0) continue;
    const aimedAtOther = item.targetRef !== undefined && item.targetRef !== item.userRef;
    try {
      if (item.userRef !== undefined && !aimedAtOther) {
        alerts += await raiseGuardianAlerts(
          deps.store.db,
          {
            tenantId: call.tenantId,
            targetRef: item.userRef,
            requestId: call.requestId,
            flagged: true,
            action: item.verdict.action,
            categories: ['personal_info'],
          },
          deps.clock(),
        );
      }
      const others = found.filter((m) => personalInfoOwner(item.text, m.start) !== 'self');
      if (aimedAtOther && others.length > 0 && item.targetRef !== undefined) {
        const minor = await findMinorByRef(deps.store.db, call.tenantId, item.targetRef);
        if (minor === undefined) continue;
        await fileReportWithEngine(deps, {
          tenantId: call.tenantId,
          channel: 'api',
          keyId: call.keyId,
          subject: {
            kind: 'content',
            contentRef: item.contentRef ?? `moderation:${call.requestId}`,
            ...(item.userRef === undefined ? {} : { authorRef: item.userRef }),
            snapshot: { text: item.text.slice(0, 5000) },
          },
          category: 'personal_info',
          reporterRole: 'other',
          minorInvolved: true,
          description: (
            `个人信息被针对未成年人公开（疑似人肉）doxxing of a minor: 对象 target ${item.targetRef}；` +
            others.map((m) => m.term).join('；')
          ).slice(0, 1900),
          priorityAtLeast: 'high',
        });
        cases++;
      }
    } catch (error) {
      deps.log.error({ err: error, requestId: call.requestId }, 'personal information follow-up failed');
    }
  }
  if (alerts > 0) {
    deps.webhooks.wake();
    deps.notifications.wake();
  }
  return { alerts, cases };
}
