/**
 * The register of minors' personal information (个人信息清单): every table of the store, and for each one that holds a minor's
 * personal information every column, with its purpose, legal basis, retention and what erasure does to it. It is data the
 * code runs on: retention is enforced from it by the purge job (`purgeByRegister`), erasure removes and keeps rows by it
 * (`eraseMinor`), and a test checks it against the live schema of SQLite and PostgreSQL so that no table or column holding
 * a minor's data can be added without a line here.
 */

/** A sentence in both languages of the pages. */
export interface Bilingual {
  readonly zh: string;
  readonly en: string;
}

/** Why the store may process the data (个人信息保护法 Art 13; Art 31 for children under 14). */
export const LEGAL_BASES = {
  legal_obligation: {
    zh: '履行法定义务（个人信息保护法第13条第1款第3项；未成年人保护法、未成年人网络保护条例）',
    en: 'Legal obligation (PIPL Art 13(1)(3); Minors Protection Law, Regulations on the Online Protection of Minors)',
  },
  vital_interests: {
    zh: '保护未成年人的生命健康和财产安全（个人信息保护法第13条第1款第4项）',
    en: "Protecting a minor's life, health and property (PIPL Art 13(1)(4))",
  },
  guardian_consent: {
    zh: '监护人的单独同意（个人信息保护法第31条）',
    en: "The guardian's separate consent (PIPL Art 31)",
  },
  guardian_contract: {
    zh: '监护人使用家长端所必需（个人信息保护法第13条第1款第2项）',
    en: 'Needed for the guardian portal the guardian signed up for (PIPL Art 13(1)(2))',
  },
} as const satisfies Record<string, Bilingual>;
export type LegalBasis = keyof typeof LEGAL_BASES;

/**
 * How long a field is kept.
 * - `days`: rows (or, with `clear`, only the listed fields) older than `days` by the time column are removed by the purge job.
 * - `after_case_closed`: the fields are cleared `days` after the row's case was closed.
 * - `tenant_log`: the tenant's decision-log retention (RETENTION_DAYS, or the tenant's own), purged by the decision purge.
 * - `while_registered`: as long as the minor is registered with the tenant; removed by erasure.
 * - `legal_hold`: an append-only record (a hash chain or the history it proves): kept, never edited, at least `years`.
 */
export type Retention =
  | {
      readonly kind: 'days';
      readonly days: number;
      readonly timeColumn: string;
      /** Only rows in one of these statuses (an outbox row that is still to be sent is not purged). */
      readonly statuses?: readonly string[];
      /** Clear these columns to null instead of deleting the row. */
      readonly clear?: readonly string[];
    }
  | { readonly kind: 'after_case_closed'; readonly days: number; readonly clear: readonly string[] }
  | { readonly kind: 'tenant_log' }
  | { readonly kind: 'while_registered' }
  | { readonly kind: 'legal_hold'; readonly years: number };

/**
 * What erasure does to a table's rows about the child.
 * - `erase`: deleted.
 * - `anonymise`: the rows stay, the listed fields are cleared (what stays no longer points at the child).
 * - `keep_for_open_case`: rows that belong to an open case are kept (the case needs them); the others are deleted.
 * - `keep`: kept, for the reason given (a legal duty or a hash chain that must stay whole).
 */
export type ErasureRule = 'erase' | 'anonymise' | 'keep_for_open_case' | 'keep';

/** How the rows about one child are found in a table. */
export type ChildLink =
  | { readonly by: 'minor_id'; readonly column: string }
  | { readonly by: 'minor_ref'; readonly column: string }
  | { readonly by: 'refs'; readonly columns: readonly string[] }
  | { readonly by: 'alerts' }
  | { readonly by: 'conversation' }
  | { readonly by: 'reporter' }
  | { readonly by: 'case_subject' }
  | { readonly by: 'mentions'; readonly column: string }
  | { readonly by: 'sweep_mentions'; readonly columns: readonly string[] };

/** One column holding a minor's personal information. */
export interface PiColumn {
  readonly column: string;
  readonly what: Bilingual;
  /** Sensitive personal information (PIPL Art 28: all PI of a child under 14 is; these are so for anyone). */
  readonly sensitive?: boolean;
  /** Sealed with AES-256-GCM at rest (see `sealField`). */
  readonly encrypted?: boolean;
  /** Overrides the table's rule for this column. */
  readonly onErasure?: ErasureRule;
}

/** A table that holds a minor's personal information. */
export interface PiTable {
  readonly table: string;
  readonly purpose: Bilingual;
  readonly legalBasis: LegalBasis;
  readonly retention: Retention;
  readonly link: ChildLink;
  readonly onErasure: ErasureRule;
  /** Why: what the rule is for (and, for what is kept, the duty that keeps it). */
  readonly why: Bilingual;
  readonly columns: readonly PiColumn[];
  /** The table's other columns, which hold no personal information (ids, times, flags, counts). */
  readonly otherColumns: readonly string[];
}

/** One line of the register: one column of one table. */
export interface PiRegisterEntry {
  readonly table: string;
  readonly column: string;
  readonly what: Bilingual;
  readonly purpose: Bilingual;
  readonly legalBasis: LegalBasis;
  readonly retention: Retention;
  readonly onErasure: ErasureRule;
  readonly why: Bilingual;
  readonly sensitive: boolean;
  readonly encrypted: boolean;
}

const YEARS_3 = { kind: 'legal_hold', years: 3 } as const;
const text = (zh: string, en: string): Bilingual => ({ zh, en });
const MINOR_REF = text('平台给孩子的编号', "The platform's id for the child");
const MINOR_ID = text('孩子在本系统中的内部编号', "The child's internal id in this system");
const YOUTH_MODE = text(
  '青少年模式本身：年龄段、时长、宵禁、消费限额、家长控制',
  'Youth mode itself: age band, time, curfew, spending caps, guardian control',
);

/**
 * The tables that hold minors' personal information, in the order erasure and the purge work through them: rows that point
 * at others (by foreign key) come before the rows they point at.
 */
export const PI_TABLES: readonly PiTable[] = [
  {
    table: 'youth_heartbeats',
    purpose: text(
      '统计使用时长以执行每日时长、宵禁和休息提醒',
      'Counting time used to enforce daily limits, curfew and rest reminders',
    ),
    legalBasis: 'legal_obligation',
    retention: { kind: 'days', days: 90, timeColumn: 'received_at' },
    link: { by: 'minor_id', column: 'minor_id' },
    onErasure: 'erase',
    why: text('只为计时；删除后不再需要', 'Kept only to count time; not needed once erased'),
    columns: [
      { column: 'minor_id', what: MINOR_ID },
      { column: 'device_id', what: text('设备编号', 'Device id') },
      { column: 'app_id', what: text('使用的应用', 'App used') },
      { column: 'occurred_at', what: text('使用时间', 'When it was used') },
    ],
    otherColumns: [
      'event_id',
      'counted_at',
      'day_key',
      'seconds',
      'credited_seconds',
      'clamps',
      'answer',
      'received_at',
    ],
  },
  {
    table: 'youth_usage_days',
    purpose: YOUTH_MODE,
    legalBasis: 'legal_obligation',
    retention: { kind: 'days', days: 400, timeColumn: 'last_active_at' },
    link: { by: 'minor_id', column: 'minor_id' },
    onErasure: 'erase',
    why: text(
      '每日时长和周报所需；删除后不再需要',
      'Needed for daily limits and weekly reports; not needed once erased',
    ),
    columns: [
      { column: 'minor_id', what: MINOR_ID },
      { column: 'used_seconds', what: text('每天的使用时长', 'Time used each day') },
      { column: 'last_active_at', what: text('最后活动时间', 'Last active') },
    ],
    otherColumns: ['day_key', 'continuous_seconds', 'extra_seconds'],
  },
  {
    table: 'youth_refund_requests',
    purpose: text('孩子的退款申请', "The child's refund requests"),
    legalBasis: 'legal_obligation',
    retention: { kind: 'days', days: 365, timeColumn: 'created_at' },
    link: { by: 'minor_id', column: 'minor_id' },
    onErasure: 'erase',
    why: text('退款处理完毕后不再需要', 'Not needed once handled'),
    columns: [
      { column: 'minor_id', what: MINOR_ID },
      { column: 'reason', what: text('退款理由', 'Reason given') },
    ],
    otherColumns: ['id', 'purchase_id', 'status', 'created_at'],
  },
  {
    table: 'youth_purchases',
    purpose: text('执行充值和消费限额', 'Enforcing spending caps'),
    legalBasis: 'legal_obligation',
    retention: { kind: 'days', days: 365, timeColumn: 'created_at' },
    link: { by: 'minor_id', column: 'minor_id' },
    onErasure: 'erase',
    why: text(
      '月度限额和退款所需；平台自己保留交易记录',
      'Needed for monthly caps and refunds; the platform keeps its own ledger',
    ),
    columns: [
      { column: 'minor_id', what: MINOR_ID },
      { column: 'amount_fen', what: text('金额', 'Amount') },
      { column: 'app_id', what: text('应用', 'App') },
      { column: 'description', what: text('购买内容', 'What was bought') },
    ],
    otherColumns: ['id', 'idempotency_key', 'kind', 'month_key', 'status', 'answer', 'created_at', 'updated_at'],
  },
  {
    table: 'youth_requests',
    purpose: text(
      '孩子向家长提出的申请（加时、购买、功能）',
      "The child's requests to guardians (time, purchases, features)",
    ),
    legalBasis: 'legal_obligation',
    retention: { kind: 'days', days: 180, timeColumn: 'created_at' },
    link: { by: 'minor_id', column: 'minor_id' },
    onErasure: 'erase',
    why: text('答复后不再需要', 'Not needed once answered'),
    columns: [
      { column: 'minor_id', what: MINOR_ID },
      { column: 'details', what: text('申请内容', 'What was asked') },
      { column: 'note', what: text('家长的答复', "The guardian's answer") },
    ],
    otherColumns: ['id', 'tenant_id', 'kind', 'status', 'answered_by', 'answered_at', 'created_at', 'expires_at'],
  },
  {
    table: 'guardian_notifications',
    purpose: text('把安全提醒发送给家长', 'Sending safety alerts to guardians'),
    legalBasis: 'vital_interests',
    retention: { kind: 'days', days: 30, timeColumn: 'created_at', statuses: ['delivered', 'failed'] },
    link: { by: 'alerts' },
    onErasure: 'erase',
    why: text('发送后不再需要', 'Not needed once sent'),
    columns: [{ column: 'alert_id', what: text('关于孩子的提醒', 'The alert about the child') }],
    otherColumns: [
      'id',
      'guardian_id',
      'channel',
      'address',
      'status',
      'attempts',
      'next_attempt_at',
      'last_error',
      'created_at',
      'delivered_at',
    ],
  },
  {
    table: 'guardian_alerts',
    purpose: text('孩子遇到风险时提醒家长', 'Alerting guardians when the child meets a risk'),
    legalBasis: 'vital_interests',
    retention: { kind: 'days', days: 180, timeColumn: 'created_at' },
    link: { by: 'minor_id', column: 'minor_id' },
    onErasure: 'erase',
    why: text('家长看过后只为回顾保留半年', 'Kept half a year for the guardian to look back'),
    columns: [
      { column: 'minor_id', what: MINOR_ID },
      { column: 'decision_request_id', what: text('相关的审核记录', 'The moderation record it came from') },
      { column: 'categories', what: text('风险类别', 'Risk categories'), sensitive: true },
    ],
    otherColumns: ['id', 'guardian_id', 'tenant_id', 'action', 'created_at', 'read_at'],
  },
  {
    table: 'guardian_binding_codes',
    purpose: text('家长绑定孩子', 'Guardians binding the child'),
    legalBasis: 'legal_obligation',
    retention: { kind: 'days', days: 30, timeColumn: 'expires_at' },
    link: { by: 'minor_id', column: 'minor_id' },
    onErasure: 'erase',
    why: text('绑定后不再需要', 'Not needed once used'),
    columns: [{ column: 'minor_id', what: MINOR_ID }],
    otherColumns: ['code_hash', 'created_at', 'expires_at', 'used_at', 'used_by'],
  },
  {
    table: 'guardian_bindings',
    purpose: text('谁是孩子的家长', "Who the child's guardians are"),
    legalBasis: 'legal_obligation',
    retention: { kind: 'while_registered' },
    link: { by: 'minor_id', column: 'minor_id' },
    onErasure: 'erase',
    why: text('孩子的数据删除后，绑定也随之解除', 'The binding ends with the child’s data'),
    columns: [{ column: 'minor_id', what: MINOR_ID }],
    otherColumns: ['guardian_id', 'role', 'created_at'],
  },
  {
    table: 'youth_blocks',
    purpose: text('孩子屏蔽的用户', 'Users the child blocked'),
    legalBasis: 'legal_obligation',
    retention: { kind: 'while_registered' },
    link: { by: 'minor_id', column: 'minor_id' },
    onErasure: 'erase',
    why: text('只为执行屏蔽', 'Kept only to enforce the block'),
    columns: [
      { column: 'minor_id', what: MINOR_ID },
      { column: 'user_ref', what: text('被屏蔽的用户', 'The blocked user') },
    ],
    otherColumns: ['created_at'],
  },
  {
    table: 'pool_theme_blocks',
    purpose: text('家长为孩子关闭的内容主题', 'Content themes a guardian switched off for the child'),
    legalBasis: 'legal_obligation',
    retention: { kind: 'while_registered' },
    link: { by: 'minor_ref', column: 'minor_ref' },
    onErasure: 'erase',
    why: text('只为执行家长的选择', "Kept only to apply the guardian's choice"),
    columns: [
      { column: 'minor_ref', what: MINOR_REF },
      { column: 'theme', what: text('关闭的主题', 'Theme switched off') },
    ],
    otherColumns: ['tenant_id', 'guardian_id', 'created_at'],
  },
  {
    table: 'youth_audit_events',
    purpose: text('谁在何时改了孩子的设置（家长选择与默认值分开）', "Who changed the child's settings and when"),
    legalBasis: 'legal_obligation',
    retention: { kind: 'days', days: 3 * 365, timeColumn: 'created_at' },
    link: { by: 'minor_id', column: 'minor_id' },
    onErasure: 'erase',
    why: text(
      '记录的是孩子的设置；孩子的数据删除后不再需要',
      "It records the child's settings; not needed once they are erased",
    ),
    columns: [
      { column: 'minor_id', what: MINOR_ID },
      {
        column: 'old_value',
        what: text('改前的值（可能含出生日期）', 'Value before (may hold the birth date)'),
        sensitive: true,
      },
      {
        column: 'new_value',
        what: text('改后的值（可能含出生日期）', 'Value after (may hold the birth date)'),
        sensitive: true,
      },
    ],
    otherColumns: ['id', 'tenant_id', 'actor_type', 'actor_id', 'action', 'created_at'],
  },
  {
    table: 'decisions',
    purpose: text('内容审核记录（孩子发的或针对孩子的）', 'Moderation records (by the child or aimed at the child)'),
    legalBasis: 'legal_obligation',
    retention: { kind: 'tenant_log' },
    link: { by: 'refs', columns: ['user_ref', 'target_ref'] },
    onErasure: 'erase',
    why: text(
      '审核记录只为复核保留；证据另存于证据链',
      'Kept only for review; evidence is kept apart in the evidence chain',
    ),
    columns: [
      { column: 'user_ref', what: text('发送者（可能是孩子）', 'Sender (may be the child)') },
      { column: 'target_ref', what: text('针对的孩子', 'The child it was aimed at') },
      {
        column: 'text',
        what: text(
          '原文（仅当租户保存原文且家长同意）',
          'Original text (only when the tenant keeps text and the guardian consented)',
        ),
        sensitive: true,
      },
      { column: 'matches', what: text('命中的片段', 'Matched spans') },
      { column: 'signals', what: text('模型信号', 'Model signals') },
    ],
    otherColumns: [
      'id',
      'tenant_id',
      'key_id',
      'request_id',
      'item_index',
      'content_ref',
      'surface',
      'age_band',
      'action',
      'flagged',
      'categories',
      'text_length',
      'lexicon_version',
      'created_at',
      'scores',
    ],
  },
  {
    table: 'conversation_messages',
    purpose: text('识别隔空猥亵、诈骗和欺凌的对话风险', 'Detecting grooming, fraud and bullying in conversations'),
    legalBasis: 'vital_interests',
    retention: { kind: 'tenant_log' },
    link: { by: 'conversation' },
    onErasure: 'keep_for_open_case',
    why: text(
      '对话若属于未结案件，是该案件的证据，保留至结案',
      'A conversation in an open case is its evidence and stays until the case closes',
    ),
    columns: [
      { column: 'sender_ref', what: text('发送者', 'Sender') },
      { column: 'receivers', what: text('接收者', 'Receivers') },
      {
        column: 'text',
        what: text(
          '原文（仅当租户保存原文且家长同意）',
          'Original text (only when the tenant keeps text and the guardian consented)',
        ),
        sensitive: true,
      },
      { column: 'signals', what: text('风险信号', 'Risk signals'), sensitive: true },
    ],
    otherColumns: [
      'tenant_id',
      'conversation_ref',
      'idx',
      'message_ref',
      'request_id',
      'text_length',
      'level',
      'sent_at',
      'created_at',
    ],
  },
  {
    table: 'conversation_senders',
    purpose: text('识别同一发送者对多名孩子的接近', 'Seeing one sender approach several children'),
    legalBasis: 'vital_interests',
    retention: { kind: 'tenant_log' },
    link: { by: 'conversation' },
    onErasure: 'keep_for_open_case',
    why: text(
      '对话若属于未结案件，是该案件的证据，保留至结案',
      'A conversation in an open case is its evidence and stays until the case closes',
    ),
    columns: [
      { column: 'sender_ref', what: text('发送者', 'Sender') },
      { column: 'target_ref', what: text('被接近的孩子', 'The child approached') },
      { column: 'target_age', what: text('孩子的年龄', "The child's age"), sensitive: true },
    ],
    otherColumns: ['tenant_id', 'conversation_ref', 'stages', 'peak_level', 'at'],
  },
  {
    table: 'conversations',
    purpose: text('识别隔空猥亵、诈骗和欺凌的对话风险', 'Detecting grooming, fraud and bullying in conversations'),
    legalBasis: 'vital_interests',
    retention: { kind: 'tenant_log' },
    link: { by: 'conversation' },
    onErasure: 'keep_for_open_case',
    why: text(
      '对话若属于未结案件，是该案件的证据，保留至结案',
      'A conversation in an open case is its evidence and stays until the case closes',
    ),
    columns: [
      { column: 'state', what: text('参与者与风险状态', 'Participants and risk state'), sensitive: true },
      { column: 'target_ref', what: text('面临风险的孩子', 'The child at risk') },
      { column: 'offenders', what: text('风险发送者', 'Risky senders') },
    ],
    otherColumns: [
      'tenant_id',
      'conversation_ref',
      'level',
      'peak_level',
      'kinds',
      'flagged_at',
      'message_count',
      'alerted_level',
      'case_id',
      'created_at',
      'updated_at',
    ],
  },
  {
    table: 'reports',
    purpose: text('举报受理与反馈', 'Receiving reports and answering reporters'),
    legalBasis: 'legal_obligation',
    retention: { kind: 'after_case_closed', days: 90, clear: ['contact', 'reporter_ref'] },
    link: { by: 'reporter' },
    onErasure: 'keep',
    why: text(
      '举报是案件的记录，其快照在证据链中（未成年人网络保护条例第27条）；孩子作为举报人的联系方式在结案后清除',
      'A report is the record of a case and its snapshot is in the evidence chain; a child reporter’s contact is cleared once the case is closed',
    ),
    columns: [
      { column: 'reporter_ref', what: text('举报人', 'Reporter'), onErasure: 'keep_for_open_case' },
      {
        column: 'contact',
        what: text('举报人的联系方式', "Reporter's contact"),
        sensitive: true,
        encrypted: true,
        onErasure: 'keep_for_open_case',
      },
      { column: 'subject', what: text('被举报的对象与快照', 'What was reported, with its snapshot') },
      { column: 'subject_key', what: text('被举报对象的编号', 'Id of what was reported') },
      { column: 'description', what: text('举报说明', 'Description') },
    ],
    otherColumns: [
      'id',
      'tenant_id',
      'case_id',
      'tracking_code_hash',
      'channel',
      'key_id',
      'subject_kind',
      'category',
      'reporter_role',
      'minor_involved',
      'anonymous',
      'priority',
      'severity',
      'verdict',
      'lexicon_version',
      'evidence_seq',
      'created_at',
    ],
  },
  {
    table: 'cases',
    purpose: text('举报案件的处理', 'Handling report cases'),
    legalBasis: 'legal_obligation',
    retention: YEARS_3,
    link: { by: 'case_subject' },
    onErasure: 'keep',
    why: text('案件是证据链的索引，证据链不可删改', 'A case indexes the evidence chain, which cannot be edited'),
    columns: [
      { column: 'subject_key', what: text('被举报对象的编号', 'Id of what was reported') },
      { column: 'state', what: text('案件状态（含处理记录）', 'Case state (with its actions)') },
    ],
    otherColumns: [
      'id',
      'tenant_id',
      'subject_kind',
      'status',
      'priority',
      'category',
      'minor_involved',
      'assignee',
      'report_count',
      'opened_at',
      'due_at',
      'first_action_at',
      'sla_breached',
      'closed_at',
      'updated_at',
    ],
  },
  {
    table: 'case_events',
    purpose: text('案件处理的只追加记录', "The append-only history of a case's handling"),
    legalBasis: 'legal_obligation',
    retention: YEARS_3,
    link: { by: 'mentions', column: 'payload' },
    onErasure: 'keep',
    why: text(
      '只追加，数据库拒绝修改和删除；证明处理过程',
      'Append-only (the database refuses edits); it proves how the case was handled',
    ),
    columns: [{ column: 'payload', what: text('处理内容', 'What was done') }],
    otherColumns: ['id', 'case_id', 'tenant_id', 'type', 'actor', 'created_at'],
  },
  {
    table: 'evidence',
    purpose: text('不可篡改的证据（哈希链）', 'Tamper-evident evidence (a hash chain)'),
    legalBasis: 'legal_obligation',
    retention: YEARS_3,
    link: { by: 'mentions', column: 'content' },
    onErasure: 'keep',
    why: text(
      '证据必须保存且哈希链必须完整（未成年人网络保护条例第22条、第27条）；删除任何一条都会破坏链条',
      'Evidence must be kept and its hash chain whole; removing any record would break the chain',
    ),
    columns: [{ column: 'content', what: text('举报快照与处理记录', 'Report snapshots and actions'), sensitive: true }],
    otherColumns: [
      'seq',
      'tenant_id',
      'case_id',
      'report_id',
      'kind',
      'content_hash',
      'prev_hash',
      'hash',
      'created_at',
    ],
  },
  {
    table: 'webhook_deliveries',
    purpose: text(
      '通知平台（例如孩子的申请、提醒、案件进展）',
      "Telling the platform (the child's requests, alerts, case progress)",
    ),
    legalBasis: 'legal_obligation',
    retention: { kind: 'days', days: 30, timeColumn: 'created_at', statuses: ['delivered', 'failed'] },
    link: { by: 'mentions', column: 'payload' },
    onErasure: 'erase',
    why: text('发送后不再需要', 'Not needed once sent'),
    columns: [{ column: 'payload', what: text('发送的内容（含孩子的编号）', "What was sent (with the child's id)") }],
    otherColumns: [
      'id',
      'tenant_id',
      'webhook_id',
      'event_type',
      'status',
      'attempts',
      'next_attempt_at',
      'last_error',
      'created_at',
      'delivered_at',
    ],
  },
  {
    table: 'sweep_items',
    purpose: text(
      '批量审核平台积压的内容（可能含孩子发的帖子）',
      "Moderating a platform's backlog in bulk (it may hold children's posts)",
    ),
    legalBasis: 'legal_obligation',
    retention: { kind: 'days', days: 30, timeColumn: 'done_at', clear: ['text', 'options', 'result'] },
    link: { by: 'sweep_mentions', columns: ['text', 'options', 'result'] },
    onErasure: 'anonymise',
    why: text('结果下载后不再需要；条目计数保留', 'Not needed once the results are fetched; the counts stay'),
    columns: [
      { column: 'text', what: text('待审核的原文', 'Text waiting to be moderated'), sensitive: true },
      { column: 'options', what: text('发送者和针对对象', 'Sender and target') },
      { column: 'result', what: text('审核结果（含命中片段）', 'The result (with matched spans)') },
    ],
    otherColumns: ['sweep_id', 'item_index', 'ref', 'status', 'done_at'],
  },
  {
    table: 'pi_consents',
    purpose: text(
      '家长的同意记录（谁、何时、为何、哪版告知）',
      "Guardians' consents (who, when, for what, which notice)",
    ),
    legalBasis: 'legal_obligation',
    retention: { kind: 'days', days: 3 * 365, timeColumn: 'withdrawn_at' },
    link: { by: 'minor_id', column: 'minor_id' },
    onErasure: 'keep',
    why: text(
      '证明处理曾经合法（个人信息保护法第14条、第31条）；只含内部编号，删除后不再指向任何人；撤回三年后清除',
      'Proves processing was lawful (PIPL Arts 14, 31); holds only the internal id, which after erasure points at no one; purged 3 years after withdrawal',
    ),
    columns: [{ column: 'minor_id', what: MINOR_ID }],
    otherColumns: [
      'id',
      'tenant_id',
      'purpose',
      'guardian_id',
      'notice_version',
      'granted_at',
      'withdrawn_at',
      'withdrawn_by',
    ],
  },
  {
    table: 'pi_access_log',
    purpose: text(
      '谁查看了孩子的个人信息（防篡改访问日志）',
      "Who read a child's personal information (tamper-evident access log)",
    ),
    legalBasis: 'legal_obligation',
    retention: YEARS_3,
    link: { by: 'minor_id', column: 'minor_id' },
    onErasure: 'keep',
    why: text(
      '访问记录须保存至少三年（个人信息保护法第55、56条）；只含内部编号；哈希链不可删改',
      'Access records are kept at least three years (PIPL Arts 55–56); only the internal id; the hash chain cannot be edited',
    ),
    columns: [
      { column: 'minor_id', what: MINOR_ID },
      { column: 'subject_id', what: text('被查看的孩子或案件的内部编号', 'Internal id of the child or case read') },
    ],
    otherColumns: [
      'seq',
      'tenant_id',
      'actor',
      'channel',
      'action',
      'subject_kind',
      'minor_involved',
      'content_hash',
      'prev_hash',
      'hash',
      'created_at',
    ],
  },
  {
    table: 'pi_rights_requests',
    purpose: text('导出与删除请求及其回执', 'Export and erasure requests and their receipts'),
    legalBasis: 'legal_obligation',
    retention: { kind: 'days', days: 3 * 365, timeColumn: 'received_at' },
    link: { by: 'minor_id', column: 'minor_id' },
    onErasure: 'keep',
    why: text(
      '证明请求已按时处理；回执只列表名和数量，不含内容；只含内部编号',
      'Proves requests were answered in time; receipts list tables and counts, never contents; only the internal id',
    ),
    columns: [
      { column: 'minor_id', what: MINOR_ID },
      {
        column: 'receipt',
        what: text('删除回执（表名和数量，含内部编号）', 'Erasure receipt (tables and counts, with the internal id)'),
      },
    ],
    otherColumns: ['id', 'tenant_id', 'kind', 'channel', 'requested_by', 'status', 'received_at', 'completed_at'],
  },
  {
    table: 'youth_minors',
    purpose: YOUTH_MODE,
    legalBasis: 'legal_obligation',
    retention: { kind: 'while_registered' },
    link: { by: 'minor_id', column: 'id' },
    onErasure: 'erase',
    why: text('删除请求的核心：孩子的登记本身', 'The heart of an erasure: the registration itself'),
    columns: [
      { column: 'id', what: MINOR_ID },
      { column: 'minor_ref', what: MINOR_REF },
      { column: 'birth_date', what: text('出生日期', 'Birth date'), sensitive: true, encrypted: true },
      { column: 'declared_band', what: text('申报的年龄段', 'Declared age band') },
      { column: 'band', what: text('年龄段', 'Age band') },
      { column: 'guardian_settings', what: text('家长的设置', "The guardian's settings") },
      { column: 'consents', what: text('家长同意开放的功能', 'Features a guardian allowed') },
      { column: 'interaction_choices', what: text('孩子的互动设置', "The child's interaction choices") },
    ],
    otherColumns: [
      'tenant_id',
      'youth_mode',
      'birth_date_verified',
      'locked_at',
      'locked_by',
      'created_at',
      'updated_at',
    ],
  },
];

/**
 * The tables that hold no minor's personal information, each with the reason. A table in neither list fails the register
 * test: whoever adds one says here, or in `PI_TABLES`, what it holds.
 */
export const NON_PI_TABLES: Readonly<Record<string, Bilingual>> = {
  tenants: text('接入的平台', 'Platforms served'),
  api_keys: text('平台的接口密钥（只存哈希）', "Platforms' API keys (hashes only)"),
  lexicon_terms: text('词库', 'Lexicon terms'),
  lexicon_versions: text('词库版本', 'Lexicon versions'),
  setup_tokens: text('一次性设置链接（只存哈希）', 'One-time setup links (hashes only)'),
  console_users: text('控制台用户（工作人员）', 'Console users (staff)'),
  console_sessions: text('控制台会话', 'Console sessions'),
  webhooks: text('平台的回调地址', "Platforms' webhook endpoints"),
  youth_tenant_policies: text('平台的青少年模式策略', "Platforms' youth-mode policies"),
  guardians: text(
    '家长账号（家长本人的信息，不是孩子的）',
    "Guardian accounts (the guardian's own data, not the child's)",
  ),
  guardian_sessions: text('家长会话', 'Guardian sessions'),
  guardian_sign_in_codes: text('家长的一次性登录码（只存哈希）', "Guardians' one-time codes (hashes only)"),
  pool_items: text('内容池条目（平台的内容）', "Content pool items (the platform's content)"),
  pool_item_themes: text('内容池主题', 'Content pool themes'),
  pool_ratings: text('内容池分级', 'Content pool ratings'),
  pool_events: text('内容池变更记录', 'Content pool history'),
  pool_state: text('内容池分级版本', 'Content pool rating version'),
  sweeps: text('批量审核的计数（不含内容）', 'Bulk sweep counters (no content)'),
  incidents: text(
    '安全事件登记（类别、等级、受影响人数，不记个人信息）',
    "Security incidents (kind, grade, how many were affected; no one's personal information)",
  ),
  incident_steps: text('安全事件的法定通知步骤与期限', 'Incidents’ legal notification steps and deadlines'),
  incident_events: text('安全事件的变更记录', 'Incidents’ history of changes'),
  pi_retention_runs: text('保存期限清理的运行记录（只有数量）', 'Retention purge runs (counts only)'),
  kysely_migration: text('数据库迁移记录', 'Database migrations applied'),
  kysely_migration_lock: text('数据库迁移锁', 'Database migration lock'),
};

/** The register, one line per column holding a minor's personal information. */
export const PI_REGISTER: readonly PiRegisterEntry[] = PI_TABLES.flatMap((t) =>
  t.columns.map((c) => ({
    table: t.table,
    column: c.column,
    what: c.what,
    purpose: t.purpose,
    legalBasis: t.legalBasis,
    retention: t.retention,
    onErasure: c.onErasure ?? t.onErasure,
    why: t.why,
    sensitive: c.sensitive === true,
    encrypted: c.encrypted === true,
  })),
);

/** The register line for a table's column, or undefined when the column holds no minor's PI. */
export function registerEntry(table: string, column: string): PiRegisterEntry | undefined {
  return PI_REGISTER.find((e) => e.table === table && e.column === column);
}
