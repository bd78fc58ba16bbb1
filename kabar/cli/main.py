"""The ``kabar`` command: one console script, one subcommand per capability."""

from __future__ import annotations

import argparse
import errno
import importlib
import os
import sys
from collections.abc import Sequence
from typing import Any, TextIO

from kabar.core.errors import InputError, KabarError, OptionsError

# Each capability registers its own subcommands: ``register(subparsers)`` in these modules.
COMMAND_MODULES = (
    "kabar.cli.translate_commands",
    "kabar.cli.folder_command",
    "kabar.cli.eval_commands",
    "kabar.cli.summarize_command",
    "kabar.cli.ui_command",
    "kabar.cli.models_command",
    "kabar.cli.serve_command",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kabar",
        description="Indonesian→English news translation, sentence by sentence, with "
        "quality scores.",
    )
    parser.add_argument("--version", action="version", version=f"kabar {_version()}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(commands)
    return parser


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("kabar")
    except PackageNotFoundError:  # run from a source tree that was never pip-installed
        return "(not installed: run `pip install -e .`)"


def main(argv: Sequence[str] | None = None) -> int:
    """Run kabar with ``argv`` (default: the process arguments); returns the exit code:
    0 success, 1 a problem with the input, model or data (message on stderr), 2 bad usage
    or an invalid option value."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:  # argparse already printed the usage error
        return int(exit_.code or 0)
    if sys.stdout is None:  # started with stdout closed (>&-): there is nowhere to write
        if sys.stderr is not None:
            print(
                "kabar: error: standard output is closed; redirect it to a file.", file=sys.stderr
            )
        return 1
    stdout = sys.stdout
    sys.stdout = _OutputGuard(stdout)
    try:
        _check_stdin(args)
        code = int(args.run(args))
        sys.stdout.flush()  # a full disk shows up here for short outputs
        return code
    except OutputError as error:
        _drop_unwritten(stdout)
        if error.errno != errno.EPIPE:  # `kabar split x | head`: the reader is done, not us
            print(f"kabar: error: {error}", file=sys.stderr)
        return 1
    except OptionsError as error:
        print(f"kabar: error: {error}", file=sys.stderr)
        return 2
    except KabarError as error:
        print(f"kabar: error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("kabar: interrupted", file=sys.stderr)
        return 130
    finally:
        sys.stdout = stdout


class OutputError(KabarError):
    """Standard output cannot be written (a full disk, a closed pipe, an I/O error)."""

    def __init__(self, error: OSError) -> None:
        self.errno = error.errno
        reason = (
            "no space left on device"
            if error.errno == errno.ENOSPC
            else (error.strerror or str(error)).lower()
        )
        super().__init__(f"cannot write output: {reason}.")


class _OutputGuard:
    """stdout, with write errors turned into ``OutputError`` for every command at once."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        try:
            return self._stream.write(text)
        except OSError as error:
            raise OutputError(error) from None

    def flush(self) -> None:
        try:
            self._stream.flush()
        except OSError as error:
            raise OutputError(error) from None

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def _check_stdin(args: argparse.Namespace) -> None:
    """A command told to read stdin (``-`` or no FILE) when stdin is closed (``<&-``)."""
    reads_stdin = getattr(args, "file", None) == "-" and getattr(args, "jsonl", None) is None
    if reads_stdin and sys.stdin is None:
        raise InputError(
            "standard input is closed: give an article FILE, or pipe the article in "
            "(e.g. `kabar split - < article.txt`)."
        )


def _drop_unwritten(stream: TextIO) -> None:
    """Point the real stdout at /dev/null so that Python's flush at exit does not fail a
    second time with a traceback on the text still buffered."""
    if stream is not sys.__stdout__:
        return
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        return
