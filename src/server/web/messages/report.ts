import type { Lang } from './lang.js';

/**
 * The public report pages' strings, Chinese first with English beside it.
 * Written for someone who may be a child and may be upset: short sentences, no blame, what happens next.
 */
export const REPORT_MESSAGES = {
  report_site_name: { zh: '清朗 · 举报', en: 'Qinglang · Report' },
  report_title: { zh: '举报有害内容或行为', en: 'Report harmful content or behaviour' },
  report_intro: {
    zh: '看到让你不舒服、不安全的内容，或者有人骚扰、威胁、引诱你？告诉我们。不用登录，可以匿名。',
    en: 'Saw something that made you feel unsafe, or is someone harassing, threatening or luring you? Tell us. No sign-in, and you may stay anonymous.',
  },
  report_minor_title: { zh: '我是未成年人', en: 'I am under 18' },
  report_minor_link: { zh: '我是未成年人，我要举报', en: 'I am under 18 and want to report' },
  report_minor_intro: {
    zh: '谢谢你告诉我们，这需要勇气。发生的事不是你的错。你不用留名字，只写你记得的就好，我们会认真处理。',
    en: 'Thank you for telling us; that takes courage. What happened is not your fault. You don’t need to give your name; just write what you remember and we will take it seriously.',
  },
  report_minor_help: {
    zh: '如果你现在有危险，请马上拨打 {police}。想找人聊聊，可以拨打青少年服务台 {helpline}，或者告诉一位你信任的大人。',
    en: 'If you are in danger right now, call {police}. To talk to someone, call the youth helpline {helpline}, or tell an adult you trust.',
  },
  report_call: { zh: '拨打 {number}', en: 'Call {number}' },
  report_child_category: { zh: '发生了什么？选一个最接近的', en: 'What happened? Pick the closest' },
  child_category_grooming: { zh: '有人让我发照片或视频', en: 'Someone asked me for photos or videos' },
  child_category_contact_offplatform: {
    zh: '有人要我加别的联系方式（微信、QQ 等）',
    en: 'Someone wants me to add them somewhere else (WeChat, QQ…)',
  },
  child_category_abuse: { zh: '有人骂我、欺负我', en: 'Someone insults or bullies me' },
  child_category_fraud: { zh: '有人骗我的钱或账号', en: 'Someone tricked me out of money or my account' },
  child_category_violence: { zh: '有人威胁要伤害我', en: 'Someone threatens to hurt me' },
  child_category_doxxing: {
    zh: '有人到处发我的照片或个人信息',
    en: 'Someone is spreading my photos or personal details',
  },
  child_category_self_harm: { zh: '有人说想伤害自己', en: 'Someone says they want to hurt themselves' },
  child_category_sexual: { zh: '我看到了色情的东西', en: 'I saw sexual things' },
  child_category_gambling: { zh: '我看到了赌博', en: 'I saw gambling' },
  child_category_drugs: { zh: '我看到了毒品', en: 'I saw drugs' },
  child_category_other: { zh: '别的事', en: 'Something else' },
  report_copy: { zh: '复制查询码', en: 'Copy the code' },
  report_copied: { zh: '已复制', en: 'Copied' },
  report_minor_back: { zh: '我不是未成年人', en: 'I am not under 18' },
  report_who: { zh: '你是', en: 'You are' },
  reporter_minor: { zh: '未成年人（不满 18 岁）', en: 'Under 18' },
  reporter_guardian: { zh: '家长或监护人', en: 'A parent or guardian' },
  reporter_other: { zh: '其他人', en: 'Someone else' },
  report_category: { zh: '是什么问题', en: 'What is the problem' },
  report_category_choose: { zh: '请选择', en: 'Choose one' },
  report_category_other: { zh: '其他', en: 'Something else' },
  tier_harmful: { zh: '违法有害信息', en: 'Illegal or harmful' },
  tier_may_affect: { zh: '可能影响未成年人身心健康', en: 'May harm minors' },
  tier_conduct: { zh: '不当行为', en: 'Behaviour' },
  report_content_text: { zh: '看到的内容（可粘贴文字）', en: 'What you saw (paste the text)' },
  report_content_url: { zh: '链接（如果有）', en: 'Link (if any)' },
  report_user_ref: { zh: '对方的账号或昵称（如果知道）', en: 'Their account or nickname (if known)' },
  report_description: { zh: '发生了什么', en: 'What happened' },
  report_description_hint: {
    zh: '写下你记得的就好，比如时间、在哪个应用、对方说了什么。',
    en: 'Write what you remember: when, in which app, what they said.',
  },
  report_contact: { zh: '联系方式（可不填）', en: 'How to reach you (optional)' },
  report_contact_hint: {
    zh: '不填就是匿名举报。填写后只有审核人员能看到，仅用于跟进这次举报。',
    en: 'Leave it empty to report anonymously. Only the review team sees it, and only to follow up this report.',
  },
  report_need_something: {
    zh: '内容、链接、对方账号和经过，至少填写一项。',
    en: 'Fill in at least one of: what you saw, the link, their account, what happened.',
  },
  report_submit: { zh: '提交举报', en: 'Send the report' },
  report_errors_title: { zh: '还有几处需要修改：', en: 'A few things need fixing:' },
  report_error_category: { zh: '请选择是什么问题。', en: 'Choose what the problem is.' },
  report_error_reporter: { zh: '请选择你是谁。', en: 'Choose who you are.' },
  report_error_url: {
    zh: '链接需要以 http:// 或 https:// 开头。',
    en: 'The link needs to start with http:// or https://.',
  },
  report_error_too_long: {
    zh: '「{field}」太长了，最多 {max} 个字。',
    en: '“{field}” is too long: at most {max} characters.',
  },
  report_error_rate: {
    zh: '提交得太频繁了，请 {seconds} 秒后再试。你已经提交的举报都已收到。',
    en: 'Too many reports in a short time. Try again in {seconds} seconds. Reports you already sent were received.',
  },
  report_error_form: {
    zh: '表单已过期，请刷新页面后重新提交。',
    en: 'The form expired. Reload the page and send it again.',
  },
  report_error_unavailable: {
    zh: '举报通道暂时无法使用，请稍后再试。如果情况紧急，请拨打 110。',
    en: 'Reporting is not available right now. Try again later; in an emergency call 110.',
  },
  report_done_title: { zh: '举报已收到', en: 'Report received' },
  report_done_intro: {
    zh: '谢谢你。请保存下面的查询码，用它可以随时查看处理进度。',
    en: 'Thank you. Keep the tracking code below: with it you can check the progress any time.',
  },
  report_code: { zh: '查询码', en: 'Tracking code' },
  report_status_link: { zh: '查看处理进度', en: 'See the progress' },
  report_status_title: { zh: '举报处理进度', en: 'Report progress' },
  report_lookup_title: { zh: '查询举报进度', en: 'Check a report' },
  report_lookup_button: { zh: '查询', en: 'Check' },
  report_lookup_unknown: {
    zh: '没有找到这个查询码，请检查是否输入正确。',
    en: 'No report has this tracking code. Check that it was typed correctly.',
  },
  report_submitted_at: { zh: '提交时间', en: 'Sent' },
  report_current_status: { zh: '当前状态', en: 'Status' },
  report_outcome: { zh: '处理结果', en: 'Outcome' },
  report_no_outcome: { zh: '还在处理中。', en: 'Not decided yet.' },
  report_notes: { zh: '审核人员的留言', en: 'Messages from the review team' },
  report_no_notes: { zh: '暂无留言。', en: 'No messages yet.' },
  report_time_zone: { zh: '时间为北京时间。', en: 'Times are Beijing time.' },
  report_new: { zh: '再举报一次', en: 'Report something else' },
  report_status_received: { zh: '已收到，等待审核', en: 'Received, waiting for review' },
  report_status_in_review: { zh: '正在审核', en: 'Being reviewed' },
  report_status_resolved: { zh: '已处理完毕', en: 'Resolved' },
  report_outcome_action_taken: {
    zh: '已确认违规，并已对相关内容或账号采取处理措施。',
    en: 'A rule was broken and action was taken on the content or account.',
  },
  report_outcome_referred_to_authorities: {
    zh: '已移交公安机关或网信部门等有关部门。',
    en: 'It was passed to the police or the internet authorities.',
  },
  report_outcome_no_violation: {
    zh: '审核后没有发现违反规定的情况。',
    en: 'After review, no rule was found to be broken.',
  },
  report_outcome_action_reversed: {
    zh: '重新审核后，原来的处理措施已撤销。',
    en: 'After another review, the earlier action was withdrawn.',
  },
} as const satisfies Record<string, Readonly<Record<Lang, string>>>;
