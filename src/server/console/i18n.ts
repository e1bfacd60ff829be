import { REPORT_MESSAGES } from '../report-pages/messages.js';
import { REVIEW_MESSAGES } from './review-messages.js';

/** The console's languages: Chinese first, English on request. */
export const LANGS = ['zh', 'en'] as const;
export type Lang = (typeof LANGS)[number];

/** True when the string names a console language. */
export function isLang(value: string | undefined): value is Lang {
  return value === 'zh' || value === 'en';
}

/** Every user-facing string of the console, in both languages; `{name}` marks a value filled in by `t`. */
const MESSAGES = {
  ...REPORT_MESSAGES,
  ...REVIEW_MESSAGES,
  app_name: { zh: '清朗控制台', en: 'Qinglang console' },
  lang_other: { zh: 'English', en: '中文' },
  nav_playground: { zh: '检测试验台', en: 'Playground' },
  nav_lexicon: { zh: '词库', en: 'Lexicon' },
  nav_keys: { zh: 'API 密钥', en: 'API keys' },
  nav_logs: { zh: '决策日志', en: 'Decision log' },
  nav_users: { zh: '控制台用户', en: 'Console users' },
  nav_menu: { zh: '菜单', en: 'Menu' },
  sign_out: { zh: '退出登录', en: 'Sign out' },
  signed_in_as: { zh: '{user}（{role}）', en: '{user} ({role})' },
  role_admin: { zh: '管理员', en: 'Administrator' },
  role_moderator: { zh: '审核员', en: 'Moderator' },
  role_compliance: { zh: '合规专员', en: 'Compliance officer' },

  sign_in_title: { zh: '登录', en: 'Sign in' },
  username: { zh: '用户名', en: 'Username' },
  password: { zh: '密码', en: 'Password' },
  password_repeat: { zh: '再次输入密码', en: 'Repeat the password' },
  sign_in_button: { zh: '登录', en: 'Sign in' },
  sign_in_failed: { zh: '用户名或密码不正确。', en: 'Wrong username or password.' },
  sign_in_too_many: {
    zh: '此网络地址的登录尝试太多，请 {minutes} 分钟后再试。',
    en: 'Too many sign-in attempts from this address. Try again in {minutes} minutes.',
  },
  sign_in_locked: {
    zh: '登录失败次数过多，账号已暂时锁定，请 {minutes} 分钟后再试。',
    en: 'Too many failed attempts: the account is locked. Try again in {minutes} minutes.',
  },
  sign_in_lockout_rule: {
    zh: '连续 {count} 次登录失败后，账号将锁定 {minutes} 分钟。',
    en: 'After {count} failed attempts in a row the account is locked for {minutes} minutes.',
  },
  signed_out: { zh: '你已退出登录。', en: 'You have signed out.' },
  sign_in_needed: { zh: '请先登录。', en: 'Please sign in first.' },

  setup_title: { zh: '创建首个管理员', en: 'Create the first administrator' },
  setup_intro: {
    zh: '这个设置链接只能使用一次。请为管理员设置用户名和密码。',
    en: 'This setup link works once. Choose the administrator’s username and password.',
  },
  setup_button: { zh: '创建管理员', en: 'Create administrator' },
  setup_invalid: {
    zh: '设置链接无效、已使用或已过期。没有管理员时，重启服务会打印新的链接。',
    en: 'This setup link is invalid, used or expired. While no administrator exists, restarting the service prints a new one.',
  },
  setup_done: { zh: '管理员已创建，请登录。', en: 'The administrator was created. Please sign in.' },

  password_rule: { zh: '至少 {min} 个字符。', en: 'At least {min} characters.' },
  username_rule: {
    zh: '2–32 个字符：文字、数字、下划线、点或短横线。',
    en: '2–32 characters: letters, digits, underscore, dot or hyphen.',
  },
  error_password_short: { zh: '密码至少需要 {min} 个字符。', en: 'The password needs at least {min} characters.' },
  error_password_long: { zh: '密码太长。', en: 'The password is too long.' },
  error_password_mismatch: { zh: '两次输入的密码不一致。', en: 'The two passwords differ.' },
  error_username_invalid: { zh: '用户名不符合要求。', en: 'The username does not fit the rule.' },
  error_username_taken: { zh: '这个用户名已被使用。', en: 'That username is taken.' },
  error_csrf: {
    zh: '表单已过期或来自其他网站。请返回、刷新页面后重试。',
    en: 'The form expired or came from another site. Go back, reload the page and try again.',
  },
  error_forbidden_title: { zh: '无权访问', en: 'Not allowed' },
  error_forbidden: { zh: '你的角色（{role}）不能使用这个页面。', en: 'Your role ({role}) cannot use this page.' },
  error_not_found_title: { zh: '页面不存在', en: 'Page not found' },
  error_not_found: { zh: '找不到这个页面或条目。', en: 'This page or item does not exist.' },
  error_invalid_input: { zh: '提交的内容不正确：{detail}', en: 'The form is not valid: {detail}' },
  error_internal: { zh: '出错了，请稍后再试。', en: 'Something went wrong. Try again later.' },
  back_home: { zh: '返回首页', en: 'Back to the start' },

  playground_title: { zh: '检测试验台', en: 'Detector playground' },
  playground_intro: {
    zh: '粘贴一段文本，选择年龄段和场景，查看会命中哪些词、经过了哪些变形。',
    en: 'Paste some text, choose an age band and a surface, and see which terms it hits and through which disguises.',
  },
  tenant: { zh: '租户', en: 'Tenant' },
  default_lexicon: { zh: '默认词库', en: 'Default lexicon' },
  text: { zh: '文本', en: 'Text' },
  age_band: { zh: '年龄段', en: 'Age band' },
  surface: { zh: '场景', en: 'Surface' },
  surface_any: { zh: '不指定', en: 'Not specified' },
  check_button: { zh: '检测', en: 'Check' },
  result_title: { zh: '检测结果', en: 'Result' },
  result_action: { zh: '处理：{action}', en: 'Action: {action}' },
  result_flagged: { zh: '需要处理', en: 'Flagged' },
  result_not_flagged: { zh: '无需处理', en: 'Not flagged' },
  result_matches: { zh: '命中 {count} 处', en: 'Matches: {count}' },
  result_no_matches: { zh: '没有命中任何词条。', en: 'No term matched.' },
  match_found: { zh: '原文「{text}」命中词条「{term}」', en: '“{text}” matched the term “{term}”' },
  match_disguises: { zh: '变形方式', en: 'Disguises' },
  match_summary: { zh: '{category} · 严重程度{severity}', en: '{category} · {severity} severity' },
  legend_title: { zh: '变形方式说明', en: 'What the disguises mean' },
  legend_lexicon: { zh: '词库命中', en: 'Lexicon matches' },
  legend_model: { zh: '模型判断', en: 'Model signals' },
  sample_text: { zh: '示例', en: 'sample' },
  lexicon_matches_title: { zh: '词库命中', en: 'Lexicon matches' },
  model_title: { zh: '模型判断', en: 'Model assessment' },
  model_intro: {
    zh: '模型读整段话的意思，估计它属于各类问题的可能性。它不靠词库，换了说法也能发现；文中的虚线下划线标出让它这样判断的字句。',
    en: 'The model reads the whole text and estimates how likely it is to be each kind of problem. It does not rely on the lexicon, so it also notices things said in other words; a dotted underline in the text marks the words that led it there.',
  },
  model_counted: { zh: '计入结果', en: 'Counts toward the result' },
  model_because: { zh: '依据：', en: 'Because of:' },
  model_signal_title: { zh: '模型判断', en: 'Model signal' },
  model_nothing: {
    zh: '模型没有发现问题：各类可能性都低于 {percent}。',
    en: 'The model found nothing: every kind is below {percent}.',
  },
  model_off: { zh: '模型未启用，只按词库判断。', en: 'The model is off: only the lexicon was used.' },
  model_threshold_tag: { zh: '租户模型阈值 {value}', en: 'Tenant model threshold {value}' },
  model_scores: { zh: '模型评分', en: 'Model scores' },
  model_scores_low: { zh: '均低于 {percent}', en: 'All below {percent}' },
  model_not_used: { zh: '（未使用模型）', en: '(no model)' },
  lexicon_version: { zh: '词库版本', en: 'Lexicon version' },

  lexicon_title: { zh: '词库管理', en: 'Lexicon' },
  lexicon_intro: {
    zh: '在默认词库之上为租户添加词条、停用默认词条或添加放行词。每次修改都会生成新的词库版本，并在后台生效。',
    en: 'Add terms on top of the default lexicon, disable default terms or add allow terms for a tenant. Every change makes a new lexicon version that takes effect in the background.',
  },
  lexicon_history: { zh: '修改记录', en: 'Change history' },
  lexicon_change: { zh: '修改内容', en: 'Change' },
  lexicon_terms: { zh: '词条', en: 'Terms' },
  lexicon_allows: { zh: '放行词', en: 'Allow terms' },
  lexicon_disabled: { zh: '已停用的默认词条', en: 'Disabled default terms' },
  lexicon_none: { zh: '暂无。', en: 'None yet.' },
  lexicon_add_term: { zh: '添加词条', en: 'Add a term' },
  lexicon_add_allow: { zh: '添加放行词', en: 'Add an allow term' },
  lexicon_disable_term: { zh: '停用默认词条', en: 'Disable a default term' },
  lexicon_allow_hint: {
    zh: '放行词中出现的词条不算命中，例如「博物馆」中的「博」。',
    en: 'A term inside an allow term is not a match, such as 博 inside 博物馆.',
  },
  term: { zh: '词条', en: 'Term' },
  allow_term: { zh: '放行词', en: 'Allow term' },
  category: { zh: '类别', en: 'Category' },
  severity: { zh: '严重程度', en: 'Severity' },
  variants: { zh: '变形开关', en: 'Variant switches' },
  updated_at: { zh: '更新时间', en: 'Updated' },
  add: { zh: '添加', en: 'Add' },
  remove: { zh: '移除', en: 'Remove' },
  disable: { zh: '停用', en: 'Disable' },
  enable: { zh: '启用', en: 'Enable' },
  lexicon_changed: { zh: '已保存，新词库版本：{version}。', en: 'Saved: lexicon version {version}.' },
  no_tenants: {
    zh: '还没有租户。请先用命令行创建租户：qinglang tenants create',
    en: 'There are no tenants yet. Create one first on the command line.',
  },
  choose: { zh: '选择', en: 'Choose' },

  keys_title: { zh: 'API 密钥', en: 'API keys' },
  keys_intro: {
    zh: '密钥只保存其哈希值，创建时只显示一次。',
    en: 'Keys are stored only as hashes and shown once, when created.',
  },
  key_name: { zh: '名称', en: 'Name' },
  key_scopes: { zh: '权限范围', en: 'Scopes' },
  key_create: { zh: '创建密钥', en: 'Create key' },
  key_created: {
    zh: '密钥已创建。这是唯一一次显示它，请立即复制保存：',
    en: 'The key was created. This is the only time it is shown; copy it now:',
  },
  copy: { zh: '复制', en: 'Copy' },
  copied: { zh: '已复制', en: 'Copied' },
  key_revoke: { zh: '吊销', en: 'Revoke' },
  key_revoked: { zh: '已吊销', en: 'Revoked' },
  key_active: { zh: '有效', en: 'Active' },
  key_revoked_done: { zh: '密钥已吊销。', en: 'The key was revoked.' },
  key_none: { zh: '这个租户还没有密钥。', en: 'This tenant has no keys yet.' },
  status: { zh: '状态', en: 'Status' },
  created_at: { zh: '创建时间', en: 'Created' },
  id: { zh: '编号', en: 'Id' },
  error_scopes_empty: { zh: '至少选择一个权限范围。', en: 'Choose at least one scope.' },
  error_name_empty: { zh: '请填写名称。', en: 'Give it a name.' },
  scope_moderate: { zh: '内容检测', en: 'Moderation' },
  scope_report: { zh: '举报提交', en: 'Filing reports' },
  scope_youth: { zh: '青少年模式', en: 'Youth mode' },
  scope_guardian: { zh: '家长控制', en: 'Guardian control' },
  scope_review: { zh: '审核', en: 'Review' },
  scope_admin: { zh: '管理', en: 'Administration' },

  logs_title: { zh: '决策日志', en: 'Decision log' },
  logs_intro: {
    zh: '每次检测调用都会记录在这里（只追加，不可修改）。除非租户开启，否则不保存原文。',
    en: 'Every moderation call is recorded here, append-only. Raw text is kept only when the tenant turned it on.',
  },
  filter: { zh: '筛选', en: 'Filter' },
  any: { zh: '全部', en: 'Any' },
  from: { zh: '开始时间', en: 'From' },
  to: { zh: '结束时间', en: 'To' },
  time: { zh: '时间', en: 'Time' },
  action: { zh: '处理', en: 'Action' },
  categories: { zh: '类别', en: 'Categories' },
  refs: { zh: '引用', en: 'Refs' },
  matches: { zh: '命中', en: 'Matches' },
  logs_none: { zh: '没有符合条件的记录。', en: 'No decision fits the filter.' },
  logs_older: { zh: '更早的记录', en: 'Older' },
  logs_time_zone: { zh: '时间为北京时间（UTC+8）。', en: 'Times are Beijing time (UTC+8).' },
  text_not_kept: { zh: '（未保存原文）', en: '(text not kept)' },

  users_title: { zh: '控制台用户', en: 'Console users' },
  users_intro: {
    zh: '管理员管理密钥和用户；审核员使用检测试验台、词库和审核队列；合规专员查看决策日志和举报统计。',
    en: 'Administrators manage keys and users; moderators use the playground, the lexicon and the review queue; compliance officers read the decision log and the report statistics.',
  },
  user_create: { zh: '添加用户', en: 'Add user' },
  user_created: { zh: '用户已添加。', en: 'The user was added.' },
  user_updated: { zh: '已更新。', en: 'Updated.' },
  user_password_set: {
    zh: '新密码已设置；该用户的登录会话已全部结束。',
    en: "The new password is set; the user's sessions have all ended.",
  },
  set_password: { zh: '设置新密码', en: 'Set a new password' },
  new_password: { zh: '新密码', en: 'New password' },
  role: { zh: '角色', en: 'Role' },
  user_active: { zh: '正常', en: 'Active' },
  user_disabled: { zh: '已停用', en: 'Disabled' },
  user_locked: { zh: '锁定至 {time}', en: 'Locked until {time}' },
  error_self_disable: { zh: '不能停用自己的账号。', en: 'You cannot disable your own account.' },
  last_sign_in: { zh: '最近登录', en: 'Last sign-in' },
  never: { zh: '从未', en: 'Never' },
} as const satisfies Record<string, Readonly<Record<Lang, string>>>;

export type MessageKey = keyof typeof MESSAGES;

/** The message in the language, with `{name}` placeholders filled from params. */
export function t(lang: Lang, key: MessageKey, params: Readonly<Record<string, string | number>> = {}): string {
  return fill(MESSAGES[key][lang], params);
}

/** Fills `{name}` placeholders from params; unknown ones stay visible. Shared by every page table (console, guardian portal). */
export function fill(template: string, params: Readonly<Record<string, string | number>> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : whole,
  );
}

/** Every message key, for the test that checks both languages are filled in. */
export const MESSAGE_KEYS = Object.keys(MESSAGES) as readonly MessageKey[];
