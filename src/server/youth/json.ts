import type {
  AuditEvent,
  BoundMinor,
  Guardian,
  GuardianAlert,
  Minor,
  Purchase,
  RefundRequest,
  YouthRequest,
} from '../../store/index.js';

const iso = (ms: number): string => new Date(ms).toISOString();
const isoOrNull = (ms: number | null): string | null => (ms === null ? null : iso(ms));

/** The API's JSON for each youth and guardian thing, field by field so nothing internal is published by accident. */
export function minorJson(m: Minor) {
  return {
    id: m.id,
    minorRef: m.minorRef,
    youthMode: m.youthMode,
    band: m.band,
    birthDate: m.birthDate,
    birthDateVerified: m.birthDateVerified,
    declaredBand: m.declaredBand,
    locked: m.locked,
    createdAt: iso(m.createdAt),
    updatedAt: iso(m.updatedAt),
  };
}

export function purchaseJson(p: Purchase) {
  return {
    id: p.id,
    idempotencyKey: p.idempotencyKey,
    amountFen: p.amountFen,
    kind: p.kind,
    appId: p.appId,
    description: p.description,
    monthKey: p.monthKey,
    status: p.status,
    decision: p.decision,
    requestId: p.requestId,
    createdAt: iso(p.createdAt),
    updatedAt: iso(p.updatedAt),
  };
}

export function refundJson(r: RefundRequest) {
  return { id: r.id, purchaseId: r.purchaseId, reason: r.reason, status: r.status, createdAt: iso(r.createdAt) };
}

export function requestJson(r: YouthRequest) {
  return {
    id: r.id,
    minorId: r.minorId,
    kind: r.kind,
    details: r.details as Record<string, unknown>,
    status: r.status,
    answeredBy: r.answeredBy,
    answeredAt: isoOrNull(r.answeredAt),
    note: r.note,
    createdAt: iso(r.createdAt),
    expiresAt: iso(r.expiresAt),
  };
}

export function auditJson(e: AuditEvent) {
  return {
    id: e.id,
    minorId: e.minorId,
    actorType: e.actorType,
    actorId: e.actorId,
    action: e.action,
    oldValue: e.oldValue,
    newValue: e.newValue,
    createdAt: iso(e.createdAt),
  };
}

export function guardianJson(g: Guardian) {
  return { id: g.id, identifier: g.identifier, displayName: g.displayName, createdAt: iso(g.createdAt) };
}

export function boundMinorJson(b: BoundMinor) {
  return { minor: minorJson(b.minor), role: b.role, boundAt: iso(b.boundAt) };
}

export function alertJson(a: GuardianAlert) {
  return {
    id: a.id,
    minorId: a.minorId,
    minorRef: a.minorRef,
    requestId: a.requestId,
    categories: [...a.categories],
    action: a.action,
    createdAt: iso(a.createdAt),
    readAt: isoOrNull(a.readAt),
  };
}

export { iso };
