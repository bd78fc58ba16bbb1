"""The UI's sentences to check: the list at the top of the result (each line a link to
its row) and, on each flagged row, what the checks found in plain words.

Every piece of article text in these (a number or hashtag quoted from the source, the
English it has instead) is escaped like the rest of the view.
"""

from __future__ import annotations

import html

from kabar.translate.results import ArticleTranslation, SentenceTranslation

ROW_ID = "kabar-s-{index}"  # the same ids as the table's rows (ui.view.ROW_ID)
# How many links a phone shows (two or three lines of them); the CSS's nth-child says it too.
PHONE_LINKS = 12

CSS = """
.kabar-to-check { border-color: #fca5a5; background: #fff7f7; }
.kabar-to-check > summary { cursor: pointer; }
.kabar-to-check ol { margin: 0; padding-left: 22px; }
.kabar-to-check li { margin: 3px 0; }
.kabar-to-check a { color: #1d4ed8; text-decoration: none; font-weight: 600; }
.kabar-to-check a:hover { text-decoration: underline; }
.kabar-to-check .none { color: #15803d; }
.kabar-to-check .kabar-more, .kabar-to-check .kabar-tap { display: none; }
.kabar-check-note { display: block; font-size: 12px; color: #991b1b; margin-top: 2px; }
/* Phones: the list is a few lines of links (worst first), not screens of reasons: each
   flagged row says why under its flags, a tap away; the heading folds the list away. */
@media (max-width: 700px) {
  .kabar-to-check ol { display: flex; flex-wrap: wrap; gap: 6px; padding-left: 0;
    list-style: none; }
  .kabar-to-check li { margin: 0; }
  .kabar-to-check li a { display: inline-block; padding: 2px 9px; border-radius: 12px;
    border: 1px solid #fca5a5; background: #ffffff; }
  .kabar-to-check .kabar-why { display: none; }
  .kabar-to-check li.kabar-item:nth-child(n+13) { display: none; }
  .kabar-to-check li.kabar-more { display: block; width: 100%; font-size: 12px;
    color: #64748b; }
  .kabar-to-check .kabar-tap { display: block; font-size: 12px; color: #64748b;
    margin: 0 0 4px; }
}
"""


def _text(value: object) -> str:
    return html.escape(str(value), quote=True)


def to_check_section(article: ArticleTranslation) -> str:
    """ "3 sentences to check", worst first, each a link to its row with why; a heading
    that folds the list (on a phone the list is the links alone: ``CSS``)."""
    review = article.to_check
    if not review.count:
        return (
            '<div class="kabar-section kabar-to-check"><div class="kabar-h none">'
            f"{_text(review.headline.capitalize())}: no sentence has a warning</div></div>"
        )
    items = "".join(
        f'<li class="kabar-item"><a href="#{ROW_ID.format(index=item.index)}" '
        f'data-to-check="{item.index}">sentence {item.index + 1}</a>'
        f'<span class="kabar-why"> (confidence {item.confidence:.2f}): '
        f"{_text('; '.join(item.reasons))}</span></li>"
        for item in review.sentences
    )
    hidden = len(review.sentences) - PHONE_LINKS
    if hidden > 0:  # what a phone leaves out of the list (the rows still show them)
        items += (
            f'<li class="kabar-more">and {hidden} more, each marked in the table by a red edge</li>'
        )
    return (
        '<details class="kabar-section kabar-to-check" open><summary class="kabar-h">'
        f"{_text(review.headline.capitalize())}, worst first</summary>"
        '<div class="kabar-tap">Tap one to go to it; its row says why.</div>'
        f"<ol>{items}</ol></details>"
    )


def check_notes(sentence: SentenceTranslation) -> str:
    """What the checks found on this sentence, one plain line each ("3.850: not in the
    English (it has 1,850)"), under its flags."""
    return "".join(
        f'<span class="kabar-check-note" data-check="{_text(c.check)}">{_text(c.sentence)}</span>'
        for c in sentence.checks
    )
