"""The UI's sentences to check: the list at the top of the result (each line a link to
its row) and, on each flagged row, what the checks found in plain words.

Every piece of article text in these (a number or hashtag quoted from the source, the
English it has instead) is escaped like the rest of the view.
"""

from __future__ import annotations

import html

from kabar.translate.results import ArticleTranslation, SentenceTranslation

ROW_ID = "kabar-s-{index}"  # the same ids as the table's rows (ui.view.ROW_ID)

CSS = """
.kabar-to-check { border-color: #fca5a5; background: #fff7f7; }
.kabar-to-check ol { margin: 0; padding-left: 22px; }
.kabar-to-check li { margin: 3px 0; }
.kabar-to-check a { color: #1d4ed8; text-decoration: none; font-weight: 600; }
.kabar-to-check a:hover { text-decoration: underline; }
.kabar-to-check .none { color: #15803d; }
.kabar-check-note { display: block; font-size: 12px; color: #991b1b; margin-top: 2px; }
"""


def _text(value: object) -> str:
    return html.escape(str(value), quote=True)


def to_check_section(article: ArticleTranslation) -> str:
    """ "3 sentences to check", worst first, each a link to its row with why."""
    review = article.to_check
    if not review.count:
        return (
            '<div class="kabar-section kabar-to-check"><div class="kabar-h none">'
            f"{_text(review.headline.capitalize())}: no sentence has a warning</div></div>"
        )
    items = "".join(
        f'<li><a href="#{ROW_ID.format(index=item.index)}" data-to-check="{item.index}">'
        f"sentence {item.index + 1}</a> (confidence {item.confidence:.2f}): "
        f"{_text('; '.join(item.reasons))}</li>"
        for item in review.sentences
    )
    return (
        '<div class="kabar-section kabar-to-check"><div class="kabar-h">'
        f"{_text(review.headline.capitalize())}, worst first</div><ol>{items}</ol></div>"
    )


def check_notes(sentence: SentenceTranslation) -> str:
    """What the checks found on this sentence, one plain line each ("3.850: not in the
    English (it has 1,850)"), under its flags."""
    return "".join(
        f'<span class="kabar-check-note" data-check="{_text(c.check)}">{_text(c.sentence)}</span>'
        for c in sentence.checks
    )
