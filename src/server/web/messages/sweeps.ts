import type { Lang } from './lang.js';

/** The console's sweeps page (批量扫描), Chinese first with English beside it. */
export const SWEEP_MESSAGES = {
  nav_sweeps: { zh: '批量扫描', en: 'Sweeps' },
  sweeps_title: { zh: '批量扫描', en: 'Sweeps' },
  sweeps_intro: {
    zh: '批量扫描把一批积压的文本交给后台处理：每条都经检测，记入决策日志，并按输入顺序写出一行结果。用 {command} 或接口 {api} 提交；配置了消息队列时由 {worker} 进程处理，进程中途退出也不会漏掉或重复计算任何一条。',
    en: 'A sweep hands a backlog of texts to background work: each text is moderated, logged in the decision log and written as one result line, in input order. Submit one with {command} or the API ({api}); with a message queue configured, {worker} processes do the work, and a process that dies midway loses or counts twice no item.',
  },
  sweeps_none: { zh: '还没有批量扫描。', en: 'No sweeps yet.' },
  sweeps_refresh: { zh: '刷新进度', en: 'Refresh progress' },
  sweep_id: { zh: '编号', en: 'ID' },
  sweep_source: { zh: '来源', en: 'Source' },
  sweep_status: { zh: '状态', en: 'Status' },
  sweep_progress: { zh: '进度', en: 'Progress' },
  sweep_counts: { zh: '已完成 / 总数', en: 'Done / total' },
  sweep_flagged: { zh: '标记', en: 'Flagged' },
  sweep_invalid: { zh: '无法读取的行', en: 'Unreadable lines' },
  sweep_started: { zh: '提交时间', en: 'Submitted' },
  sweep_finished: { zh: '完成时间', en: 'Finished' },
  sweep_status_submitting: { zh: '读取中', en: 'Reading input' },
  sweep_status_running: { zh: '处理中', en: 'Running' },
  sweep_status_done: { zh: '已完成', en: 'Done' },
  sweep_rate: { zh: '每秒 {rate} 条', en: '{rate} items/s' },
} as const satisfies Record<string, Readonly<Record<Lang, string>>>;
