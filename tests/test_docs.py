"""The docs say what runs: every short command in README.md and docs/*.md runs as written.

Commands are the lines of the pages' fenced ``bash`` (or ``sh``) blocks. Each one either runs here,
through bash in a folder holding the files the examples name, on the tiny random model
(``KABAR_MODEL``: the commands stay exactly as written), and must exit 0; or it matches one
of the SKIPS rules and is reported as skipped with its reason (real weights, a network, a
server, a cluster, a benchmark). A command that fits neither fails: a new example must be
made to run or be given a reason. Relative links, test files and ``python -m kabar.…``
modules the pages name must exist.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import REPO, SEEDS, run_cli

PAGES = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md")), REPO / "CHANGELOG.md"]
SHELL_BLOCK = re.compile(r"^```(?:bash|sh|shell)\n(.*?)^```", re.MULTILINE | re.DOTALL)
PYTHON_BLOCK = re.compile(r"^```python\n(.*?)^```", re.MULTILINE | re.DOTALL)
# What this test runs itself: kabar, with files and variables set up by the shell.
RUNNABLE = re.compile(r"(kabar|cat|echo|printf|head|ls|export|[A-Z_]+=\S*) ")
# An inline comment: whitespace, then # (the commands quote no #).
COMMENT = re.compile(r"\s+#.*$")

# (pattern, reason): a command matching the pattern is not run here, for this reason.
SKIPS: tuple[tuple[str, str], ...] = (
    (r"^python3 -m venv |pip install", "installs packages: .ci/run runs the set-up commands"),
    (r"(^|/)pytest\b", "runs the test suite itself"),
    (r"^ray start", "starts a node of a Ray cluster"),
    (r"--ray\b", "starts Ray: tests/test_ray_pool.py runs the folder job on Ray actors"),
    (r"^kabar (ui|serve)\b", "starts a server that runs until stopped"),
    (r"^curl\b", "talks to a running server (kabar ui or kabar serve)"),
    (r"^kabar download\b", "needs the Hugging Face hub (a network)"),
    (r"--model \./", "needs a model folder made by `kabar download` (real weights)"),
    (r"--testset\b", "needs a test set's files (--data-dir or $KABAR_DATA)"),
    (r"python3? -m kabar\.eval\.measure\.", "a benchmark (minutes of CPU, ../shared data)"),
    (r"^\.venv/bin/", "uses the set-up's .venv: .ci/run runs it"),
)

ENGLISH_ARTICLE = """NATO ready to do whatever it takes, Rutte says

BRUSSELS - NATO Secretary General Mark Rutte said on Thursday the alliance was ready to do \
whatever it takes to protect its members in Europe.
His statement was a direct response to threats from Russian President Vladimir Putin, who \
said Moscow was ready to fight at once if Europe started a war.
Putin believes he can outlast us, but we are not going anywhere, Rutte told reporters \
before a summit of the alliance.
Peace talks to end the war between Russia and Ukraine have stalled in recent weeks.
A five-hour meeting between a United States envoy and senior Kremlin officials on Tuesday \
brought no breakthrough.
"""


@dataclass(frozen=True)
class Command:
    page: str
    line: str

    @property
    def skip_reason(self) -> str | None:
        for pattern, reason in SKIPS:
            if re.search(pattern, self.line):
                return reason
        return None


def page_commands() -> list[Command]:
    found = []
    for page in PAGES:
        if not page.is_file():
            continue
        for block in SHELL_BLOCK.findall(page.read_text(encoding="utf-8")):
            for raw in block.replace("\\\n", " ").splitlines():  # join continued lines
                line = COMMENT.sub("", raw).strip()
                if line and not line.startswith("#"):
                    found.append(Command(page.relative_to(REPO).as_posix(), line))
    return found


COMMANDS = page_commands()


def _workspace(root: Path) -> None:
    """The files the examples name: articles, folders to translate, corpora, test lines."""
    seeds = sorted(SEEDS.glob("*.txt"))
    (root / "seeds").symlink_to(SEEDS, target_is_directory=True)
    shutil.copy(seeds[0], root / "article.txt")
    (root / "article_en.txt").write_text(ENGLISH_ARTICLE, encoding="utf-8")
    (root / "kliping" / "nasional").mkdir(parents=True)
    shutil.copy(seeds[1], root / "kliping" / "berita.txt")
    shutil.copy(seeds[2], root / "kliping" / "nasional" / "berita.md")
    (root / "arsip").mkdir()
    shutil.copy(seeds[3], root / "arsip" / "berita.txt")
    sentences = [line for line in seeds[4].read_text(encoding="utf-8").splitlines() if line]
    (root / "korpus").mkdir()
    (root / "korpus" / "korpus.jsonl").write_text(
        "".join(json.dumps({"no": i, "isi": s}) + "\n" for i, s in enumerate(sentences[:3])),
        encoding="utf-8",
    )
    (root / "corpus.jsonl").write_text(
        json.dumps({"id": "en-1", "text": ENGLISH_ARTICLE})
        + "\n"
        + json.dumps({"id": "id-1", "text": seeds[0].read_text(encoding="utf-8")})
        + "\n",
        encoding="utf-8",
    )
    english = [line for line in ENGLISH_ARTICLE.splitlines()[2:] if line][:3]
    for name in ("output.eng", "ref.eng", "flores200-devtest.eng", "news.eng"):
        (root / name).write_text("\n".join(english) + "\n", encoding="utf-8")
    (root / "news.ind").write_text("\n".join(sentences[:3]) + "\n", encoding="utf-8")
    # docs/formats.md: a Word file, a web page and a Markdown file to give back in kind.
    shutil.copy(seeds[1], root / "berita.txt")
    _word_file(root / "berita.docx", sentences[:3])
    (root / "halaman.html").write_text(
        "<!doctype html><html lang='id'><head><title>Berita</title></head><body>"
        "<nav><a href='/'>Beranda</a></nav><article><h1>"
        + sentences[0]
        + "</h1>"
        + "".join(f"<p>{s}</p>" for s in sentences[1:3])
        + "</article></body></html>",
        encoding="utf-8",
    )
    (root / "README.md").write_text(
        "# Catatan\n\n" + sentences[1] + "\n\n- " + sentences[2] + "\n\n```\nkode\n```\n",
        encoding="utf-8",
    )


def _word_file(path: Path, paragraphs: list[str]) -> None:
    import docx

    document = docx.Document()
    document.add_heading(paragraphs[0], level=1)
    for text in paragraphs[1:]:
        document.add_paragraph(text)
    document.save(str(path))


@pytest.fixture(scope="module")
def docs_env(
    tmp_path_factory: pytest.TempPathFactory, tiny_model_dir: Path
) -> tuple[Path, dict[str, str]]:
    """A folder to run the examples in, and an environment where `kabar` is this checkout's
    command line on the tiny model."""
    root = tmp_path_factory.mktemp("docs-examples")
    _workspace(root)
    bin_dir = tmp_path_factory.mktemp("docs-bin")
    kabar = bin_dir / "kabar"
    kabar.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m kabar "$@"\n', encoding="utf-8")
    kabar.chmod(0o755)
    env = {
        **os.environ,
        "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
        "PYTHONPATH": str(REPO),
        "KABAR_MODEL": str(tiny_model_dir),
        "HF_HUB_OFFLINE": "1",
    }
    return root, env


def test_the_pages_have_commands() -> None:
    # The extraction itself works: the README's set-up and the CLI page's examples are found.
    pages = {c.page for c in COMMANDS}
    assert {"README.md", "docs/cli.md"} <= pages
    assert any(c.line.startswith("kabar split ") for c in COMMANDS)


@pytest.mark.parametrize("command", COMMANDS, ids=[f"{c.page}: {c.line}" for c in COMMANDS])
def test_command_runs_as_written(command: Command, docs_env: tuple[Path, dict[str, str]]) -> None:
    reason = command.skip_reason
    if reason is not None:
        pytest.skip(reason)
    assert RUNNABLE.match(command.line), (
        f"{command.page}: `{command.line}` is neither run here nor skipped with a reason: "
        "make it runnable in _workspace or add a rule to SKIPS"
    )
    root, env = docs_env
    done = subprocess.run(
        ["bash", "-o", "pipefail", "-c", command.line],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, (
        f"{command.page}: `{command.line}` exit {done.returncode}\n" + (done.stderr[-2000:])
    )
    assert "Traceback" not in done.stderr


def test_readme_python_example_runs(tiny_model_dir: Path) -> None:
    blocks = PYTHON_BLOCK.findall((REPO / "README.md").read_text(encoding="utf-8"))
    assert blocks, "README.md has no Python example"
    example = blocks[0]
    assert len([line for line in example.splitlines() if line.strip()]) <= 6
    env = {**os.environ, "PYTHONPATH": str(REPO), "KABAR_MODEL": str(tiny_model_dir)}
    done = subprocess.run(
        [sys.executable, "-c", example],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    # One line per sentence of the seed: its confidence, flags and translation.
    lines = done.stdout.splitlines()
    assert len(lines) >= 10
    assert all(re.match(r"[01]\.\d\d \(", line) for line in lines)


def test_setup_commands_match_ci() -> None:
    """.ci/run installs exactly as the README says (its pip calls add only -q)."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    setup = [c.line for c in COMMANDS if c.page == "README.md"][:2]
    assert setup[0].startswith("python3 -m venv .venv")
    assert setup[1].endswith(".venv/bin/pytest")
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8").replace(" -q ", " ")
    for command in setup:
        for part in command.split(" && "):
            assert part in ci, f"README's `{part}` is not in .ci/run"
    assert "## Set up" in readme


def test_every_subcommand_has_help_and_a_page(capsys: pytest.CaptureFixture[str]) -> None:
    from kabar.cli.main import build_parser

    parser = build_parser()
    names = [
        name
        for action in parser._actions
        if action.dest == "command" and action.choices is not None
        for name in action.choices
    ]
    assert {"translate", "split", "translate-dir", "ui"} <= set(names)
    docs = "\n".join(p.read_text(encoding="utf-8") for p in (REPO / "docs").glob("*.md"))
    for name in names:
        code, out, _ = run_cli([name, "--help"], capsys)
        assert code == 0
        assert out.startswith(f"usage: kabar {name}")
        assert f"kabar {name}" in docs, f"`kabar {name}` is in no docs page"


LINK = re.compile(r"\]\(([^)\s]+)\)")


def _anchors(page: Path) -> set[str]:
    """GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens."""
    found = set()
    for heading in re.findall(r"^#+ (.+)$", page.read_text(encoding="utf-8"), re.MULTILINE):
        slug = re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")
        found.add(slug)
    return found


def test_relative_links_point_to_files() -> None:
    broken = []
    for page in PAGES:
        if not page.is_file():
            continue
        text = re.sub(r"```.*?```", "", page.read_text(encoding="utf-8"), flags=re.DOTALL)
        for target in LINK.findall(text):
            if re.match(r"[a-z]+:", target):
                continue
            path, _, anchor = target.partition("#")
            linked = (page.parent / path).resolve() if path else page
            if not linked.exists():
                broken.append(f"{page.name}: {target}")
            elif anchor and linked.suffix == ".md" and anchor not in _anchors(linked):
                broken.append(f"{page.name}: {target} (no such heading)")
    assert broken == []


def test_named_modules_and_test_files_exist() -> None:
    modules: set[str] = set()
    test_files: set[str] = set()
    for page in PAGES:
        if page.is_file():
            text = page.read_text(encoding="utf-8")
            # A placeholder such as kabar.eval.measure.NAME names no module.
            modules |= set(re.findall(r"python3? -m (kabar(?:\.[a-z_0-9]+)*)\b(?!\.)", text))
            test_files |= set(re.findall(r"\b(tests/test_\w+\.py)", text))
    assert "kabar.eval.measure.bench" in modules
    assert [m for m in sorted(modules) if importlib.util.find_spec(m) is None] == []
    assert [t for t in sorted(test_files) if not (REPO / t).is_file()] == []


def test_readme_is_a_first_page() -> None:
    """The README stays short (reference belongs in docs/): under 10 KB, no section over
    1.5 KB, and its Documentation list links every docs page."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    assert len(text.encode()) <= 10 * 1024
    sections = re.split(r"^(?=## )", text, flags=re.MULTILINE)
    too_long = [s.splitlines()[0] for s in sections if len(s.encode()) > 1536]
    assert too_long == []
    index = text[text.index("## Documentation") :]
    linked = set(re.findall(r"\]\(docs/([\w.-]+\.md)\)", index))
    pages = {p.name for p in (REPO / "docs").glob("*.md")}
    assert sorted(pages - linked) == [], "add these pages to README's Documentation list"


def test_readme_sample_is_what_the_stand_in_prints(
    docs_env: tuple[Path, dict[str, str]], tiny_model_dir: Path
) -> None:
    """The README's sample output has the shape the tiny random model's run prints: the
    engine line, the table header, the first row's Indonesian and its dateline. The
    model-made cells (its noise, confidence and the flags the noise raises) are compared
    in shape only: int8 kernels differ between CPUs, so random weights may decode a
    different token elsewhere."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## What you see") :]
    sample = re.search(r"^```\n(.*?)^```", section, re.MULTILINE | re.DOTALL)
    assert sample is not None
    command, engine_line, header, _, row = sample.group(1).splitlines()[:5]
    argv = command.removeprefix("$ kabar ").split()
    argv[argv.index("--model") + 1] = str(tiny_model_dir)
    _, env = docs_env
    done = subprocess.run(
        [sys.executable, "-m", "kabar", *argv],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    shown = re.escape(engine_line.split(" · ", 1)[1]).replace(r"2\ threads", r"\d+\ threads?")
    assert re.search(f"kabar: model {re.escape(str(tiny_model_dir))} · {shown}", done.stderr)
    lines = done.stdout.splitlines()
    assert header in lines
    number, indonesian, english, confidence, flags = (c.strip() for c in row.strip("|").split("|"))
    (printed,) = [line for line in lines if line.startswith(f"| 1 | {indonesian[:40]}")]
    got = [c.strip() for c in printed.strip("|").split("|")]
    assert got[0] == number
    assert got[1].startswith(indonesian.removesuffix("…").rstrip())
    assert english.endswith("…") and got[2]
    assert re.fullmatch(r"[01]\.\d\d", got[3]) and re.fullmatch(r"[01]\.\d\d", confidence)
    assert flags.endswith("dateline: Brussels, Sinata.id –") and got[4].endswith(
        "dateline: Brussels, Sinata.id –"
    )
