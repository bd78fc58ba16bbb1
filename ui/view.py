"""The result as HTML: article scores, brief, reference scores and the side-by-side table.

All article text is untrusted (pasted by a person, or copied through by the model), so
every piece of it goes through ``_text`` (``html.escape``) before it is placed in markup;
attribute values are our own numbers and ids, and are escaped as well. ``gr.HTML`` sets
its value with ``innerHTML``, where an unescaped ``<img onerror=...>`` would run.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from kabar.core.furniture import ROLE_DESCRIPTIONS
from kabar.translate import quality
from kabar.translate.results import ArticleTranslation, SentenceTranslation
from kabar.ui import review_view
from kabar.ui.briefs import BriefLike
from kabar.ui.scoring import ReferenceScores

ROW_ID = review_view.ROW_ID

# What a journalist reads on the page: a name per flag (the exact definition is its
# hover text, quality.FLAG_DESCRIPTIONS); the JSON and CLI keep the short flag ids.
FLAG_LABELS: dict[str, str] = {
    quality.FLAG_REPETITION: "repeats itself",
    quality.FLAG_UNTRANSLATED: "left in Indonesian",
    quality.FLAG_LENGTH_RATIO: "length mismatch",
    quality.FLAG_CHUNKED: "translated in pieces",
    quality.FLAG_LENGTH_LIMIT: "cut off",
    quality.FLAG_EMPTY: "empty",
    "numbers": "number changed",
    "glossary": "glossary term missing",
    "kept_text": "address or tag changed",
}
CONFIDENCE_HINT = (
    "how sure the model was of its own words: its average probability per word, 0 to 1; "
    "higher is better, but a confident translation can still be wrong"
)
# Which way is better for each reference metric (by sacrebleu name).
METRIC_DIRECTIONS = {
    "BLEU": "higher is better",
    "chrF2": "higher is better",
    "TER": "lower is better",
}

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


def _text(value: object) -> str:
    """Escape anything for use as HTML text or a double-quoted attribute value."""
    return html.escape(str(value), quote=True)


def row_id(index: int) -> str:
    """The HTML id of sentence ``index``'s row: the brief links to it."""
    return ROW_ID.format(index=int(index))


def render_result(
    article: ArticleTranslation,
    *,
    brief: BriefLike | None = None,
    brief_note: str | None = None,
    reference: ReferenceScores | None = None,
) -> str:
    """The whole result panel as one HTML string (every piece of article text escaped)."""
    brief_rows = _brief_rows(brief, len(article.sentences))
    parts = [
        '<div class="kabar-view">',
        _cards(article),
        *(f'<div class="kabar-notice">{_text(n)}</div>' for n in article.notices),
        review_view.to_check_section(article),
        _brief_section(brief, brief_note, len(article.sentences)),
        _reference_section(reference) if reference is not None else "",
        _legend(),
        _table(article, brief_rows, reference.sentence_chrf if reference else None),
        "</div>",
    ]
    return "\n".join(part for part in parts if part)


def render_progress() -> str:
    """What the result panel says while a translation runs."""
    return (
        '<div class="kabar-progress" role="status">Translating… the English appears here '
        "sentence by sentence when it is done (a long article takes a minute).</div>"
    )


def render_model_error(message: str) -> str:
    """The banner shown instead of results when the model could not be loaded."""
    return (
        '<div class="kabar-view"><div class="kabar-model-error"><b>No translation model.</b>\n'
        f"{_text(message)}</div></div>"
    )


def _cards(article: ArticleTranslation) -> str:
    sentences = article.sentences
    worst_index = min(range(len(sentences)), key=lambda i: sentences[i].confidence, default=None)
    flagged = sum(1 for s in sentences if s.flags)
    worst_link = (
        f'<a href="#{row_id(worst_index)}">sentence {worst_index + 1}</a>'
        if worst_index is not None
        else "no sentences"
    )
    engine = article.engine
    return (
        '<div class="kabar-cards">'
        + _card("Sentences", str(len(sentences)), f"in {len(article.paragraphs)} paragraphs")
        + _card(
            "Mean confidence",
            f"{article.mean_confidence:.2f}",
            "0 to 1, higher is better",
            conf=article.mean_confidence,
            title=CONFIDENCE_HINT,
        )
        + _card(
            "Worst sentence",
            f"{article.worst_confidence:.2f}",
            worst_link,
            conf=article.worst_confidence,
            sub_is_html=True,
        )
        + _card("Flagged", str(flagged), "sentences with a warning")
        + "</div>"
        + '<div class="kabar-engine">'
        + _text(
            f"model {engine.model} · {engine.backend} · {engine.device} · {engine.threads} "
            f"threads · beam {engine.beam_size} · {article.seconds:.1f} s"
        )
        + "</div>"
    )


def _card(
    label: str,
    value: str,
    sub: str,
    *,
    conf: float | None = None,
    sub_is_html: bool = False,
    title: str | None = None,
) -> str:
    style = f' style="--conf: {conf:.4f}"' if conf is not None else ""
    tinted = " tinted" if conf is not None else ""
    hover = f' title="{_text(title)}"' if title else ""
    return (
        f'<div class="kabar-card{tinted}"{style}{hover}><div class="label">{_text(label)}</div>'
        f'<div class="value">{_text(value)}</div>'
        f'<div class="sub">{sub if sub_is_html else _text(sub)}</div></div>'
    )


def _brief_rows(brief: BriefLike | None, count: int) -> dict[int, int]:
    """Sentence index -> position (1-based) in the brief, for lines that point into the table."""
    if brief is None:
        return {}
    return {
        int(line.sentence_index): position
        for position, line in enumerate(brief.lines, start=1)
        if 0 <= int(line.sentence_index) < count
    }


def _brief_section(brief: BriefLike | None, note: str | None, count: int) -> str:
    if brief is None:
        if note is None:
            return ""
        return (
            '<div class="kabar-section kabar-brief-box"><div class="kabar-h">Brief</div>'
            f'<div class="kabar-engine">{_text("no brief: " + note)}</div></div>'
        )
    items = []
    for line in brief.lines:
        index = int(line.sentence_index)
        if 0 <= index < count:
            target = (
                f' <a class="kabar-brief-link" href="#{row_id(index)}" '
                f'data-sentence="{index}">sentence {index + 1} ↓</a>'
            )
        else:
            target = ""
        source = getattr(line, "source", None)  # the original, when chosen on the source
        original = (
            f'<span class="kabar-brief-source" lang="id">{_text(source)}</span>' if source else ""
        )
        items.append(f"<li>{_text(line.text)}{target}{original}</li>")
    notices = "".join(f'<div class="kabar-engine">{_text(n)}</div>' for n in brief.notices)
    return (
        '<div class="kabar-section kabar-brief-box"><div class="kabar-h">Brief '
        f'<span class="kabar-method">{_text(brief.method)}</span></div>'
        f'<ol class="kabar-brief">{"".join(items)}</ol>{notices}</div>'
    )


def _reference_section(reference: ReferenceScores) -> str:
    values = "".join(
        f'<span class="kabar-metric">{_text(name)} <b>{score:.1f}</b> '
        f'<span class="kabar-hint">{_text(METRIC_DIRECTIONS.get(name, ""))}</span></span>'
        for name, score, _ in reference.metrics
    )
    signatures = "<br>".join(_text(signature) for _, _, signature in reference.metrics)
    return (
        '<div class="kabar-section kabar-reference">'
        '<div class="kabar-h">Against your reference</div>'
        f'<div class="kabar-metrics">{values}</div>'
        f'<div class="kabar-engine">{_text(reference.note)}</div>'
        f'<div class="kabar-signature">{signatures}</div></div>'
    )


def _flag_badge(flag: str) -> str:
    """A flag's readable name, its exact definition a tap away (a ``<details>``, so a
    touch screen reaches it; also on hover), its id for scripts."""
    kind = " chunked" if flag == quality.FLAG_CHUNKED else ""
    meaning = _text(quality.FLAG_DESCRIPTIONS.get(flag, flag))
    return (
        f'<details class="kabar-flag{kind}" data-flag="{_text(flag)}" title="{meaning}">'
        f"<summary>{_text(FLAG_LABELS.get(flag, flag.replace('_', ' ')))}</summary>"
        f'<span class="kabar-flag-meaning">{meaning}</span></details>'
    )


def _legend() -> str:
    flags = " ".join(_flag_badge(flag) for flag in quality.FLAG_DESCRIPTIONS)
    return (
        f'<div class="kabar-legend" title="{_text(CONFIDENCE_HINT)}">'
        '<span class="good">green: likely fine</span> <span class="kabar-scale"></span> '
        '<span class="bad">red: check this sentence</span> · warnings (tap one for its exact '
        f"meaning): {flags}</div>"
    )


def _table(
    article: ArticleTranslation,
    brief_rows: dict[int, int],
    sentence_chrf: Sequence[float] | None,
) -> str:
    chrf_col = '<col class="chrf">' if sentence_chrf is not None else ""
    chrf_head = "<th>chrF</th>" if sentence_chrf is not None else ""
    parts = [
        '<table class="kabar-table"><colgroup><col class="num"><col class="src">'
        f'<col class="tgt"><col class="score">{chrf_col}</colgroup>'
        "<thead><tr><th>#</th><th>Indonesian</th><th>English</th><th>Score</th>"
        f"{chrf_head}</tr></thead>"
    ]
    index = 0
    for number, paragraph in enumerate(article.paragraphs, start=1):
        parts.append(f'<tbody class="kabar-paragraph" data-paragraph="{number}">')
        for position, sentence in enumerate(paragraph.sentences):
            chrf = sentence_chrf[index] if sentence_chrf is not None else None
            marker = f'<span class="kabar-para">¶{number}</span>' if position == 0 else ""
            parts.append(_row(index, sentence, marker, brief_rows.get(index), chrf))
            index += 1
        parts.append("</tbody>")
    parts.append("</table>")
    return "".join(parts)


def _row(
    index: int,
    sentence: SentenceTranslation,
    marker: str,
    brief_position: int | None,
    chrf: float | None,
) -> str:
    classes = ["kabar-row"]
    if sentence.flags:
        classes.append("flagged")
    if brief_position is not None:
        classes.append("in-brief")
    role = sentence.role
    if role != "body":  # news furniture: kept and translated, dimmed
        classes += ["furniture", f"role-{role}"]
    flags = "".join(_flag_badge(flag) for flag in sentence.flags)
    brief_tag = (
        f'<span class="kabar-brief-tag">brief {brief_position}</span>'
        if brief_position is not None
        else ""
    )
    role_tag = (
        f'<span class="kabar-role" title="{_text(ROLE_DESCRIPTIONS.get(role, role))}">'
        f"{_text(role)}</span>"
        if role != "body"
        else ""
    )
    dateline = sentence.dateline
    if dateline and sentence.source.startswith(dateline):
        source_cell = (
            f'<span class="kabar-dateline" title="dateline">{_text(dateline)}</span>'
            f"{_text(sentence.source[len(dateline) :])}"
        )
    else:
        source_cell = _text(sentence.source)
    hover = f"confidence {sentence.confidence:.3f}"
    if sentence.chunks > 1:
        hover += f" · translated in {sentence.chunks} pieces"
    chrf_cell = f'<td class="kabar-ref-chrf">{chrf:.1f}</td>' if chrf is not None else ""
    return (
        f'<tr id="{row_id(index)}" class="{" ".join(classes)}" '
        f'style="--conf: {sentence.confidence:.4f}" data-sentence="{index}">'
        f'<td class="num">{marker}{index + 1}</td>'
        f'<td class="src" lang="id">{source_cell}</td>'
        f'<td class="tgt" lang="en">{_text(sentence.translation)}</td>'
        f'<td class="score"><span class="kabar-conf" title="{_text(hover)}">'
        f"{sentence.confidence:.2f}</span> {flags}{role_tag}{brief_tag}"
        f"{review_view.check_notes(sentence)}</td>"
        f"{chrf_cell}</tr>"
    )
