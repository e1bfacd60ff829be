import type { Lang, Phrase } from '../web/index.js';

const PRIORITY_LABELS = {
  critical: { zh: '紧急', en: 'Critical' },
  urgent: { zh: '加急', en: 'Urgent' },
  high: { zh: '高', en: 'High' },
  normal: { zh: '普通', en: 'Normal' },
  low: { zh: '低', en: 'Low' },
} as const satisfies Record<string, Phrase>;

const STATUS_LABELS = {
  open: { zh: '待处理', en: 'Open' },
  in_review: { zh: '审核中', en: 'In review' },
  appealed: { zh: '申诉中', en: 'Appealed' },
  actioned: { zh: '已处理', en: 'Actioned' },
  escalated: { zh: '已上报有关部门', en: 'Escalated' },
  dismissed: { zh: '已驳回', en: 'Dismissed' },
  reversed: { zh: '处理已撤销', en: 'Reversed' },
} as const satisfies Record<string, Phrase>;

const ACTION_LABELS = {
  takedown: { zh: '下架', en: 'Take down' },
  label: { zh: '加标签', en: 'Label' },
  restrict: { zh: '限制', en: 'Restrict' },
  warn: { zh: '警告', en: 'Warn' },
  suspend: { zh: '封禁账号', en: 'Suspend' },
  escalate_to_authorities: { zh: '上报有关部门', en: 'Escalate to the authorities' },
  dismiss: { zh: '驳回（未违规）', en: 'Dismiss (no violation)' },
} as const satisfies Record<string, Phrase>;

/** The key that chooses each action on the case page. */
export const ACTION_KEYS = {
  takedown: 't',
  label: 'l',
  restrict: 'r',
  warn: 'w',
  suspend: 's',
  escalate_to_authorities: 'e',
  dismiss: 'd',
} as const satisfies Record<keyof typeof ACTION_LABELS, string>;

const EVENT_LABELS = {
  report_added: { zh: '收到举报', en: 'Report received' },
  claimed: { zh: '认领', en: 'Claimed' },
  assigned: { zh: '指派', en: 'Assigned' },
  unassigned: { zh: '放回队列', en: 'Released' },
  note: { zh: '备注', en: 'Note' },
  action: { zh: '处理', en: 'Action' },
  reversal: { zh: '撤销处理', en: 'Reversal' },
  appeal: { zh: '申诉', en: 'Appeal' },
  appeal_rejected: { zh: '申诉被驳回', en: 'Appeal rejected' },
} as const satisfies Record<string, Phrase>;

const CHANNEL_LABELS = {
  api: { zh: '平台接口', en: 'Platform API' },
  public: { zh: '公开举报页', en: 'Public form' },
} as const satisfies Record<string, Phrase>;

const REPORTER_LABELS = {
  minor: { zh: '未成年人', en: 'Minor' },
  guardian: { zh: '家长或监护人', en: 'Guardian' },
  other: { zh: '其他人', en: 'Someone else' },
} as const satisfies Record<string, Phrase>;

const SUBJECT_LABELS = {
  content: { zh: '内容', en: 'Content' },
  user: { zh: '用户', en: 'User' },
  conversation: { zh: '对话', en: 'Conversation' },
} as const satisfies Record<string, Phrase>;

function pick(table: Readonly<Record<string, Phrase>>, id: string, lang: Lang): string {
  return Object.hasOwn(table, id) ? (table[id]?.[lang] ?? id) : id;
}

/** The display name of a case priority. */
export const priorityLabel = (id: string, lang: Lang): string => pick(PRIORITY_LABELS, id, lang);
/** The display name of a case status. */
export const caseStatusLabel = (id: string, lang: Lang): string => pick(STATUS_LABELS, id, lang);
/** The display name of a moderation action. */
export const moderationActionLabel = (id: string, lang: Lang): string => pick(ACTION_LABELS, id, lang);
/** The display name of a moderation event type. */
export const eventLabel = (id: string, lang: Lang): string => pick(EVENT_LABELS, id, lang);
/** The display name of a report channel. */
export const channelLabel = (id: string, lang: Lang): string => pick(CHANNEL_LABELS, id, lang);
/** The display name of who reported. */
export const reporterLabel = (id: string, lang: Lang): string => pick(REPORTER_LABELS, id, lang);
/** The display name of what a report is about. */
export const subjectLabel = (id: string, lang: Lang): string => pick(SUBJECT_LABELS, id, lang);
