"""``kabar translate KORPUS.jsonl``: a corpus translated record by record, as translate-dir
translates it (the same ``JsonlDocument``): each output line is the input record, every
field unchanged and in its place, with ``translation`` and ``translation_checks`` added
(``brief`` with ``--brief``, the sentence-aligned JSON's fields with ``--format json``)."""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path, PurePosixPath

from kabar.cli.engine_arguments import load_translator
from kabar.cli.summarize_command import load_summarizer
from kabar.core.errors import InputError
from kabar.core.reading.decode import file_chunks
from kabar.translate.briefing import brief_maker
from kabar.translate.documents.jsonl import JsonlDocument
from kabar.translate.documents.registry import DocumentOptions, Outputs
from kabar.translate.documents.single import translate_file

# What --format means for a corpus: its records with their translation, or with everything.
CORPUS_FORMATS = ("text", "json")


def is_corpus(file: str | None) -> bool:
    """Whether FILE names a ``.jsonl`` corpus (translated record by record)."""
    return file not in (None, "-") and Path(str(file)).suffix.lower() in JsonlDocument.suffixes


def add_corpus_arguments(parser: argparse.ArgumentParser) -> None:
    """``--text-field`` and ``--id-field``: the keys of a ``.jsonl`` record's article and id."""
    group = parser.add_argument_group("corpora (.jsonl)")
    group.add_argument(
        "--text-field", default="text", help="the article text in .jsonl records (default text)"
    )
    group.add_argument(
        "--id-field", default="id", help="the article id in .jsonl records (default id)"
    )


def run_translate_corpus(args: argparse.Namespace) -> int:
    """Every record of the ``.jsonl`` FILE translated, to stdout or ``-o``; exit 1 when a
    record could not be translated (its line says why, as in translate-dir)."""
    if args.format not in CORPUS_FORMATS:
        raise InputError(
            f"{args.file} is a .jsonl corpus: its records come back as JSON lines. Use "
            "--format text (each record with its translation and translation_checks) or "
            "--format json (also every sentence's fields), or translate-dir for one "
            "document per article."
        )
    if getattr(args, "bilingual", False):
        raise InputError("--bilingual writes one article's Word table, not a corpus.")
    source = Path(args.file)
    if not source.is_file():
        raise InputError(f"{args.file} does not exist or is not a file.")
    if args.output is not None and args.output.resolve() == source.resolve():
        raise InputError(f"-o {args.output} is the input itself; choose another file name.")
    options = DocumentOptions(
        json=args.format == "json",
        json_in_records=True,
        brief=args.brief,
        text_field=args.text_field,
        id_field=args.id_field,
        marks=args.marks,
        drop_furniture=args.drop_furniture,
    )
    # The corpus is checked before the model loads (seconds): a binary file, or one
    # without a record to translate, fails now.
    check = JsonlDocument(source, args.file, source.parent, Outputs(PurePosixPath("-")), options)
    check.scan(file_chunks(source, name=args.file), count_sentences=False)
    translator = load_translator(args)
    brief = None
    if args.brief:
        summarizer = load_summarizer(quiet=args.quiet)
        brief = brief_maker(summarizer, sentences=args.brief_sentences)
    with tempfile.TemporaryDirectory(prefix="kabar-corpus-") as scratch:
        output = args.output or Path(scratch) / f"{source.stem}.en.jsonl"
        document = translate_file(
            translator, JsonlDocument, source, output, name=args.file, options=options, brief=brief
        )
        if args.output is None:
            with output.open("rb") as handle:
                shutil.copyfileobj(handle, sys.stdout.buffer)
            sys.stdout.flush()
    for notice in document.notices:
        print(f"kabar: note: {notice}", file=sys.stderr)
    if args.output is not None and not args.quiet:
        print(
            f"kabar: wrote {args.output} ({document.details['records']} records)", file=sys.stderr
        )
    return 1 if document.details["failed_records"] else 0
