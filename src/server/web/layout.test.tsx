import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfirmForm, Notice, markupOf, renderDocument, type Frame } from './layout.js';

const FRAME: Frame = {
  site: { base: '/x', name: 'app_name', styles: ['console.css'], scripts: [] },
  lang: 'zh',
  title: '<标题>',
  path: '/x/page?a=1',
  csrf: 'tok"en',
  nav: [{ href: '/x/a', label: '甲', current: true, badge: 3 }],
  who: { name: '<b>admin</b>', signOut: '/x/sign-out', signOutLabel: 'sign_out' },
};

test('a page escapes what it is given, marks the current page, counts the badge and switches language', () => {
  const page = renderDocument(FRAME, <p>{'<script>'}</p>);
  assert.ok(page.startsWith('<!doctype html><html lang="zh-CN">'));
  assert.match(page, /<title>&lt;标题&gt; · 清朗控制台<\/title>/);
  assert.match(page, /<span class="who">&lt;b&gt;admin&lt;\/b&gt;<\/span>/);
  assert.match(page, /name="_csrf" value="tok&quot;en"/);
  assert.match(page, /<a href="\/x\/a" aria-current="page">甲<span class="badge" aria-label="3 条未读">3<\/span><\/a>/);
  assert.match(page, /<a href="\/x\/page\?a=1&amp;lang=en" lang="en">English<\/a>/);
  assert.match(page, /<p>&lt;script&gt;<\/p>/);
  assert.doesNotMatch(page, /<script/, 'a page set without scripts loads none');
});

test('a notice renders its message, and nothing when there is none', () => {
  assert.equal(markupOf(<Notice kind="ok" message="好" />), '<p class="notice ok" role="status">好</p>');
  assert.equal(markupOf(<Notice kind="error" message="<b>" />), '<p class="notice error" role="alert">&lt;b&gt;</p>');
  assert.equal(markupOf(<Notice kind="error" message="" />), '', 'an empty notice is nothing');
});

test('a confirmation says what will happen, that it is final unless it is not, and how to go back', () => {
  const form = (undoable: boolean) =>
    markupOf(
      <ConfirmForm
        lang="zh"
        action="/x/do"
        csrf="t"
        label="删除"
        question="删除它？"
        confirm="确认删除"
        back="/x"
        undoable={undoable}
      >
        <input type="hidden" name="id" value="1" />
      </ConfirmForm>,
    );
  const final = form(false);
  assert.match(final, /^<details class="confirm"><summary class="danger" role="button">删除<\/summary>/);
  assert.match(
    final,
    /<p>删除它？<\/p><form method="post" action="\/x\/do"><input type="hidden" name="_csrf" value="t"\/>/,
  );
  assert.match(final, /<input type="hidden" name="id" value="1"\/><p class="hint">此操作无法撤销。<\/p>/);
  assert.match(final, /<a href="\/x" data-cancel="">取消<\/a><button class="danger" type="submit">确认删除<\/button>/);
  assert.doesNotMatch(form(true), /无法撤销/);
});
