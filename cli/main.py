"""The ``kabar`` command: one console script, one subcommand per capability."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from core.errors import KabarError, OptionsError

# Each capability registers its own subcommands: ``register(subparsers)`` in these modules.
COMMAND_MODULES = (
    "cli.translate_commands",
    "cli.folder_command",
    "cli.eval_commands",
    "cli.summarize_command",
    "cli.ui_command",
    "cli.models_command",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kabar",
        description="Indonesian→English news translation, sentence by sentence, with "
        "quality scores.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run kabar with ``argv`` (default: the process arguments); returns the exit code:
    0 success, 1 a problem with the input, model or data (message on stderr), 2 bad usage
    or an invalid option value."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:  # argparse already printed the usage error
        return int(exit_.code or 0)
    try:
        return int(args.run(args))
    except OptionsError as error:
        print(f"kabar: error: {error}", file=sys.stderr)
        return 2
    except KabarError as error:
        print(f"kabar: error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("kabar: interrupted", file=sys.stderr)
        return 130
