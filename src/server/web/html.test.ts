import assert from 'node:assert/strict';
import { test } from 'node:test';
import { html, raw } from './html.js';

// The templates are the input under test: prettier would reformat them as HTML.
// prettier-ignore
const cases: readonly { name: string; got: () => string; want: string }[] = [
  {
    name: 'escapes markup characters in interpolated strings',
    got: () => html`<p>${'<script>alert("x")</script>'}</p>`.toString(),
    want: '<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</p>',
  },
  {
    name: 'escapes quotes so a value cannot leave its attribute',
    got: () => html`<input value="${`" onfocus='x'`}">`.toString(),
    want: '<input value="&quot; onfocus=&#39;x&#39;">',
  },
  {
    name: 'escapes ampersands once, so entities in user text stay visible as typed',
    got: () => html`${'&lt;'}`.toString(),
    want: '&amp;lt;',
  },
  {
    name: 'keeps nested html fragments as they are',
    got: () => html`<ul>${html`<li>${'a&b'}</li>`}</ul>`.toString(),
    want: '<ul><li>a&amp;b</li></ul>',
  },
  {
    name: 'joins arrays, escaping each string item',
    got: () => html`${['<a>', html`<b>`, 1]}`.toString(),
    want: '&lt;a&gt;<b>1',
  },
  {
    name: 'renders null, undefined and false as nothing but keeps 0 and true',
    got: () => html`${null}${undefined}${false}${0}${true}`.toString(),
    want: '0true',
  },
  {
    name: 'passes raw markup through unchanged',
    got: () => html`${raw('<br>')}`.toString(),
    want: '<br>',
  },
];

for (const c of cases) {
  test(c.name, () => {
    assert.equal(c.got(), c.want);
  });
}
