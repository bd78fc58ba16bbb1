"""The UI's event handlers: plain functions over the process's one Translator (and
Summarizer), callable in tests without a server.

They do no translation work of their own: they check the input, call the engine, and
shape its frozen results for the page (HTML, files) or for the API (the JSON of
``kabar translate --format json``). A ``KabarError`` becomes a ``gr.Error`` here, the UI's
edge, with the same actionable text the CLI prints.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import gradio as gr

from kabar.core.errors import InputError, KabarError, ModelNotFoundError
from kabar.core.reading import Article
from kabar.translate.documents.registry import DocumentOptions
from kabar.translate.documents.single import translate_document
from kabar.translate.glossary import Glossary, load_glossary
from kabar.translate.results import ArticleTranslation
from kabar.ui.briefs import BriefLike, SummarizerLike, brief_for
from kabar.ui.downloads import Downloads, document_path, upload_in_kind, write_downloads
from kabar.ui.inputs import DEFAULT_UI_MAX_CHARS, read_paste, read_upload
from kabar.ui.reuse import PageSentences
from kabar.ui.scoring import ReferenceScores, score_reference
from kabar.ui.view import render_result

if TYPE_CHECKING:
    from kabar.translate.engine import Translator

Progress = Callable[[int, int], None]
# How long an error pop-up stays (it also has a close button): long enough to read a
# two-line message, short enough not to sit over the next result.
ERROR_SECONDS = 12


@dataclass(frozen=True)
class PageResult:
    """What one click on Translate produces: the engine's results and their renderings."""

    article: ArticleTranslation
    brief: BriefLike | None
    reference: ReferenceScores | None
    html: str
    downloads: Downloads
    # Said beside the result, not in it (e.g. why an upload is not given back in kind).
    notices: tuple[str, ...] = ()


@contextmanager
def user_errors(*, line_breaks: bool = True) -> Iterator[None]:
    """Turn a KabarError into a gr.Error with the same message. Gradio renders the
    message as HTML, and it can hold user text (a file name), so it is escaped; with
    ``line_breaks`` the message's lines stay lines in the page's pop-up."""
    try:
        yield
    except KabarError as error:
        message = html.escape(str(error), quote=False)
        if line_breaks:
            message = message.replace("\n", "<br>")
        raise gr.Error(message, duration=ERROR_SECONDS, print_exception=False) from None


def translate_page(
    translator: Translator | None,
    summarizer: SummarizerLike | None,
    article_text: str | None,
    reference_text: str | None,
    *,
    downloads_dir: Path,
    max_chars: int = DEFAULT_UI_MAX_CHARS,
    model_error: str | None = None,
    progress: Progress | None = None,
    glossary_path: str | None = None,
    whole_page: bool = False,
    upload_path: str | None = None,
    document_progress: Progress | None = None,
) -> PageResult:
    """Translate the pasted article for the page: side-by-side HTML, brief, reference
    scores and the download files; the reading notices (e.g. a pasted page reduced
    to its visible text) lead the article's notices, as in the CLI's JSON.
    ``glossary_path``: an uploaded glossary, as ``--glossary FILE``; ``whole_page``: a
    pasted page is read for all its visible text, as ``--whole-page``. ``upload_path``:
    the uploaded file; a .docx, .html or .md whose text is still the article's is also
    translated in its own kind, as ``kabar translate FILE --format docx|html|md`` does
    (with the same glossary), its sentences the page shows reused as shown
    (``kabar.ui.reuse``; ``document_progress`` reports the others).

    Raises gr.Error for an empty or over-long article or reference, a malformed glossary,
    or a missing model (``translator`` None, ``model_error`` the loader's message).
    """
    with user_errors():
        pasted = read_paste(article_text, max_chars=max_chars, whole_page=whole_page)
        reference = (reference_text or "").strip()
        if len(reference) > max_chars:
            raise InputError(
                f"The reference has {len(reference):,} characters, over the limit of {max_chars:,}."
            )
        terms = load_glossary(Path(glossary_path)) if glossary_path else None
        engine = _require(translator, model_error)
        article = _translate(engine, pasted, progress=progress, glossary=terms)
        brief, brief_note = (
            brief_for(summarizer, article) if summarizer is not None else (None, None)
        )
        scores = (
            score_reference([s.translation for s in article.sentences], reference)
            if reference
            else None
        )
        page = render_result(article, brief=brief, brief_note=brief_note, reference=scores)
        in_kind, notice = upload_in_kind(
            upload_path, article_text, max_chars=max_chars, whole_page=whole_page
        )
        files = write_downloads(
            downloads_dir, article, brief=brief, reference=scores, in_kind=in_kind
        )
        if in_kind is not None:
            output = document_path(files, article, in_kind)
            try:
                translate_document(
                    # The page's sentences as the page shows them; only the rest are new.
                    cast("Translator", PageSentences(engine, article)),
                    in_kind.source,
                    output,
                    fmt=in_kind.fmt,
                    name=in_kind.source.name,
                    # "Whole page" means the same in the file as on the page.
                    options=DocumentOptions(whole_page=whole_page),
                    progress=document_progress,
                    glossary=terms,
                )
            except KabarError as error:  # the translation above stands; say what is missing
                notice = f"{in_kind.source.name} could not be written back in English: {error}"
            else:
                files = replace(files, document=output)
    return PageResult(
        article=article,
        brief=brief,
        reference=scores,
        html=page,
        downloads=files,
        notices=(notice,) if notice else (),
    )


def translate_json(
    translator: Translator | None,
    article_text: str | None,
    *,
    max_chars: int = DEFAULT_UI_MAX_CHARS,
    model_error: str | None = None,
) -> dict[str, Any]:
    """The API endpoint: the same dict as ``kabar translate --format json``.

    Raises gr.Error (delivered to API clients as the error message) like translate_page.
    """
    with user_errors(line_breaks=False):
        pasted = read_paste(article_text, max_chars=max_chars)
        return _translate(_require(translator, model_error), pasted).to_dict()


def load_upload(
    path: str | None, *, max_chars: int = DEFAULT_UI_MAX_CHARS, whole_page: bool = False
) -> str:
    """The text of an uploaded .txt / .md / .docx / .html file, for the article box (a
    page's article, or with ``whole_page`` all its visible text, as ``--whole-page``).

    Raises gr.Error for an unsupported, binary, damaged, empty or over-long file; a
    decoding notice (e.g. read as Windows-1252) is shown as a gr.Warning.
    """
    if not path:
        raise gr.Error("No file was uploaded.", print_exception=False)
    with user_errors():
        upload = read_upload(path, max_chars=max_chars, whole_page=whole_page)
    for notice in upload.notices:
        gr.Warning(html.escape(notice, quote=False))
    return upload.text


def _translate(
    engine: Translator,
    pasted: Article,
    *,
    progress: Progress | None = None,
    glossary: Glossary | None = None,
) -> ArticleTranslation:
    """The translation of ``pasted``, its reading notices first among the notices."""
    article = engine.translate_article(pasted.text, progress=progress, glossary=glossary)
    return replace(article, notices=pasted.notices + article.notices)


def _require(translator: Translator | None, model_error: str | None) -> Translator:
    if translator is None:
        raise ModelNotFoundError(model_error or "no translation model is loaded.")
    return translator
