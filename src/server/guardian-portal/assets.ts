import { asset } from '../console/assets.js';

// The portal uses the console's stylesheet and adds what a guardian's phone screen needs on top: large tap targets, the
// day's usage as a bar, stacked action buttons. No script: every action is a plain form.
const CSS = `
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
.badge { display: inline-block; min-width: 1.4rem; padding: 0 .4rem; border-radius: 1rem; background: var(--danger);
  color: #fff; font-size: .8rem; text-align: center; }
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

/** The portal's own stylesheet, served beside the console's. */
export const PORTAL_ASSETS = {
  'guardian.css': asset(CSS, 'text/css; charset=utf-8'),
} as const;
