import { createHash } from 'node:crypto';

const CSS = `
:root {
  --ink: #1f2a2e; --muted: #5b6b70; --line: #d8e2e0; --bg: #f5f8f7; --card: #fff;
  --brand: #167a5b; --brand-ink: #fff; --danger: #b42318; --warn: #b54708; --note: #7a6a00;
  --hit-high: #fde2e0; --hit-medium: #feead2; --hit-low: #fdf6c3; --model: #5b3fd1;
  color-scheme: light;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0; background: var(--bg); color: var(--ink); line-height: 1.6;
  font: 16px/1.6 system-ui, -apple-system, "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC",
    "Noto Sans SC", "WenQuanYi Micro Hei", sans-serif;
}
a { color: var(--brand); }
header.top { background: var(--brand); color: var(--brand-ink); }
header.top .bar { display: flex; flex-wrap: wrap; align-items: center; gap: .5rem 1rem; max-width: 72rem; margin: 0 auto;
  padding: .6rem 1rem; }
header.top .brand { font-weight: 700; font-size: 1.1rem; color: inherit; text-decoration: none; margin-right: auto; }
header.top .who { font-size: .9rem; opacity: .9; }
header.top a, header.top button.link { color: inherit; }
nav.pages { background: #0f5c44; }
nav.pages ul { display: flex; gap: .25rem; list-style: none; margin: 0 auto; padding: 0 .5rem; max-width: 72rem;
  overflow-x: auto; -webkit-overflow-scrolling: touch; }
nav.pages a { display: block; padding: .55rem .75rem; color: #e4f3ee; text-decoration: none; white-space: nowrap; }
@media (min-width: 48rem) { nav.pages ul { flex-wrap: wrap; overflow-x: visible; } }
nav.pages a[aria-current="page"] { color: #fff; box-shadow: inset 0 -3px 0 #9be3c8; font-weight: 600; }
main { max-width: 72rem; margin: 0 auto; padding: 1rem; }
main.narrow { max-width: 28rem; }
h1 { font-size: 1.4rem; margin: .5rem 0 .25rem; }
h2 { font-size: 1.15rem; margin: 1.5rem 0 .5rem; }
p.intro { color: var(--muted); margin-top: 0; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: .6rem; padding: 1rem; margin: 1rem 0; }
.card h2, .card h3 { margin-top: 0; }
.card > label:first-of-type { margin-top: 0; }
fieldset { border: 1px solid var(--line); border-radius: .4rem; margin: .75rem 0 0; padding: .25rem .75rem .5rem; }
legend { font-weight: 600; padding: 0 .25rem; }
form.inline { display: inline; margin: 0; }
form.inline input[type=password] { width: 11rem; margin: 0 .25rem; display: inline-block; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
label { display: block; font-weight: 600; margin: .75rem 0 .25rem; }
label.check { display: inline-flex; align-items: center; gap: .35rem; font-weight: 400; margin: .25rem 1rem .25rem 0; }
.hint { color: var(--muted); font-size: .85rem; font-weight: 400; }
input[type=text], input[type=password], input[type=url], input[type=email], input[type=datetime-local], select, textarea {
  width: 100%; font: inherit; padding: .55rem .65rem; border: 1px solid #b7c6c3; border-radius: .4rem; background: #fff;
  color: inherit; min-height: 2.75rem; }
textarea { min-height: 8rem; resize: vertical; }
input:focus, select:focus, textarea:focus, button:focus, a:focus { outline: 3px solid #9be3c8; outline-offset: 1px; }
.row { display: grid; gap: 0 1rem; grid-template-columns: repeat(auto-fit, minmax(11rem, 1fr)); }
button { font: inherit; cursor: pointer; border-radius: .4rem; border: 1px solid var(--brand); background: var(--brand);
  color: var(--brand-ink); padding: .55rem 1.1rem; min-height: 2.75rem; margin-top: 1rem; }
button.secondary { background: #fff; color: var(--brand); }
button.danger { background: #fff; color: var(--danger); border-color: var(--danger); margin: 0; min-height: 2.25rem;
  padding: .25rem .75rem; white-space: nowrap; }
button.link { background: none; border: 0; padding: 0; margin: 0; min-height: 0; text-decoration: underline; }
.notice { border-radius: .4rem; padding: .65rem .85rem; margin: 1rem 0; border: 1px solid; }
.notice.ok { background: #e6f4ee; border-color: #9fd4bd; }
.notice.info { background: #e8f0fe; border-color: #b6cbf5; }
.notice.error { background: #fdecea; border-color: #f1aca5; color: #7a1a12; }
details.confirm { display: inline-block; }
details.confirm > summary { list-style: none; display: inline-block; }
details.confirm > summary::-webkit-details-marker { display: none; }
details.confirm > summary.danger { color: var(--danger); border: 1px solid var(--danger); border-radius: .4rem;
  padding: .25rem .75rem; min-height: 2.25rem; line-height: 1.7; background: #fff; }
details.confirm[open] > .confirm-box { position: fixed; inset: 0; background: rgba(20, 30, 30, .45); display: grid;
  place-items: center; padding: 1rem; z-index: 10; }
details.confirm .confirm-box > div { background: #fff; border-radius: .6rem; padding: 1rem 1.2rem; max-width: 26rem;
  box-shadow: 0 .5rem 2rem rgba(0, 0, 0, .25); }
details.confirm .confirm-box p { margin: 0 0 .5rem; }
details.confirm .confirm-box .buttons { display: flex; gap: .75rem; justify-content: flex-end; align-items: center; }
details.confirm .confirm-box button.danger { background: var(--danger); color: #fff; }
.badge { display: inline-block; min-width: 1.4rem; padding: 0 .4rem; border-radius: 1rem; background: var(--danger);
  color: #fff; font-size: .8rem; line-height: 1.4rem; text-align: center; margin-left: .25rem; }
.secret { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; word-break: break-all;
  background: #fff8e1; border: 1px dashed #c9a227; padding: .6rem; border-radius: .4rem; user-select: all; }
table { width: 100%; border-collapse: collapse; background: #fff; font-size: .95rem; }
th, td { text-align: left; padding: .5rem .6rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: #eef4f2; font-weight: 600; white-space: nowrap; }
.table-wrap { overflow-x: auto; border: 1px solid var(--line); border-radius: .6rem; }
.tag { display: inline-block; padding: 0 .45rem; border-radius: 1rem; font-size: .8rem; background: #eef4f2;
  border: 1px solid var(--line); margin: 0 .25rem .25rem 0; white-space: nowrap; }
.tag.block { background: #fdecea; border-color: #f1aca5; color: #7a1a12; }
.tag.review { background: #fff1e0; border-color: #f5c08a; color: #7a3a00; }
.tag.label { background: #fdf9d8; border-color: #e8d77a; color: #5a4d00; }
.tag.allow { background: #e6f4ee; border-color: #9fd4bd; color: #0f5c44; }
.verdict { display: flex; flex-wrap: wrap; align-items: center; gap: .5rem; margin-bottom: .75rem; }
.verdict .tag { font-size: .95rem; padding: .1rem .7rem; }
.highlighted { white-space: pre-wrap; word-break: break-word; font-size: 1.15rem; line-height: 2; background: #fff;
  border: 1px solid var(--line); border-radius: .5rem; padding: .75rem 1rem; }
mark.hit { background: var(--hit-low); color: inherit; border-bottom: 3px solid #c9a227; padding: .1rem 0;
  border-radius: .15rem; }
mark.hit.medium { background: var(--hit-medium); border-bottom-color: var(--warn); }
mark.hit.high { background: var(--hit-high); border-bottom-color: var(--danger); }
mark.hit.nested { box-shadow: inset 0 -.55em 0 rgba(180, 35, 24, .12); }
sup.fn { font-size: .7rem; color: var(--danger); font-weight: 700; margin: 0 .1rem; }
/* Below a lexicon mark's solid bottom border, so a span both matched and signalled shows both. */
.signal { text-decoration: underline dotted var(--model); text-decoration-thickness: 3px; text-underline-offset: .5em;
  text-decoration-skip-ink: none; }
q.signal { quotes: "「" "」"; margin-right: .35rem; white-space: nowrap; text-underline-offset: .3em; }
q.signal:lang(en) { quotes: "“" "”"; }
.marks-legend { display: flex; flex-wrap: wrap; gap: .25rem 1.25rem; font-size: .9rem; color: var(--muted); margin: 0 0 .5rem; }
.marks-legend .sample { color: var(--ink); }
.model { margin: 1rem 0; }
ul.scores { list-style: none; padding: 0; margin: .5rem 0 0; }
ul.scores li { display: grid; grid-template-columns: minmax(5rem, 9rem) minmax(6rem, 1fr) 3.5rem 8rem; gap: .2rem .75rem;
  align-items: center; padding: .35rem 0; border-bottom: 1px solid var(--line); }
ul.scores .name { font-weight: 600; }
ul.scores .pct { text-align: right; font-variant-numeric: tabular-nums; }
ul.scores .because { grid-column: 1 / -1; color: var(--muted); font-size: .9rem; }
ul.scores .because q.signal { color: var(--ink); }
ul.scores .tag.counted { background: #efeafd; border-color: #c5b8f3; color: #3b2a8c; }
td.top-scores div { white-space: nowrap; }
meter.score { width: 100%; height: .9rem; }
meter.score::-webkit-meter-bar { background: #eef1f0; border: 1px solid var(--line); border-radius: .45rem; height: .9rem; }
meter.score::-webkit-meter-optimum-value { background: #b9b0e0; border-radius: .45rem; }
ul.scores li.finding meter.score::-webkit-meter-optimum-value { background: var(--model); }
meter.score::-moz-meter-bar { background: #b9b0e0; border-radius: .45rem; }
ul.scores li.finding meter.score::-moz-meter-bar { background: var(--model); }
@media (max-width: 40rem) {
  ul.scores li { grid-template-columns: minmax(4.5rem, 7rem) 1fr 3.5rem; }
  ul.scores li > span:nth-child(4):empty { display: none; }
  ul.scores li > span:nth-child(4) { grid-column: 1 / -1; }
}
ol.matches { padding-left: 1.4rem; }
ol.matches > li { background: #fff; border: 1px solid var(--line); border-radius: .5rem; padding: .6rem .8rem;
  margin: .5rem 0; }
ol.matches .what { font-weight: 600; }
ol.matches .meta { color: var(--muted); font-size: .9rem; }
ul.disguises { list-style: none; padding: 0; margin: .4rem 0 0; }
ul.disguises li { margin: .2rem 0; }
ul.disguises .tag { background: #e8f0fe; border-color: #b6cbf5; color: #1c3d80; }
dl.legend { display: grid; grid-template-columns: max-content 1fr; gap: .3rem .8rem; margin: 0; font-size: .9rem; }
dl.legend dt { font-weight: 600; }
dl.legend dd { margin: 0; color: var(--muted); }
details summary { cursor: pointer; color: var(--brand); }
.pager { margin: 1rem 0; }
.muted { color: var(--muted); }
code.change { white-space: pre-wrap; }
.field-error { color: var(--danger); font-size: .9rem; margin: .25rem 0 0; }
[aria-invalid="true"] { border-color: var(--danger) !important; }
main.wide-form { max-width: 40rem; }
a.button { display: inline-block; border-radius: .4rem; border: 1px solid var(--brand); background: var(--brand);
  color: var(--brand-ink); padding: .6rem 1.1rem; text-decoration: none; font-weight: 600; }
a.button.minor { background: #fff4e5; border-color: #f0a24a; color: #7a3a00; font-size: 1.1rem; width: 100%;
  text-align: center; padding: .85rem 1rem; }
.card.kind { background: #fff8ef; border-color: #f5c08a; }
.inline-field { display: flex; gap: .5rem; align-items: stretch; }
.inline-field input { flex: 1; }
.inline-field button { margin-top: 0; }
.tracking-code { font: 700 1.6rem/1.3 ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; letter-spacing: .08em;
  background: #fff8e1; border: 1px dashed #c9a227; padding: .6rem .9rem; border-radius: .4rem; user-select: all;
  word-break: break-all; display: inline-block; }
.tag.p-critical { background: #7a1a12; border-color: #7a1a12; color: #fff; }
.tag.p-urgent { background: #fdecea; border-color: #f1aca5; color: #7a1a12; }
.tag.p-high { background: #fff1e0; border-color: #f5c08a; color: #7a3a00; }
.tag.breach { background: #b42318; border-color: #b42318; color: #fff; }
.tag.minor { background: #e8f0fe; border-color: #b6cbf5; color: #1c3d80; }
table.queue tr.selected td { background: #e6f4ee; }
table.queue tr.selected td:first-child { box-shadow: inset 4px 0 0 var(--brand); }
.filters { display: grid; gap: 0 1rem; grid-template-columns: repeat(auto-fit, minmax(9rem, 1fr)); align-items: end; }
.button-row { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; }
.button-row button { margin-top: 0; }
fieldset.act-choice label.check { border: 1px solid var(--line); border-radius: .4rem; padding: .25rem .6rem; }
kbd { font: .8rem ui-monospace, Menlo, Consolas, monospace; border: 1px solid #b7c6c3; border-bottom-width: 2px;
  border-radius: .25rem; padding: 0 .3rem; background: #fff; color: var(--ink); }
ol.events { list-style: none; padding: 0; margin: 0; }
ol.events li { border-left: 3px solid var(--line); padding: .25rem .75rem; margin: 0 0 .5rem; }
ol.events li.action { border-left-color: var(--danger); }
ol.events li.note-reporter { border-left-color: var(--brand); }
.evidence pre { white-space: pre-wrap; word-break: break-word; margin: .25rem 0; font: inherit; }
.hash { font: .75rem ui-monospace, Menlo, Consolas, monospace; color: var(--muted); word-break: break-all; }
.reveal { display: block; position: relative; cursor: pointer; font-weight: 400; margin: .25rem 0; }
.reveal > input { position: absolute; opacity: 0; width: 1px; height: 1px; }
.reveal > .sensitive { display: block; filter: blur(14px); user-select: none; }
.reveal > .veil { position: absolute; inset: 0; display: flex; align-items: center; justify-content: center;
  color: #fff; background: rgba(31, 42, 46, .55); border-radius: .4rem; font-weight: 600; text-align: center; padding: .5rem; }
.reveal > input:checked ~ .sensitive { filter: none; user-select: auto; }
.reveal > input:checked ~ .veil { display: none; }
.reveal > input:focus-visible ~ .veil { outline: 3px solid #9be3c8; }
.reveal img { max-width: 100%; height: auto; display: block; }
.stats-grid { display: grid; gap: 1rem; grid-template-columns: repeat(auto-fit, minmax(16rem, 1fr)); }
.stats-grid .card { margin: 0; }
.big-number { font-size: 1.8rem; font-weight: 700; }
footer { max-width: 72rem; margin: 2rem auto; padding: 0 1rem; color: var(--muted); font-size: .8rem; }
@media (max-width: 40rem) {
  body { font-size: 15px; }
  main { padding: .75rem; }
  .card { padding: .75rem; }
  th, td { padding: .4rem; }
  header.top .who { order: 3; width: 100%; }
}
/* Conversation risk: each track's stages as a timeline, the messages with their evidence marked. */
ol.timeline { list-style: none; display: flex; flex-wrap: wrap; gap: .5rem; padding: 0; margin: .25rem 0 1rem; }
ol.timeline li { border: 1px solid var(--line); border-left: 4px solid var(--danger); border-radius: .4rem;
  padding: .3rem .6rem; background: #fff; display: flex; flex-direction: column; min-width: 9rem; }
ol.conversation { padding-left: 2.5rem; }
ol.conversation li { margin: .5rem 0; }
ol.conversation li.evidence .highlighted { border-color: var(--danger); }
ol.conversation li:target .highlighted { outline: 3px solid var(--warn); }
`;

// Progressive enhancement only: every page works without it.
const JS = `
document.addEventListener('change', function (event) {
  var target = event.target;
  if (target instanceof HTMLSelectElement && target.hasAttribute('data-autosubmit') && target.form) target.form.submit();
});
document.addEventListener('click', function (event) {
  var button = event.target instanceof Element ? event.target.closest('[data-copy]') : null;
  if (!button) return;
  var source = document.getElementById(button.getAttribute('data-copy'));
  if (!source || !navigator.clipboard) return;
  navigator.clipboard.writeText(source.textContent.trim()).then(function () {
    button.textContent = button.getAttribute('data-copied') || button.textContent;
  });
});

// Keyboard shortcuts on review pages: an element with data-key="x" answers the key x outside text boxes. A radio or
// checkbox is chosen and the field named by data-focus focused; a <details> opens; a link or button is clicked.
document.addEventListener('keydown', function (event) {
  if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
  var target = event.target;
  var typing = 'textarea, select, [contenteditable], input:not([type=checkbox]):not([type=radio]):not([type=submit])';
  if (target instanceof HTMLElement && target.closest(typing)) {
    if (event.key === 'Escape') target.blur();
    return;
  }
  var rows = Array.prototype.slice.call(document.querySelectorAll('[data-row]'));
  if (rows.length > 0 && (event.key === 'j' || event.key === 'k' || event.key === 'Enter')) {
    var at = rows.findIndex(function (row) { return row.classList.contains('selected'); });
    if (event.key === 'Enter') {
      var link = at >= 0 ? rows[at].querySelector('a[href]') : null;
      if (link) { event.preventDefault(); link.click(); }
      return;
    }
    event.preventDefault();
    var next = Math.max(0, Math.min(rows.length - 1, at + (event.key === 'j' ? 1 : -1)));
    if (at < 0) next = 0;
    rows.forEach(function (row, i) { row.classList.toggle('selected', i === next); });
    rows[next].scrollIntoView({ block: 'nearest' });
    return;
  }
  var key = event.key;
  var byKey = function (root) {
    return Array.prototype.find.call(root.querySelectorAll('[data-key]'), function (el) {
      return el.getAttribute('data-key') === key;
    });
  };
  // On the queue a row's own button (claim) wins over the page's.
  var selected = document.querySelector('[data-row].selected');
  var el = (selected && byKey(selected)) || byKey(document);
  if (!el) return;
  event.preventDefault();
  if (el instanceof HTMLDetailsElement) { el.open = !el.open; if (el.open) el.scrollIntoView({ block: 'nearest' }); return; }
  if (el instanceof HTMLInputElement && (el.type === 'radio' || el.type === 'checkbox')) {
    el.checked = true;
    el.dispatchEvent(new Event('change', { bubbles: true }));
    var focus = el.getAttribute('data-focus');
    var field = focus ? document.getElementById(focus) : null;
    if (field) { field.focus(); field.scrollIntoView({ block: 'center' }); }
    return;
  }
  if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) { el.focus(); el.scrollIntoView({ block: 'center' }); return; }
  if (el instanceof HTMLElement) el.click();
});
`;

/** A static asset served from the app: its body, type and a content hash for cache-busting URLs. */
export interface Asset {
  readonly body: string;
  readonly type: string;
  readonly hash: string;
}

function asset(body: string, type: string): Asset {
  return { body, type, hash: createHash('sha256').update(body).digest('base64url').slice(0, 12) };
}

// The guardian portal adds what a guardian's phone screen needs on top: large tap targets, the day's usage as a bar,
// stacked action buttons.
const GUARDIAN_CSS = `
header.top { background: #155e75; }
nav.pages { background: #0e4a5c; }
nav.pages a[aria-current="page"] { box-shadow: inset 0 -3px 0 #a5e4f3; }
main { max-width: 40rem; }
.stats { display: grid; grid-template-columns: repeat(auto-fit, minmax(8rem, 1fr)); gap: .75rem; margin: .75rem 0; }
.stat { background: #fff; border: 1px solid var(--line); border-radius: .6rem; padding: .6rem .8rem; }
.stat .value { display: block; font-size: 1.6rem; font-weight: 700; line-height: 1.2; }
.stat .what { color: var(--muted); font-size: .85rem; }
.meter { height: .8rem; background: #e3ecea; border-radius: .4rem; overflow: hidden; margin: .4rem 0; }
.meter > span { display: block; height: 100%; background: var(--brand); }
.meter > span.over { background: var(--danger); }
.w0 { width: 0%; } .w10 { width: 10%; } .w20 { width: 20%; } .w30 { width: 30%; } .w40 { width: 40%; } .w50 { width: 50%; }
.w60 { width: 60%; } .w70 { width: 70%; } .w80 { width: 80%; } .w90 { width: 90%; } .w100 { width: 100%; }
.actions { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; }
.actions form { margin: 0; }
.actions button { margin-top: 0; }
ul.plain { list-style: none; padding: 0; margin: 0; }
ul.cards > li { background: #fff; border: 1px solid var(--line); border-radius: .6rem; padding: .75rem; margin: .6rem 0; }
ul.cards > li h3 { margin: 0 0 .25rem; font-size: 1.05rem; }
.locked { color: var(--danger); font-weight: 600; }
.rule { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: .85rem; }
input[type=number], input[type=time], input[type=date] { width: 100%; font: inherit; padding: .55rem .65rem;
  border: 1px solid #b7c6c3; border-radius: .4rem; background: #fff; color: inherit; min-height: 2.75rem; }
input.code { font-size: 1.4rem; letter-spacing: .2em; text-align: center; }
table.week td.num, table.week th.num { text-align: right; }
details.day { border-top: 1px solid var(--line); padding: .5rem 0; }
details.day summary { font-weight: 600; min-height: 2rem; }
ul.errors { margin: .25rem 0 0; padding-left: 1.2rem; }
`;

/** Every page set's stylesheets and script, served by each set itself under its own base: no CDN. */
export const ASSETS = {
  'console.css': asset(CSS, 'text/css; charset=utf-8'),
  'console.js': asset(JS, 'text/javascript; charset=utf-8'),
  'guardian.css': asset(GUARDIAN_CSS, 'text/css; charset=utf-8'),
} as const;

export type AssetName = keyof typeof ASSETS;
