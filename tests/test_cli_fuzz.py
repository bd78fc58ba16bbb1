"""Issue 14, the guard against regressions: the CLI under random input and random option
values. Whatever happens, the exit code is 0, 1 or 2, stderr never holds a traceback, and
no output file is left half-written (no temporary file, every report complete).

Runs in-process through ``kabar.cli.main.main`` (stdin/stdout/stderr swapped for buffers), so
each example costs milliseconds; translate uses the tiny random model.
"""

from __future__ import annotations

import io
import json
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kabar.cli.main import main
from kabar.core.atomic import TEMP_SUFFIX
from tests.conftest import seed_files

SEED_TEXT = seed_files()[0].read_text("utf-8")

# Bytes that look like what users really feed in: arbitrary binary, text in several
# encodings, HTML, invisible characters, and pieces of a real article.
TEXTS = st.one_of(
    st.text(max_size=200),
    st.sampled_from(["", " \n ", "\u200b\u200d", "<p>a</p><p>b</p><div>c</div>", SEED_TEXT]),
    st.builds(lambda a, b: SEED_TEXT[a : a + b], st.integers(0, 2000), st.integers(0, 400)),
)
INPUTS = st.one_of(
    st.binary(max_size=300),
    TEXTS.map(lambda t: t.encode("utf-8")),
    TEXTS.map(lambda t: t.encode("utf-16")),
    TEXTS.map(lambda t: t.encode("cp1252", errors="replace")),
)
NUMBERS = st.one_of(st.integers(-3, 40), st.sampled_from(["", "x", "1.5", "1e3", "-0"]))
ENGINE = ["--backend", "transformers", "--threads", "1", "--quiet"]


class Stdin:
    """A stdin whose ``buffer`` holds the example's bytes."""

    def __init__(self, data: bytes) -> None:
        self.buffer = io.BytesIO(data)


@contextmanager
def stdio(data: bytes) -> Iterator[io.StringIO]:
    saved = sys.stdin, sys.stdout, sys.stderr
    err = io.StringIO()
    sys.stdin, sys.stdout, sys.stderr = Stdin(data), io.StringIO(), err  # type: ignore[assignment]
    try:
        yield err
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved


def run_cli(argv: list[str], data: bytes = b"") -> tuple[int, str]:
    with stdio(data) as err:
        code = main(argv)  # an exception escaping main would be a traceback: the test fails
    return code, err.getvalue()


def check(code: int, err: str, folder: Path) -> None:
    assert code in (0, 1, 2), err
    assert "Traceback" not in err, err
    leftovers = [p for p in folder.rglob("*") if p.name.endswith(TEMP_SUFFIX)]
    assert leftovers == []
    for report in folder.rglob("report.json"):
        json.loads(report.read_text("utf-8"))  # complete, or it would not parse


@contextmanager
def workdir() -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="kabar-fuzz-"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def article_file(data: bytes) -> Iterator[tuple[Path, Path]]:
    """A fresh folder, and in it the example's bytes as the article file."""
    with workdir() as folder:
        article = folder / "article.txt"
        article.write_bytes(data)
        yield folder, article


def options(draw: Any, names: list[str]) -> list[str]:
    argv: list[str] = []
    for name in names:
        if draw(st.booleans()):
            argv += [name, str(draw(NUMBERS))]
    return argv


FUZZ = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@FUZZ
@given(data=INPUTS, from_stdin=st.booleans(), draw=st.data())
def test_split(data: bytes, from_stdin: bool, draw: st.DataObject) -> None:
    with article_file(data) as (folder, article):
        fmt = draw.draw(st.sampled_from(["text", "json", "xml"]))
        argv = ["split", "-" if from_stdin else str(article), "--format", fmt]
        argv += options(draw.draw, ["--max-chars"])
        check(*run_cli(argv, data), folder)


@FUZZ
@given(data=INPUTS, from_stdin=st.booleans(), draw=st.data())
def test_summarize(data: bytes, from_stdin: bool, draw: st.DataObject) -> None:
    with article_file(data) as (folder, article):
        argv = ["summarize", "-" if from_stdin else str(article), "--method", "textrank"]
        argv += ["--quiet", "--format", draw.draw(st.sampled_from(["text", "json"]))]
        argv += options(draw.draw, ["--max-chars"])
        if draw.draw(st.booleans()):
            argv += [
                draw.draw(st.sampled_from(["--sentences", "--words"])),
                str(draw.draw(NUMBERS)),
            ]
        if draw.draw(st.booleans()):  # the same bytes as a JSONL corpus
            argv += ["--jsonl", str(article)]
        check(*run_cli(argv, data), folder)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=INPUTS, from_stdin=st.booleans(), draw=st.data())
def test_translate(
    tiny_model_dir: Path, data: bytes, from_stdin: bool, draw: st.DataObject
) -> None:
    with article_file(data) as (folder, article):
        argv = ["translate", "-" if from_stdin else str(article), "--model", str(tiny_model_dir)]
        argv += [*ENGINE, "--format", draw.draw(st.sampled_from(["text", "markdown", "json"]))]
        argv += options(draw.draw, ["--max-chars", "--beam", "--max-input-tokens"])
        if "--beam" not in argv:
            argv += ["--beam", "1"]
        check(*run_cli(argv, data), folder)


@FUZZ
@given(hyp=INPUTS, ref=INPUTS, with_src=st.booleans(), draw=st.data())
def test_score(hyp: bytes, ref: bytes, with_src: bool, draw: st.DataObject) -> None:
    with workdir() as folder:
        (folder / "hyp.txt").write_bytes(hyp)
        (folder / "ref.eng").write_bytes(ref)
        argv = ["score", "--hyp", str(folder / "hyp.txt"), "--ref", str(folder / "ref.eng")]
        if with_src:
            (folder / "src.ind").write_bytes(draw.draw(INPUTS))
            argv += ["--src", str(folder / "src.ind")]
        argv += ["--format", draw.draw(st.sampled_from(["text", "json"]))]
        if draw.draw(st.booleans()):
            argv += ["--out", str(folder / "report")]
        check(*run_cli(argv), folder)
