import { AppError, isAppError } from '../../lib/index.js';
import { AGE_BANDS } from '../../engine/index.js';
import {
  AUDIENCES,
  FEATURES,
  composeInteractions,
  FEATURE_SETTINGS,
  INTERACTION_CONTROLS,
  type Audience,
  type InteractionControl,
  RULES,
  addDays,
  validateGuardianSettings,
  type AgeBand,
  type Feature,
  type TenantPolicy,
  localTimeOf,
  type EffectivePolicy,
  type FeatureSetting,
  type GuardianSettings,
  type InteractionSettings,
  type RuleId,
} from '../../policy/index.js';
import {
  answerRequest,
  blockUser,
  getInteractions,
  listBlocks,
  unblockUser,
  getGuardianSettings,
  decideForMinor,
  getMinorOverview,
  listPurchases,
  listRefundRequests,
  requestRefund,
  getTenantPolicy,
  listDecisions,
  listAuditEvents,
  listGuardianAlerts,
  listGuardianMinors,
  listGuardianRequests,
  listMinorGuardians,
  markGuardianAlertRead,
  redeemBindingCode,
  requireBinding,
  setMinorLock,
  unbindGuardian,
  updateGuardianSettings,
  weekStartOf,
  weeklyReport,
  type AuditEvent,
  type MinorOverview,
  type YouthRequest,
} from '../../store/index.js';
import { ageBandLabel, categoryLabel, severityLabel, type Lang, type MessageKey, t } from '../web/index.js';
import type { PortalDeps } from './context.js';
import type { FieldProblem, SettingsDefaults } from './settings-form.js';
import type {
  AlertDetailView,
  AlertView,
  AuditView,
  MinorCard,
  MinorDetail,
  PurchaseView,
  RequestView,
  SettingsView,
  WeeklyReportView,
} from './views.js';

/** What the portal's pages read and change, over the youth and guardian store: each call checks the guardian's binding. */
export type PortalData = ReturnType<typeof portalData>;

/** The portal's view of the store for one service. */
export function portalData(deps: PortalDeps) {
  const { db } = deps.store;
  const now = (): number => deps.clock();

  /** The guardian's binding to the minor, or null when there is none (the same answer as an unknown minor). */
  const bindingOf = async (guardianId: string, minorId: string) => {
    try {
      return await requireBinding(db, guardianId, minorId);
    } catch (error) {
      if (isAppError(error) && error.code === 'not_found') return null;
      throw error;
    }
  };

  /**
   * A minor's card. Time left is what enforcement answers now: the policy's own `decide` for a heartbeat, on the state the
   * API uses, so a weekday schedule, extra time, curfew, the lock and the day's windows count exactly as they do there.
   */
  const card = async (overview: MinorOverview, role: 'primary' | 'secondary', pending: number): Promise<MinorCard> => {
    const { minor, policy, today } = overview;
    const at = now();
    const decision = minor.youthMode
      ? await decideForMinor(
          db,
          { tenantId: minor.tenantId, minorRef: minor.minorRef, request: { kind: 'session.heartbeat' } },
          at,
        )
      : null;
    const day = policy.schedule.value[localTimeOf(new Date(at)).weekday];
    const dayLimit = day?.dailyLimitMinutes !== undefined ? day.dailyLimitMinutes * 60 : policy.dailyLimitSeconds.value;
    return {
      minorId: minor.id,
      displayName: minor.minorRef,
      band: minor.band,
      role,
      youthMode: minor.youthMode,
      locked: minor.locked,
      usedSecondsToday: today.usedSeconds,
      limitSecondsToday: decision === null ? null : dayLimit + today.extraSeconds,
      remainingSecondsToday:
        decision === null ? null : decision.outcome === 'allow' ? (decision.remainingSeconds ?? null) : 0,
      stoppedBy: decision === null || decision.outcome === 'allow' ? null : decision.rule,
      pendingRequests: pending,
    };
  };

  const pendingByMinor = async (guardianId: string, minorId?: string): Promise<Map<string, number>> => {
    const pending = await listGuardianRequests(db, { guardianId, minorId, status: 'pending', limit: 1000 }, now());
    const counts = new Map<string, number>();
    for (const r of pending) counts.set(r.minorId, (counts.get(r.minorId) ?? 0) + 1);
    return counts;
  };

  // Guardian names for the requests' and the history's "who"; the platform and the system have words of their own.
  const namesOf = async (minorId: string): Promise<Map<string, string>> =>
    new Map((await listMinorGuardians(db, minorId)).map((g) => [g.guardianId, g.displayName]));

  return {
    async minors(guardianId: string): Promise<readonly MinorCard[]> {
      const bound = await listGuardianMinors(db, guardianId, now());
      const pending = await pendingByMinor(guardianId);
      const cards: MinorCard[] = [];
      for (const b of bound) {
        cards.push(await card(await getMinorOverview(db, b.minor.id, now()), b.role, pending.get(b.minor.id) ?? 0));
      }
      return cards;
    },

    /** The minor's page data, or null when the guardian is not bound to it (the same answer as an unknown id). */
    async minor(guardianId: string, minorId: string): Promise<MinorDetail | null> {
      const binding = await bindingOf(guardianId, minorId);
      if (binding === null) return null;
      const overview = await getMinorOverview(db, minorId, now());
      const pending = await pendingByMinor(guardianId, minorId);
      const guardians = await listMinorGuardians(db, minorId);
      return {
        ...(await card(overview, binding.role, pending.get(minorId) ?? 0)),
        guardians: guardians.map((g) => ({ guardianId: g.guardianId, displayName: g.displayName, role: g.role })),
      };
    },

    /** Redeems a binding code; returns the minor's id. */
    async bind(guardianId: string, code: string): Promise<string> {
      if (code === '')
        throw new AppError('validation_failed', 'A binding code is needed.', [{ path: 'code', message: 'empty' }]);
      const bound = await redeemBindingCode(db, { guardianId, code }, now());
      return bound.minor.id;
    },

    unbind: (guardianId: string, minorId: string, otherGuardianId: string): Promise<void> =>
      unbindGuardian(db, { actorGuardianId: guardianId, minorId, guardianId: otherGuardianId }, now()),

    async setLock(guardianId: string, minorId: string, locked: boolean): Promise<void> {
      await setMinorLock(db, { guardianId, minorId, locked }, now());
    },

    async settings(guardianId: string, minorId: string): Promise<SettingsView> {
      const view = await getGuardianSettings(db, { guardianId, minorId }, now());
      const tenant = await getTenantPolicy(db, view.minor.tenantId);
      return {
        band: view.minor.band,
        settings: view.settings,
        defaults: defaultsOf(view.defaults, featureChoices(view.minor.band, tenant)),
      };
    },

    /** Saves the rules page's settings; the interaction controls, set on their own page, are kept as they are. */
    async saveSettings(guardianId: string, minorId: string, settings: GuardianSettings): Promise<void> {
      const { interactions } = (await getGuardianSettings(db, { guardianId, minorId }, now())).settings;
      const kept = interactions === undefined ? settings : { ...settings, interactions };
      await updateGuardianSettings(db, { guardianId, minorId, settings: kept }, now());
    },

    /**
     * The interaction controls page's data: the guardian's own values, what is in force (with the child's stricter
     * choices), the strangers' messages setting and the choices the law leaves, and the blocked users.
     */
    async interactions(guardianId: string, minorId: string) {
      const view = await getGuardianSettings(db, { guardianId, minorId }, now());
      const tenant = await getTenantPolicy(db, view.minor.tenantId);
      const at = { tenantId: view.minor.tenantId, minorRef: view.minor.minorRef };
      const { effective } = await getInteractions(db, at, now());
      return {
        settings: view.settings,
        effective,
        defaults: composeInteractions(view.minor.band),
        strangerDm: {
          value: view.effective.features.stranger_dm.value,
          default: view.defaults.features.stranger_dm.value,
          choices: featureChoices(view.minor.band, tenant).stranger_dm,
        },
        blocks: await listBlocks(db, at),
      };
    },

    /** Sets who may reach the child and the strangers' messages setting, keeping every other setting. */
    async saveInteractions(
      guardianId: string,
      minorId: string,
      change: { readonly interactions: InteractionSettings; readonly strangerDm: FeatureSetting | undefined },
    ): Promise<void> {
      const { settings } = await getGuardianSettings(db, { guardianId, minorId }, now());
      const features = { ...settings.features };
      if (change.strangerDm === undefined) delete features.stranger_dm;
      else features.stranger_dm = change.strangerDm;
      const next: GuardianSettings = { ...settings, features, interactions: change.interactions };
      await updateGuardianSettings(db, { guardianId, minorId, settings: next }, now());
    },

    /** Blocks or unblocks a user for the child, as the guardian; `not_found` when the guardian is not bound. */
    async setBlocked(guardianId: string, minorId: string, userRef: string, blocked: boolean): Promise<void> {
      const view = await getGuardianSettings(db, { guardianId, minorId }, now());
      const input = {
        tenantId: view.minor.tenantId,
        minorRef: view.minor.minorRef,
        userRef,
        actor: { type: 'guardian', id: guardianId } as const,
      };
      if (blocked) await blockUser(db, input, now());
      else await unblockUser(db, input, now());
    },

    /** The legal-bound errors of a refused settings change, in words for the guardian; empty for any other error. */
    settingsProblems(lang: Lang, error: AppError): readonly FieldProblem[] {
      if (error.code !== 'guardian_setting_out_of_bounds' && error.code !== 'validation_failed') return [];
      return error.details.map((detail) => {
        const field = fieldLabel(lang, detail.path ?? '');
        const rule =
          detail.rule !== undefined && Object.hasOwn(RULES, detail.rule) ? (detail.rule as RuleId) : undefined;
        if (rule === undefined)
          return { path: detail.path ?? '', message: t(lang, 'error_setting', { field, detail: detail.message }) };
        const { summary, source } = RULES[rule];
        return {
          path: detail.path ?? '',
          message: t(lang, 'error_past_bound', { field, summary: summary[lang] }),
          // The rule's id, its source and the engine's exact words on the bound, for anyone who wants to check.
          rule: `${rule} · ${source} · ${detail.message}`,
        };
      });
    },

    async requests(guardianId: string, minorId: string): Promise<readonly RequestView[]> {
      const rows = await listGuardianRequests(db, { guardianId, minorId, limit: 200 }, now());
      const names = await namesOf(minorId);
      return rows.map((r) => requestView(r, names));
    },

    /**
     * Answers a request. Leaving youth mode is approved only after `verify` passed (the page checks the guardian again).
     * Returns what the page says next.
     */
    async answer(
      guardianId: string,
      minorId: string,
      requestId: string,
      approve: boolean,
    ): Promise<'ok' | 'conflict' | 'not_found'> {
      const rows = await listGuardianRequests(db, { guardianId, minorId, limit: 1000 }, now());
      if (!rows.some((r) => r.id === requestId)) return 'not_found';
      try {
        await answerRequest(db, { guardianId, requestId, approve }, now());
      } catch (error) {
        if (isAppError(error) && error.code === 'conflict') return 'conflict';
        throw error;
      }
      // The answer queued a youth.request.answered event in its transaction: send it now rather than at the next poll.
      deps.webhooks.wake();
      return 'ok';
    },

    /** The request's kind, for a page that treats leaving youth mode apart; undefined when not the guardian's to see. */
    async requestKind(
      guardianId: string,
      minorId: string,
      requestId: string,
    ): Promise<YouthRequest['kind'] | undefined> {
      const rows = await listGuardianRequests(db, { guardianId, minorId, limit: 1000 }, now());
      return rows.find((r) => r.id === requestId)?.kind;
    },

    /** The Monday-to-Sunday week containing the day (today when none), with the weeks before and after for paging. */
    weekOf(day: string | undefined): { from: string; to: string; previous: string; next: string | null } {
      const current = weekStartOf(now());
      const from = day === undefined ? current : weekStartOf(Date.parse(`${day}T12:00:00+08:00`));
      return {
        from,
        to: addDays(from, 6),
        previous: addDays(from, -7),
        next: from >= current ? null : addDays(from, 7),
      };
    },

    async report(guardianId: string, minorId: string, weekStart: string): Promise<WeeklyReportView> {
      const report = await weeklyReport(db, { guardianId, minorId, weekStart }, now());
      const names = await namesOf(minorId);
      return {
        days: report.days.map((d) => ({ day: d.dayKey, seconds: d.usedSeconds })),
        blocked: Object.entries(report.blockedByCategory)
          .map(([category, count]) => ({ category, count }))
          .sort((a, b) => b.count - a.count || a.category.localeCompare(b.category)),
        requests: report.requests.map((r) => requestView(r, names)),
      };
    },

    async history(guardianId: string, minorId: string, lang: Lang): Promise<readonly AuditView[]> {
      const binding = await requireBinding(db, guardianId, minorId);
      const overview = await getMinorOverview(db, binding.minorId, now());
      const events = await listAuditEvents(db, { tenantId: overview.minor.tenantId, minorId, limit: 200 });
      const names = await namesOf(minorId);
      return events.flatMap((e) => auditViews(lang, e, names));
    },

    async alerts(guardianId: string): Promise<readonly AlertView[]> {
      const alerts = await listGuardianAlerts(db, { guardianId, limit: 200 });
      return alerts.map((a) => ({
        id: a.id,
        minorId: a.minorId,
        minorName: a.minorRef,
        categories: a.categories,
        createdAt: a.createdAt,
        readAt: a.readAt,
      }));
    },

    markAlertRead: (guardianId: string, alertId: string): Promise<boolean> =>
      markGuardianAlertRead(db, guardianId, alertId, now()),

    /** A child's purchases, newest first, with the refund requested for each (callers check the binding first). */
    async purchases(minorId: string): Promise<readonly PurchaseView[]> {
      const refunds = new Map((await listRefundRequests(db, minorId)).map((r) => [r.purchaseId, r.createdAt]));
      return (await listPurchases(db, minorId, { limit: 200 })).map((p) => ({
        id: p.id,
        amountFen: p.amountFen,
        kind: p.kind,
        description: p.description,
        status: p.status,
        createdAt: p.createdAt,
        refundRequestedAt: refunds.get(p.id) ?? null,
      }));
    },

    /** Records a refund request for a child's completed purchase (callers check the binding first). */
    async requestRefund(minorId: string, purchaseId: string, reason: string): Promise<void> {
      const { minor } = await getMinorOverview(db, minorId, now());
      await requestRefund(db, { tenantId: minor.tenantId, minorRef: minor.minorRef, purchaseId, reason }, now());
    },

    /** How many of the guardian's alerts are unread, up to 100 (the badge says 99+ beyond). */
    async unreadAlerts(guardianId: string): Promise<number> {
      return (await listGuardianAlerts(db, { guardianId, unreadOnly: true, limit: 100 })).length;
    },

    /**
     * One alert with what the moderation log kept of it: the message (when the platform keeps text) and who sent it
     * (the platform's ref). Undefined when the guardian has no such alert.
     */
    async alert(guardianId: string, alertId: string): Promise<AlertDetailView | undefined> {
      const found = (await listGuardianAlerts(db, { guardianId, limit: 1000 })).find((a) => a.id === alertId);
      if (found === undefined) return undefined;
      const [decision] = await listDecisions(db, { tenantId: found.tenantId, requestId: found.requestId, limit: 1 });
      return {
        id: found.id,
        minorId: found.minorId,
        minorName: found.minorRef,
        tenantId: found.tenantId,
        categories: found.categories,
        createdAt: found.createdAt,
        readAt: found.readAt,
        text: decision?.text ?? null,
        senderRef: decision?.userRef ?? null,
      };
    },
  };
}

function requestView(r: YouthRequest, names: ReadonlyMap<string, string>): RequestView {
  const d = r.details as Record<string, unknown>;
  const base = {
    id: r.id,
    status: r.status,
    createdAt: r.createdAt,
    ...(r.note === null ? {} : { note: r.note }),
    ...(r.answeredAt === null ? {} : { answeredAt: r.answeredAt }),
    ...(r.answeredBy === null ? {} : { answeredBy: names.get(r.answeredBy) ?? r.answeredBy }),
  };
  switch (r.kind) {
    case 'extra_time':
      return { ...base, kind: 'more_time', minutes: Number(d['minutes']) };
    case 'purchase':
      return { ...base, kind: 'purchase', amountFen: Number(d['amountFen']) };
    case 'feature': {
      const feature = FEATURES.find((f) => f === d['feature']);
      return { ...base, kind: 'feature', ...(feature === undefined ? {} : { feature }) };
    }
    case 'app_exception':
      return { ...base, kind: 'app', appId: String(d['appId']) };
    case 'mode_exit':
      return { ...base, kind: 'mode_exit' };
  }
}

/**
 * The settings a guardian may choose for each feature: those the policy accepts for the child's age and the platform's
 * rules, asked of the policy itself, so a choice the law forbids (tipping for a minor) is never offered.
 */
function featureChoices(band: AgeBand, tenant: TenantPolicy): SettingsDefaults['featureChoices'] {
  const allowed = (feature: Feature, setting: FeatureSetting): boolean => {
    try {
      validateGuardianSettings(band, { features: { [feature]: setting } }, tenant);
      return true;
    } catch (error) {
      if (isAppError(error)) return false;
      throw error;
    }
  };
  return Object.fromEntries(
    FEATURES.map((f) => [f, FEATURE_SETTINGS.filter((s) => allowed(f, s))]),
  ) as unknown as SettingsDefaults['featureChoices'];
}

/** What the product gives when the guardian leaves a field empty, read from the policy without any guardian choice. */
function defaultsOf(policy: EffectivePolicy, choices: SettingsDefaults['featureChoices']): SettingsDefaults {
  const features = Object.fromEntries(
    FEATURES.map((f) => [f, policy.features[f].value]),
  ) as SettingsDefaults['features'];
  return {
    dailyLimitMinutes: Math.round(policy.dailyLimitSeconds.value / 60),
    restReminderMinutes: Math.round(policy.restReminderSeconds.value / 60),
    curfew: policy.curfew.value,
    features,
    featureChoices: choices,
    contentBand: policy.contentBand.value,
    topupPerPaymentFen: policy.topupPerPaymentFen.value,
    topupPerMonthFen: policy.topupPerMonthFen.value,
  };
}

const FIELD_LABELS: readonly (readonly [string, MessageKey])[] = [
  ['dailyLimitMinutes', 'daily_cap_minutes'],
  ['restReminderMinutes', 'rest_reminder_minutes'],
  ['curfew', 'curfew'],
  ['contentBand', 'content_band'],
  ['topupPerPaymentFen', 'per_payment'],
  ['topupPerMonthFen', 'per_month'],
  ['purchaseApprovalOverFen', 'purchase_approval_over'],
  ['exemptApps', 'exemptions'],
  ['schedule', 'schedule'],
  ['features', 'allowed_features'],
  ['interactions', 'section_interactions'],
];

/** The form label for a settings path such as `schedule.mon.dailyLimitMinutes` or `features.tipping`. */
function fieldLabel(lang: Lang, path: string): string {
  const [head, second] = path.split('.');
  if (head === 'features' && second !== undefined && (FEATURES as readonly string[]).includes(second)) {
    return t(lang, `feature_${second as (typeof FEATURES)[number]}`);
  }
  if (head === 'schedule' && second !== undefined && /^(mon|tue|wed|thu|fri|sat|sun)$/.test(second)) {
    return `${t(lang, 'schedule')} · ${t(lang, `weekday_${second as 'mon'}`)}`;
  }
  const found = FIELD_LABELS.find(([name]) => name === head);
  return found === undefined ? path : t(lang, found[1]);
}

const AUDIT_ACTIONS: Readonly<Record<string, MessageKey>> = {
  'settings.change': 'audit_settings',
  lock: 'audit_lock',
  unlock: 'audit_unlock',
  'binding.add': 'audit_binding_add',
  'binding.remove': 'audit_binding_remove',
  'request.answer': 'audit_request_answer',
  'consent.change': 'audit_consent',
  'youth_mode.change': 'audit_youth_mode',
  'policy.change': 'audit_policy',
  'minor.create': 'audit_minor_create',
  'minor.update': 'audit_minor_update',
  'band.change': 'audit_band',
  'interactions.change': 'audit_interactions',
  block: 'audit_block',
  unblock: 'audit_unblock',
};

/** One audit event as rows of the history: a settings change becomes one row per setting that changed. */
function auditViews(lang: Lang, e: AuditEvent, names: ReadonlyMap<string, string>): AuditView[] {
  const actor =
    e.actorType === 'guardian'
      ? (names.get(e.actorId ?? '') ?? t(lang, 'actor_former_guardian'))
      : e.actorType === 'platform'
        ? t(lang, 'actor_platform')
        : t(lang, 'actor_system');
  // An action added later than this table is named in general words, never by its code.
  const label = t(lang, AUDIT_ACTIONS[e.action] ?? 'audit_other');
  const before = e.oldValue;
  const after = e.newValue;
  if (e.action === 'settings.change' && isRecord(before) && isRecord(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    const rows = keys
      .filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]))
      .map((k) => ({
        at: e.createdAt,
        actor,
        field: fieldLabel(lang, k),
        oldValue: shown(lang, before[k], names),
        newValue: shown(lang, after[k], names),
      }));
    if (rows.length > 0) return rows;
  }
  return [
    {
      at: e.createdAt,
      actor,
      field: label,
      oldValue: shown(lang, e.oldValue, names),
      newValue: shown(lang, e.newValue, names),
    },
  ];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// A value left out is the product default, shown as such; anything else in words: yes/no, a feature setting or age band
// by its name, a list joined, a record as its parts (a schedule's days), never as JSON.
function shown(lang: Lang, value: unknown, names: ReadonlyMap<string, string>): string | null {
  if (value === undefined || value === null) return null;
  return describeValue(lang, value, names);
}

/** A recorded value (a setting, a record of the child) in the reader's words, as the change history shows it. */
export function describeRecorded(lang: Lang, value: unknown): string {
  return describeValue(lang, value, new Map());
}

function describeValue(lang: Lang, value: unknown, names: ReadonlyMap<string, string>): string {
  if (value === null || value === undefined) return t(lang, 'product_default');
  if (typeof value === 'boolean') return t(lang, value ? 'value_yes' : 'value_no');
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') {
    if ((FEATURE_SETTINGS as readonly string[]).includes(value)) return t(lang, `setting_${value as FeatureSetting}`);
    if ((AGE_BANDS as readonly string[]).includes(value)) return ageBandLabel(value, lang);
    if ((AUDIENCES as readonly string[]).includes(value)) return t(lang, `audience_${value as Audience}`);
    if (value === 'primary' || value === 'secondary') return t(lang, `role_${value}`);
    // A risk category or a severity by its name (an alert's categories).
    for (const label of [categoryLabel(value, lang), severityLabel(value, lang)])
      if (label.toLowerCase() !== value.toLowerCase()) return label;
    // A guardian is named as the portal names them; an id nobody can read is not shown.
    if (value.startsWith('gdn_')) return names.get(value) ?? t(lang, 'actor_former_guardian');
    return value;
  }
  const separator = lang === 'zh' ? '、' : ', ';
  if (Array.isArray(value))
    return value.length === 0 ? t(lang, 'value_none') : value.map((v) => describeValue(lang, v, names)).join(separator);
  if (isRecord(value)) {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined && v !== null);
    // A record of one thing (`{"locked": true}`) is that thing: the row already names the setting.
    if (entries.length === 1) return describeValue(lang, entries[0]![1], names);
    const parts = entries.map(
      ([k, v]) => `${partLabel(lang, k)}${lang === 'zh' ? '：' : ': '}${describeValue(lang, v, names)}`,
    );
    return parts.length === 0 ? t(lang, 'product_default') : parts.join(lang === 'zh' ? '；' : '; ');
  }
  return t(lang, 'value_other');
}

/** The name of a part of a recorded value: a setting, a weekday, a feature, or a field of a minor's record. */
function partLabel(lang: Lang, key: string): string {
  const own = VALUE_PARTS[key];
  if (own !== undefined) return t(lang, own);
  const label = fieldLabel(lang, key);
  if (label !== key) return label;
  if (/^(mon|tue|wed|thu|fri|sat|sun)$/.test(key)) return t(lang, `weekday_${key as 'mon'}`);
  if ((INTERACTION_CONTROLS as readonly string[]).includes(key)) return t(lang, `control_${key as InteractionControl}`);
  return t(lang, 'value_part_other');
}

const VALUE_PARTS: Readonly<Record<string, MessageKey>> = {
  band: 'age_band',
  guardianId: 'value_guardian',
  role: 'value_role',
  birthDate: 'value_birth_date',
  verified: 'value_verified',
  start: 'value_start',
  end: 'value_end',
};
