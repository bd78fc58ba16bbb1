"""The Gradio app: ``build_app(translator, summarizer) -> gr.Blocks`` and how to launch it.

No ``from __future__ import annotations`` here: ``gr.api`` reads the API function's type
hints at runtime to describe the endpoint, and needs them as real types.
"""

import html
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

import gradio as gr
from gradio.events import api as gradio_api

from kabar.ui.briefs import SummarizerLike
from kabar.ui.downloads import DOWNLOADS
from kabar.ui.handlers import load_upload, translate_json, translate_page, user_errors
from kabar.ui.inputs import DEFAULT_UI_MAX_CHARS, MAX_UPLOAD_BYTES, PICKER_SUFFIXES
from kabar.ui.models import ModelChooser
from kabar.ui.style import CSS
from kabar.ui.view import render_model_error, render_progress

if TYPE_CHECKING:
    from kabar.translate.engine import Translator

# The sample articles ship inside the package (kabar/seeds), so the UI shows them after any
# install, editable or not.
SEEDS = Path(__file__).parents[1] / "seeds"
# One model, shared by the page and the API: one translation at a time (the model already
# uses every CPU thread), everyone else waits in the queue and sees their position.
MODEL_QUEUE = "kabar-model"
MODEL_CONCURRENCY = 1
QUEUE_MAX_SIZE = 64
API_NAME = "translate"
TITLE = "kabar — Indonesian → English"
MAX_TEXT_LINES = 24
# An upload box tall enough for its floating label, icon and "Drop File Here - or - Click
# to Upload" at any width.
UPLOAD_HEIGHT = 130
# After Translate the page shows the result panel's top (the progress message, then the
# result): on a phone the inputs fill the first screen and nothing would seem to happen.
SCROLL_TO_RESULT = (
    "() => { const r = document.getElementById('kabar-result');"
    " if (r) r.scrollIntoView({block: 'start'}); }"
)


def build_app(
    translator: "Translator | None",
    summarizer: SummarizerLike | None,
    *,
    max_chars: int = DEFAULT_UI_MAX_CHARS,
    model_error: str | None = None,
    seeds_dir: Path = SEEDS,
    models: ModelChooser | None = None,
) -> gr.Blocks:
    """The kabar UI over the process's one ``translator`` (None when the model could not
    be loaded: ``model_error`` is then shown, and every request fails with it) and an
    optional ``summarizer`` for the English brief.

    The page: article box, file upload, seed examples, reference box, Translate, the
    side-by-side result, downloads. The API: ``/translate`` (article text -> the JSON of
    ``kabar translate --format json``). Queued, one translation at a time. With
    ``models`` offering more than one model, a model choice (the API keeps the first).
    """
    # Lives as long as the app (the translate handler holds it); removed at exit.
    downloads = tempfile.TemporaryDirectory(prefix="kabar-ui-")

    app = gr.Blocks(title=TITLE, analytics_enabled=False, delete_cache=(3600, 3600))
    with app:
        gr.Markdown(
            f"# {TITLE}\nPaste an Indonesian news article (or upload one), then **Translate**. "
            "Each sentence is shown next to its English translation, tinted by the model's "
            "confidence, with any quality flags."
        )
        with gr.Row():
            with gr.Column(scale=3):
                article = _text_area(
                    label="Indonesian article",
                    placeholder="Tempel artikel berita di sini…",
                    lines=12,
                    elem_id="kabar-article",
                )
            with gr.Column(scale=2):
                upload = gr.File(
                    label="Upload .txt · .md · .docx · .html",
                    file_types=list(PICKER_SUFFIXES),
                    type="filepath",
                    height=UPLOAD_HEIGHT,
                    elem_id="kabar-upload",
                )
                whole_page = gr.Checkbox(
                    value=False,
                    label="Whole page: read all of a web page's visible text, not only its "
                    "article (as --whole-page)",
                    elem_id="kabar-whole-page",
                )
                reference = _text_area(
                    label="Reference translation (optional): adds BLEU, chrF and TER",
                    placeholder="A human English translation, ideally one sentence per line",
                    lines=4,
                    elem_id="kabar-reference",
                )
                # A one-line label and the upload box's height: a longer label wrapped over
                # the box's own words on a phone (new-user trial at 390 px).
                glossary_file = gr.File(
                    label="Glossary (optional): .tsv or .csv",
                    file_types=[".tsv", ".csv", ".txt"],
                    type="filepath",
                    height=UPLOAD_HEIGHT,
                    elem_id="kabar-glossary",
                )
                gr.Markdown(
                    "One term a line: the Indonesian term, a tab or comma, the English term.",
                    elem_id="kabar-glossary-hint",
                )
                model_choice = gr.Dropdown(
                    choices=models.choices() if models else [],
                    value=models.default if models else None,
                    label="Model",
                    visible=bool(models and models.offered),
                    elem_id="kabar-model",
                )
                translate_button = gr.Button("Translate", variant="primary", elem_id="kabar-go")
        examples = _seed_examples(seeds_dir)
        if examples:
            # One "Examples" control, closed: on a phone the seed buttons would otherwise
            # push the result screens down.
            with gr.Accordion("Examples", open=False, elem_id="kabar-examples"):
                gr.Examples(
                    examples=[[text] for _, text in examples],
                    inputs=[article],
                    example_labels=[label for label, _ in examples],
                    label="Seed articles (click to load)",
                )
        with gr.Row():
            # First, an uploaded .docx/.html/.md back in English (its label names it), then
            # one button per download (ui.downloads.DOWNLOADS).
            document_button = gr.DownloadButton(
                "Download your document in English",
                visible=False,
                size="sm",
                variant="primary",
                elem_id="kabar-document",
            )
            download_buttons = [
                gr.DownloadButton(kind.label, visible=False, size="sm") for kind in DOWNLOADS
            ]
        # What the result panel shows before a run and while one starts.
        idle_html = render_model_error(model_error or "") if translator is None else ""
        result = gr.HTML(
            idle_html,
            css_template=CSS,
            js_on_load=None,
            elem_id="kabar-result",
        )

        downloads_shown = [document_button, *download_buttons]

        # A gr.Progress default is how Gradio hands a handler its progress bar.
        def on_translate(
            article_text: str,
            reference_text: str,
            model: str | None,
            glossary_path: str | None,
            whole: bool,
            upload_path: str | None,
            progress: gr.Progress = gr.Progress(),  # noqa: B008
        ) -> tuple[Any, ...]:
            def report(done: int, total: int) -> None:
                progress((done, total), desc="Translating", unit="pieces")

            def report_document(done: int, total: int) -> None:
                progress((done, total), desc="Writing your document in English", unit="pieces")

            chosen = translator
            if models is not None and model and model != models.default:
                with user_errors():
                    chosen = models.translator(model)
            page = translate_page(
                chosen,
                summarizer,
                article_text,
                reference_text,
                downloads_dir=Path(downloads.name),
                max_chars=max_chars,
                model_error=model_error,
                progress=report,
                glossary_path=glossary_path,
                whole_page=whole,
                upload_path=upload_path,
                document_progress=report_document,
            )
            for notice in page.notices:
                gr.Warning(html.escape(notice, quote=False))
            files = page.downloads.files
            # A kind the upload came back in has no rebuilt article of its own (no file).
            buttons = [
                gr.DownloadButton(value=str(files[kind.name]), visible=True)
                if kind.name in files
                else gr.DownloadButton(value=None, visible=False)
                for kind in DOWNLOADS
            ]
            document = page.downloads.document
            in_kind = (
                gr.DownloadButton(
                    label=f"Download {document.suffix} (your document in English)",
                    value=str(document),
                    visible=True,
                )
                if document is not None
                else gr.DownloadButton(value=None, visible=False)
            )
            return (page.html, in_kind, *buttons)

        def on_start() -> tuple[Any, ...]:
            # Before each run: no stale result or downloads (an error must not leave the
            # previous article's on the page), and no second click while this one runs.
            hidden = [gr.DownloadButton(value=None, visible=False) for _ in downloads_shown]
            return (gr.Button(interactive=False), render_progress(), *hidden)

        def on_finish() -> gr.Button:
            return gr.Button(interactive=True)

        def on_failed() -> tuple[Any, ...]:
            # The error's own message is the toast: the panel must not go on saying
            # "Translating…" under it (the result area goes back to what it showed idle).
            return gr.Button(interactive=True), idle_html

        def on_upload(path: str | None, whole: bool) -> str:
            return load_upload(path, max_chars=max_chars, whole_page=whole)

        def on_whole_page(path: str | None, whole: bool, text: str) -> str:
            # An uploaded page is read again the other way; a paste is read on Translate.
            return on_upload(path, whole) if path else text

        def translate(article: str) -> dict[str, Any]:
            """Translate an Indonesian article. Returns the JSON of `kabar translate
            --format json`: model, engine, sentence_count, mean/worst confidence, and
            paragraphs of sentences (source, translation, start, end, confidence, flags)."""
            return translate_json(translator, article, max_chars=max_chars, model_error=model_error)

        translating = (
            translate_button.click(
                on_start,
                outputs=[translate_button, result, *downloads_shown],
                api_visibility="private",
            )
            .then(None, js=SCROLL_TO_RESULT, api_visibility="private")
            .then(
                on_translate,
                inputs=[article, reference, model_choice, glossary_file, whole_page, upload],
                outputs=[result, *downloads_shown],
                api_visibility="private",
                concurrency_id=MODEL_QUEUE,
                concurrency_limit=MODEL_CONCURRENCY,
            )
        )
        # Gradio 6 runs .then() only after a success: .failure() re-enables after an error.
        translating.then(on_finish, outputs=translate_button, api_visibility="private").then(
            None, js=SCROLL_TO_RESULT, api_visibility="private"
        )
        translating.failure(on_failed, outputs=[translate_button, result], api_visibility="private")
        upload.upload(
            on_upload, inputs=[upload, whole_page], outputs=article, api_visibility="private"
        )
        whole_page.change(
            on_whole_page,
            inputs=[upload, whole_page, article],
            outputs=article,
            api_visibility="private",
        )
        gradio_api(
            translate,
            api_name=API_NAME,
            concurrency_id=MODEL_QUEUE,
            concurrency_limit=MODEL_CONCURRENCY,
        )
    app.queue(max_size=QUEUE_MAX_SIZE, default_concurrency_limit=MODEL_CONCURRENCY)
    return app


def _text_area(*, label: str, placeholder: str, lines: int, elem_id: str) -> gr.Textbox:
    """A text box of ``lines`` that grows with its text up to MAX_TEXT_LINES, then
    scrolls: a pasted article or reference shows as much of itself as the page allows."""
    return gr.Textbox(
        label=label, placeholder=placeholder, lines=lines, max_lines=MAX_TEXT_LINES, elem_id=elem_id
    )


def launch_app(
    app: gr.Blocks,
    *,
    host: str,
    port: int,
    block: bool = True,
    quiet: bool = False,
) -> str:
    """Serve ``app`` on ``host:port`` (localhost unless told otherwise; never a public
    share link). Returns the local URL; with ``block`` False the server runs in a
    background thread until ``app.close()``."""
    _, url, _ = app.launch(
        server_name=host,
        server_port=port,
        share=False,
        prevent_thread_lock=not block,
        max_file_size=MAX_UPLOAD_BYTES,
        footer_links=["api"],
        run_history=False,
        quiet=quiet,
    )
    return str(url)


def _seed_examples(folder: Path) -> list[tuple[str, str]]:
    """(label, text) of each seed article; the label is its headline, shortened."""
    examples = []
    for path in sorted(folder.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        headline = next((line.strip() for line in text.splitlines() if line.strip()), path.stem)
        label = headline if len(headline) <= 70 else headline[:67].rstrip() + "…"
        examples.append((label, text))
    return examples
