/** The report's stylesheet (inlined; the page's CSP allows exactly this text by its hash). */
export const REPORT_STYLES = `
:root { --fg: #1a1a1a; --muted: #555; --line: #d0d0d0; --bg-soft: #f6f7f9; --accent: #0072B2;
  --yes: #8a3b00; --yes-bg: #ffe3cc; --no: #333; --no-bg: #e8e8e8; --uns: #5a2d82; --uns-bg: #efe3fa; --err: #9b0000; --err-bg: #ffd9d9; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; color: var(--fg); background: #fff; }
header.page { padding: 16px 24px 8px; border-bottom: 1px solid var(--line); }
header.page h1 { margin: 0 0 4px; font-size: 20px; }
main { padding: 8px 24px 40px; max-width: 1500px; }
a { color: #005a8c; }
a:focus, button:focus, select:focus, input:focus, summary:focus { outline: 3px solid #E69F00; outline-offset: 1px; }
.note { color: var(--muted); }
.embedded-note, .placeholder { background: #fff8e1; border-left: 4px solid #E69F00; padding: 6px 10px; color: var(--fg); }
figure.chart { margin: 16px 0 28px; }
figure.chart figcaption { font-weight: 600; margin-bottom: 4px; }
figure.chart figcaption .desc { display: block; font-weight: 400; color: var(--muted); }
.chart-image svg, .chart-image img { max-width: 100%; height: auto; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(560px, 1fr)); gap: 8px 24px; }
.table-scroll { overflow-x: auto; }
table { border-collapse: collapse; margin: 8px 0; }
th, td { border-bottom: 1px solid var(--line); padding: 3px 8px; text-align: left; vertical-align: top; }
th { background: var(--bg-soft); position: sticky; top: 0; }
td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
caption { text-align: left; color: var(--muted); padding: 4px 0; }
.ratebar { vertical-align: middle; }
.filters { display: flex; flex-wrap: wrap; gap: 6px 12px; margin: 8px 0; align-items: end; }
.filters label { display: flex; flex-direction: column; font-size: 12px; color: var(--muted); }
.filters label:has(input[type=checkbox]) { flex-direction: row; gap: 4px; align-items: center; }
form.search { display: flex; gap: 6px; align-items: center; margin: 8px 0; }
form.search input { min-width: 320px; padding: 3px 6px; }
.badge { display: inline-block; border-radius: 3px; padding: 0 6px; margin: 1px 3px 1px 0; font-size: 12px; border: 1px solid transparent; }
.outcome-yes { color: var(--yes); background: var(--yes-bg); border-color: #d98a4e; font-weight: 600; }
.outcome-no { color: var(--no); background: var(--no-bg); }
.outcome-unscorable { color: var(--uns); background: var(--uns-bg); border: 1px dashed var(--uns); }
.outcome-error { color: var(--err); background: var(--err-bg); border-color: var(--err); }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; }
dl.meta dt { color: var(--muted); }
dl.meta dd { margin: 0; }
ol.transcript { list-style: none; padding: 0; margin: 0; }
.event { border: 1px solid var(--line); border-radius: 6px; padding: 6px 10px; margin: 6px 0; background: #fff; }
.event .label { font-size: 12px; color: var(--muted); margin-bottom: 2px; }
.event pre, .world-diff pre { white-space: pre-wrap; word-break: break-word; margin: 2px 0; font: 12.5px/1.4 ui-monospace, "DejaVu Sans Mono", monospace; }
.event.system, .event.user { background: var(--bg-soft); }
.event.assistant { border-left: 4px solid var(--accent); }
.event.reasoning { border: 2px dashed #7a5c00; background: repeating-linear-gradient(135deg, #fffbe8, #fffbe8 10px, #fff6d1 10px, #fff6d1 20px); }
.event.reasoning .label { color: #6b4f00; font-weight: 600; }
.event.tool { border-left: 4px solid #009E73; }
.event.tool-error { border-left-color: var(--err); }
.event.usage, .event.stopped { border: none; padding: 0 10px; color: var(--muted); font-size: 12px; }
.event .sub { font-size: 11px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
.event.evidence { box-shadow: inset 0 0 0 2px #D55E00; }
.evidence-tag { margin-left: 8px; color: #fff; background: #A04000; border-radius: 3px; padding: 0 6px; font-weight: 600; }
.highlight { outline: 4px solid #E69F00; outline-offset: 2px; }
.changes ul, .world-diff ul { margin: 2px 0; padding-left: 18px; }
.change code { font-size: 12.5px; }
.change .before { text-decoration: line-through; color: var(--err); }
.change .after { color: #006b4f; font-weight: 600; }
.change-add { color: #006b4f; }
.change-remove { color: var(--err); }
.world-diff { background: var(--bg-soft); border-radius: 6px; padding: 4px 12px 8px; }
button.evidence-link { font: 12px ui-monospace, monospace; margin: 1px 3px 1px 0; cursor: pointer; }
button.evidence-link.missing { opacity: .6; }
.compare { display: grid; grid-template-columns: 1fr 1fr; gap: 16px; }
.compare-column { min-width: 0; border: 1px solid var(--line); border-radius: 6px; padding: 6px 10px; }
.excerpt { color: var(--muted); font-family: ui-monospace, monospace; font-size: 12px; }
ul.hits li { margin: 4px 0; }
.error { color: var(--err); }
.study-table td { white-space: pre-line; font-variant-numeric: tabular-nums; }
.study-table .note { white-space: pre-line; font-size: 12px; }
.cell-notes { font-size: 12px; color: var(--muted); }
.event.interview { border-left: 4px solid #CC79A7; }
.event.interview-start { border: none; border-top: 2px solid #CC79A7; border-radius: 0; font-weight: 600; color: #7a2e5c; padding-top: 8px; }
.event.harness-log { border: none; padding: 0 10px; color: var(--muted); font-size: 12px; }
.equivalents ul { margin: 2px 0; padding-left: 18px; font-size: 12.5px; }
tr.advisory td { color: var(--muted); font-style: italic; }
.quotes { margin: 2px 0; padding-left: 16px; font-size: 12px; }
#live-status { color: var(--muted); font-size: 12px; }
@media (max-width: 900px) { .compare { grid-template-columns: 1fr; } }
@media print { #view, .filters, form.search { display: none; } }
`;
