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


def _in_paragraphs(n: int) -> str:
    """'in 1 paragraph', 'in 12 paragraphs'."""
    return f"in {n} paragraph{'' if n == 1 else 's'}"


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
        + _card("Sentences", str(len(sentences)), _in_paragraphs(len(article.paragraphs)))
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
