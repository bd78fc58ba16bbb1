"""The result panel's style sheet (kept apart from the HTML it styles: ``kabar.ui.view``)."""

from kabar.ui import review_view

# Scoped to the result component by gr.HTML(css_template=...). The row tint runs from red
# (confidence 0) through amber to green (confidence 1) on a continuous scale: the UI does
# not invent thresholds the engine does not have. Text colours are explicit so the table
# stays readable under Gradio's dark theme.
CSS = (
    """
.kabar-view { color: #1f2937; font-size: 15px; line-height: 1.5; overflow-wrap: break-word; }
.kabar-cards { display: flex; flex-wrap: wrap; gap: 10px; margin: 4px 0 12px; }
.kabar-card { background: #f8fafc; border: 1px solid #e2e8f0; border-radius: 10px;
  padding: 8px 14px; min-width: 120px; }
.kabar-card .label { font-size: 12px; color: #64748b; text-transform: uppercase;
  letter-spacing: .04em; }
.kabar-card .value { font-size: 24px; font-weight: 650; color: #0f172a; }
.kabar-card .sub { font-size: 12px; color: #64748b; }
.kabar-card.tinted { background: hsl(calc(var(--conf) * 120) 70% 93%);
  border-color: hsl(calc(var(--conf) * 120) 45% 75%); }
.kabar-engine { font-size: 12px; color: #64748b; margin: -4px 0 10px; }
.kabar-notice { background: #fff7ed; border: 1px solid #fdba74; color: #7c2d12;
  border-radius: 8px; padding: 6px 12px; margin: 6px 0; }
.kabar-section { border: 1px solid #e2e8f0; border-radius: 10px; padding: 8px 14px;
  margin: 10px 0; background: #ffffff; }
.kabar-section .kabar-h { margin: 0 0 6px; font-size: 15px; font-weight: 650;
  color: #0f172a; }
.kabar-method { font-size: 12px; font-weight: 400; color: #64748b; margin-left: 6px; }
.kabar-brief { margin: 0; padding-left: 22px; }
.kabar-brief li { margin: 3px 0; }
.kabar-brief a { color: #1d4ed8; text-decoration: none; }
.kabar-brief a:hover { text-decoration: underline; }
.kabar-metrics { display: flex; flex-wrap: wrap; gap: 18px; margin: 2px 0 4px; }
.kabar-metric b { font-size: 20px; color: #0f172a; }
.kabar-signature { font-family: ui-monospace, monospace; font-size: 11px; color: #475569;
  overflow-wrap: anywhere; }
.kabar-legend { display: flex; align-items: center; gap: 8px; font-size: 12px;
  color: #475569; margin: 12px 0 6px; flex-wrap: wrap; }
.kabar-scale { width: 120px; height: 10px; border-radius: 5px;
  background: linear-gradient(90deg, hsl(0 70% 88%), hsl(60 70% 88%), hsl(120 70% 88%)); }
table.kabar-table { width: 100%; border-collapse: collapse; table-layout: fixed;
  margin: 0 0 8px; }
.kabar-table, .kabar-table tr, .kabar-table th, .kabar-table td { border: none; }
.kabar-table th { text-align: left; font-size: 12px; text-transform: uppercase;
  letter-spacing: .04em; color: #475569; background: #f1f5f9; padding: 6px 8px;
  border-bottom: 2px solid #cbd5e1; }
.kabar-table td { padding: 6px 8px; vertical-align: top; border-bottom: 1px solid #e5e7eb;
  overflow-wrap: break-word; color: #1f2937; }
.kabar-table col.num { width: 3.2em; }
.kabar-table col.score { width: 9.5em; }
.kabar-table col.chrf { width: 5em; }
.kabar-table tbody.kabar-paragraph { border-top: 3px solid #94a3b8; }
.kabar-table tbody.kabar-paragraph:first-of-type { border-top: none; }
.kabar-row { background: hsl(calc(var(--conf) * 120) 70% 95%); }
.kabar-row td.num { color: #64748b; font-size: 12px; }
.kabar-para { display: block; font-size: 10px; color: #94a3b8; }
.kabar-row.flagged td.num { box-shadow: inset 4px 0 0 #dc2626; }
.kabar-row { scroll-margin-top: 80px; }
.kabar-row:target { outline: 3px solid #2563eb; outline-offset: -3px; }
.kabar-conf { display: inline-block; min-width: 3.2em; text-align: center; font-weight: 650;
  border-radius: 6px; padding: 0 6px; color: #0f172a;
  background: hsl(calc(var(--conf) * 120) 60% 80%); }
.kabar-flag { display: inline-block; font-size: 11px; border-radius: 9px; padding: 0 7px;
  margin: 2px 2px 0 0; background: #fee2e2; color: #991b1b; border: 1px solid #fca5a5;
  cursor: help; }
.kabar-flag.chunked { background: #e0e7ff; color: #3730a3; border-color: #a5b4fc; }
/* A flag is a <details>: a tap (or a click) opens its exact meaning; no hover needed. */
details.kabar-flag > summary { list-style: none; cursor: pointer; }
details.kabar-flag > summary::-webkit-details-marker { display: none; }
details.kabar-flag[open] { display: block; border-radius: 6px; }
.kabar-flag-meaning { display: block; font-size: 12px; padding: 2px 0 4px; }
.kabar-progress { padding: 14px; font-size: 15px; border-radius: 8px;
  background: #eff6ff; color: #1e3a8a; }
.kabar-brief-tag { display: inline-block; font-size: 11px; border-radius: 9px;
  padding: 0 7px; margin: 2px 2px 0 0; background: #dbeafe; color: #1e40af; }
.kabar-ref-chrf { font-variant-numeric: tabular-nums; }
.kabar-row.furniture td.src, .kabar-row.furniture td.tgt { opacity: .5; }
.kabar-dateline { opacity: .5; }
.kabar-role { display: inline-block; font-size: 11px; border-radius: 9px; padding: 0 7px;
  margin: 2px 2px 0 0; background: #f1f5f9; color: #475569; border: 1px solid #cbd5e1; }
.kabar-brief-source { display: block; font-size: 12px; color: #64748b; }
.kabar-legend .good { color: #15803d; font-weight: 650; }
.kabar-legend .bad { color: #b91c1c; font-weight: 650; }
.kabar-hint { font-size: 12px; color: #64748b; }
/* Phones: each sentence becomes a block, its score and flags on one line, the Indonesian
   above its English at the full width (a 4-column table leaves ~5 characters a column). */
@media (max-width: 700px) {
  table.kabar-table, .kabar-table tbody, .kabar-table tr, .kabar-table td {
    display: block; width: auto; }
  .kabar-table colgroup, .kabar-table thead { display: none; }
  .kabar-table tr.kabar-row { display: grid; grid-template-columns: auto 1fr auto;
    grid-template-areas: "num score chrf" "src src src" "tgt tgt tgt";
    border-bottom: 1px solid #cbd5e1; }
  .kabar-table td { border-bottom: none; padding: 3px 8px; }
  .kabar-table td.num { grid-area: num; }
  .kabar-table td.score { grid-area: score; }
  .kabar-table td.kabar-ref-chrf { grid-area: chrf; }
  .kabar-table td.src { grid-area: src; }
  .kabar-table td.tgt { grid-area: tgt; font-weight: 500; }
  .kabar-para { display: inline; margin-right: 4px; }
  .kabar-table td.src::before, .kabar-table td.tgt::before { display: block;
    font-size: 10px; color: #64748b; text-transform: uppercase; letter-spacing: .04em; }
  .kabar-table td.src::before { content: "Indonesian"; }
  .kabar-table td.tgt::before { content: "English"; }
  .kabar-row.flagged td.num { box-shadow: none; }
  .kabar-row.flagged { box-shadow: inset 4px 0 0 #dc2626; }
}
.kabar-model-error { background: #fef2f2; border: 1px solid #fca5a5; color: #7f1d1d;
  border-radius: 8px; padding: 10px 14px; white-space: pre-wrap; font-size: 14px; }
"""
    + review_view.CSS
)
