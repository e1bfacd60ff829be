import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

/** One incident of the register: a breach of personal information or another security incident. */
export interface IncidentTable {
  id: string;
  tenantId: string;
  title: string;
  /** `leak`, `tamper`, `loss`, `unauthorized_access` or `other`. */
  kind: string;
  /** `general`, `large`, `major` or `especially_major` (一般, 较大, 重大, 特别重大). */
  grade: string;
  /** Who the operator reports to: `cii`, `central_organ` or `other`. */
  route: string;
  /** `open`, `contained` or `closed`. */
  status: string;
  minorsAffected: number;
  /** JSON array of the kinds of personal information concerned. */
  piKinds: string;
  description: string;
  discoveredAt: number;
  /** `user:<console user>` or `cli`. */
  openedBy: string;
  createdAt: number;
  updatedAt: number;
  closedAt: number | null;
}

/** One notification step of an incident, with the deadline the law sets (null: immediately, no hours set). */
export interface IncidentStepTable {
  incidentId: string;
  step: string;
  dueAt: number | null;
  doneAt: number | null;
  doneBy: string | null;
  note: string | null;
}

/** One change to an incident, append-only. */
export interface IncidentEventTable {
  id: string;
  incidentId: string;
  actor: string;
  /** JSON: what changed, field by field, or the step done. */
  change: string;
  createdAt: number;
}

/** The compliance module's tables, beside the shared schema (they are this module's alone). */
export type ComplianceTables = {
  incidents: IncidentTable;
  incidentSteps: IncidentStepTable;
  incidentEvents: IncidentEventTable;
};

export type ComplianceDb = Kysely<Database & ComplianceTables>;

/** The handle with the compliance tables in view. */
export const complianceTables = (db: Kysely<Database>): ComplianceDb => db.withTables<ComplianceTables>();
