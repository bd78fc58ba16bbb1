"""argparse value types that refuse out-of-range numbers as usage errors naming the option.

argparse reports an ``ArgumentTypeError`` as ``argument --beam: <message>`` and exits 2, so
the user sees the flag they typed, never the name of an internal option field.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

from kabar.core.cpus import available_cpus
from kabar.core.reading.decode import DEFAULT_MAX_CHARS


def int_in_range(low: int, high: int | None = None, *, why: str = "") -> Callable[[str], int]:
    """An argparse ``type=``: an integer in ``[low, high]`` (no upper bound for None);
    ``why`` is appended to the message, e.g. "the CPU cores here"."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a whole number, not {text!r}") from None
        if value < low or (high is not None and value > high):
            allowed = f"at least {low}" if high is None else f"{low} to {high}"
            reason = f" ({why})" if why else ""
            raise argparse.ArgumentTypeError(f"must be {allowed}{reason}, not {value}")
        return value

    return parse


def threads_value(text: str) -> int:
    """``--threads``: 1 to the number of usable cores. More threads than cores only make
    the cores take turns (slower, never faster), so a larger value is refused, not capped:
    a typo like 500 for 50 should not pass unnoticed."""
    cores = available_cpus()
    return int_in_range(1, cores, why=f"this machine has {cores} usable CPU cores")(text)


def add_article_input(
    parser: argparse.ArgumentParser, *, max_chars: int | None = DEFAULT_MAX_CHARS
) -> None:
    """FILE (``-`` or nothing: stdin) and ``--max-chars`` (default ``max_chars``; None: no
    limit), for commands that read one article."""
    parser.add_argument("file", nargs="?", default="-", help="article file; - or omitted: stdin")
    add_max_chars(parser, max_chars)
    parser.add_argument(
        "--whole-page",
        action="store_true",
        help="for a web page: read all its visible text, not only its article (with "
        "--format html: translate all of it in place)",
    )


def add_max_chars(parser: argparse.ArgumentParser, default: int | None) -> None:
    """``--max-chars``: the longest article accepted, in characters (None: no limit)."""
    limit = f"default {default:,}" if default is not None else "default: no limit"
    parser.add_argument(
        "--max-chars",
        type=int_in_range(1),
        default=default,
        help=f"refuse articles longer than this ({limit})",
    )
