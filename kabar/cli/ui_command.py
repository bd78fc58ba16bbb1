"""``kabar ui``: serve the Gradio UI over this process's one Translator.

Gradio is imported only when the command runs, so other ``kabar`` commands start fast.
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import TYPE_CHECKING

from kabar.cli.arguments import add_max_chars, int_in_range
from kabar.cli.engine_arguments import add_engine_arguments, load_translator
from kabar.core.errors import KabarError, ModelNotFoundError
from kabar.ui.briefs import BRIEF_METHODS
from kabar.ui.inputs import DEFAULT_UI_MAX_CHARS

if TYPE_CHECKING:
    from kabar.translate.engine import Translator

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7860


class ServeError(KabarError):
    """The web server could not start (e.g. the port is taken)."""


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    ui = commands.add_parser(
        "ui",
        help="open the translation UI in a browser (Gradio)",
        description="Serve the side-by-side translation UI and the /translate API on "
        f"http://HOST:PORT (default {DEFAULT_HOST}:{DEFAULT_PORT}, this machine only).",
    )
    add_engine_arguments(ui)
    ui.add_argument(
        "--host",
        default=DEFAULT_HOST,
        help=f"address to listen on (default {DEFAULT_HOST}; 0.0.0.0 opens it to the network)",
    )
    ui.add_argument(
        "--port", type=int_in_range(1, 65535), default=DEFAULT_PORT, help=f"default {DEFAULT_PORT}"
    )
    add_max_chars(ui, DEFAULT_UI_MAX_CHARS)
    ui.add_argument(
        "--brief",
        choices=BRIEF_METHODS,
        default="extractive",
        help="how the English brief of an English article is made: extractive (sentence "
        "embeddings, default), textrank (no model), none (no brief). Indonesian articles "
        "are briefed on their own sentences (no model) unless none",
    )
    ui.set_defaults(run=run_ui)


def run_ui(args: argparse.Namespace) -> int:
    """Load the model once, build the app and serve it until interrupted.

    A missing model does not stop the UI: it starts, shows the same actionable message
    the CLI prints, and refuses to translate until restarted with a model.
    """
    model_error = None
    try:
        translator = load_translator(args)
    except ModelNotFoundError as error:
        translator, model_error = None, str(error)
        print(f"kabar: error: {model_error}", file=sys.stderr)
        print("kabar: the UI starts anyway and shows this message.", file=sys.stderr)

    from kabar.ui.app import build_app, launch_app
    from kabar.ui.briefs import load_summarizer

    summarizer, why_not = load_summarizer(args.brief)
    if why_not:
        print(f"kabar: note: no English brief: {why_not}.", file=sys.stderr)
    models = None
    if translator is not None:
        from kabar.ui.models import ModelChooser, models_on_this_machine

        def load(model: str) -> Translator:
            return load_translator(argparse.Namespace(**{**vars(args), "model": model}))

        models = ModelChooser(translator, models_on_this_machine(translator.info.model), load)
    app = build_app(
        translator, summarizer, max_chars=args.max_chars, model_error=model_error, models=models
    )
    try:
        # Not blocking: the server has bound its port when this returns, so "serving on"
        # is only printed once it is true (a busy port fails here first).
        url = launch_app(app, host=args.host, port=args.port, block=False, quiet=True)
    except OSError:
        raise ServeError(
            f"cannot serve on {args.host}:{args.port}: the port is in use or the address "
            "cannot be bound here. Choose another port with --port N, or another address "
            "with --host."
        ) from None
    print(
        f"kabar: serving on {url or f'http://{args.host}:{args.port}'} (Ctrl+C to stop)",
        file=sys.stderr,
    )
    try:
        while app.is_running:
            time.sleep(0.2)
    finally:
        app.close()
    return 0
