import type { Lang } from './lang.js';

/** Strings every page set shows: the language switch, the frame, sign-in basics and the error pages. */
export const COMMON_MESSAGES = {
  lang_other: { zh: 'English', en: '中文' },
  nav_menu: { zh: '菜单', en: 'Menu' },
  signed_out: { zh: '你已退出登录。', en: 'You have signed out.' },
  back_home: { zh: '返回首页', en: 'Back to the start' },
  password: { zh: '密码', en: 'Password' },
  sign_in_button: { zh: '登录', en: 'Sign in' },
  sign_in_needed: { zh: '请先登录。', en: 'Please sign in first.' },
  age_band: { zh: '年龄段', en: 'Age band' },
  category: { zh: '类别', en: 'Category' },
  time: { zh: '时间', en: 'Time' },
  error_csrf: {
    zh: '表单已过期或来自其他网站。请返回、刷新页面后重试。',
    en: 'The form expired or came from another site. Go back, reload the page and try again.',
  },
  error_forbidden_title: { zh: '无权访问', en: 'Not allowed' },
  error_not_found_title: { zh: '页面不存在', en: 'Page not found' },
  error_not_found: { zh: '找不到这个页面或条目。', en: 'This page or item does not exist.' },
  error_internal: { zh: '出错了，请稍后再试。', en: 'Something went wrong. Try again later.' },
  confirm_cancel: { zh: '取消', en: 'Cancel' },
  confirm_cannot_undo: { zh: '此操作无法撤销。', en: 'This cannot be undone.' },
  unread_count: { zh: '{count} 条未读', en: '{count} unread' },
} as const satisfies Record<string, Readonly<Record<Lang, string>>>;
