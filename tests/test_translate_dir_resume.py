"""Kill ``kabar translate-dir`` with SIGKILL mid-run, twice, then let it finish: every
input is translated exactly once and every output is complete.

Kill 1 lands among the small articles; kill 2 while a large file is being streamed into
its temporary output (so the kill leaves a temporary file behind for the next run to
remove or continue). The manifest says which inputs each run completed. Then: a kill
between two rounds of one big file, and a rerun that continues it from its checkpoint.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

from kabar.core.atomic import TEMP_SUFFIX
from kabar.core.splitter import segment
from tests.conftest import KABAR, REPO, seed_files, tiny_engine_args
from tests.folder_helpers import recorded, report_of

ARTICLES = 40
LARGE = "zz-arsip/besar.txt"  # sorted last: translated after every article


def _command(src: Path, out: Path, model: Path) -> list[str]:
    return [
        *KABAR,
        "translate-dir",
        str(src),
        str(out),
        *tiny_engine_args(model),
        "--quiet",
        "--round-chars",
        "4000",  # about two articles per round: many commits before the kill
    ]


def _temp_files(out: Path) -> list[Path]:
    return [p for p in out.rglob("*") if p.name.endswith(TEMP_SUFFIX)]


def _run_and_kill(command: list[str], env: dict[str, str], ready: Callable[[], bool]) -> None:
    run = subprocess.Popen(
        command, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    deadline = time.monotonic() + 300
    while not ready():
        assert run.poll() is None, run.stderr.read().decode() if run.stderr else ""
        assert time.monotonic() < deadline, "the run never reached the point to kill it"
        time.sleep(0.01)
    run.send_signal(signal.SIGKILL)
    run.wait()
    assert run.returncode == -signal.SIGKILL


def test_sigkill_then_rerun_translates_every_input_exactly_once(
    tmp_path: Path, tiny_model_dir: Path
) -> None:
    seeds = [p.read_text("utf-8") for p in seed_files()]
    src, out = tmp_path / "in", tmp_path / "out"
    sources = {f"hari{i % 4}/berita{i:03d}.txt": seeds[i % len(seeds)] for i in range(ARTICLES)}
    sources[LARGE] = "\n\n".join(seeds * 5)  # about 60 KB: several units, streamed
    for rel, text in sources.items():
        (src / rel).parent.mkdir(parents=True, exist_ok=True)
        (src / rel).write_text(text, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    command = _command(src, out, tiny_model_dir)

    _run_and_kill(command, env, lambda: len(list(out.rglob("*.en.txt"))) >= 5)
    after_first = recorded(out)
    assert 0 < len(after_first) < ARTICLES, "kill 1 should land among the articles"
    inodes = {rel: _english(out, rel).stat().st_ino for rel in after_first}

    def large_file_half_written() -> bool:
        return any(p.name.startswith(".besar.en.txt.") for p in _temp_files(out))

    _run_and_kill(command, env, large_file_half_written)
    after_second = recorded(out)
    assert after_second[: len(after_first)] == after_first
    assert LARGE not in after_second and large_file_half_written()

    final = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True)
    assert final.returncode == 0, final.stderr

    report = report_of(out)
    statuses = {f["path"]: f["status"] for f in report["files"]}
    done_last = {path for path, status in statuses.items() if status == "translated"}
    finished = recorded(out)
    # Each input recorded once: no run redid what an earlier run had completed.
    assert sorted(finished) == sorted(set(finished)) and set(finished) == set(sources)
    assert set(after_second).isdisjoint(done_last)
    assert set(after_second) | done_last == set(sources)
    assert {p for p, s in statuses.items() if s == "skipped"} == set(after_second)
    # The large file's temporary output was either removed (killed before its first round
    # ended) or continued from its checkpoint.
    large = next(f for f in report["files"] if f["path"] == LARGE)
    assert report["removed_temp_files"] >= 1 or large.get("resumed_units", 0) > 0
    assert not _temp_files(out)
    # The first run's outputs were not written again (a rewrite is a new inode).
    assert {rel: _english(out, rel).stat().st_ino for rel in after_first} == inodes
    for rel, text in sources.items():
        english = _english(out, rel).read_text("utf-8")
        assert english.endswith("\n")
        lines = [line for line in english.splitlines() if line.strip()]
        assert len(lines) == len(segment(text)), rel
    print(  # the figures for the record (pytest -s)
        f"kill 1: {len(after_first)}/{len(sources)} inputs done; kill 2: "
        f"{len(after_second)} done, {LARGE} half-written; the last run translated "
        f"{len(done_last)}, skipped {len(after_second)}, removed "
        f"{report['removed_temp_files']} temporary file(s)"
    )


def _english(out: Path, rel: str) -> Path:
    return out / rel.replace(".txt", ".en.txt")


# Runs kabar with Translator.translate_articles wrapped: each call's texts are appended to
# $KABAR_SPY_LOG (one JSON line per call) before translating, then it waits
# $KABAR_SPY_WAIT seconds, so a kill can land between two rounds of one file.
_SPY = """
import json, os, sys, time
from kabar.translate.engine import Translator
real = Translator.translate_articles
def spied(self, texts, **kwargs):
    result = real(self, texts, **kwargs)
    with open(os.environ["KABAR_SPY_LOG"], "a", encoding="utf-8") as log:
        log.write(json.dumps(list(texts)) + "\\n")
    time.sleep(float(os.environ.get("KABAR_SPY_WAIT", "0")))
    return result
Translator.translate_articles = spied
from kabar.cli.main import main
sys.exit(main(sys.argv[1:]))
"""


def _spied_texts(log: Path) -> list[str]:
    return [text for line in log.read_text("utf-8").splitlines() for text in json.loads(line)]


def test_sigkill_mid_file_then_rerun_continues_from_the_last_round(
    tmp_path: Path, tiny_model_dir: Path
) -> None:
    seeds = [p.read_text("utf-8") for p in seed_files()]
    src = tmp_path / "in"
    src.mkdir()
    (src / "besar.txt").write_text("\n\n".join(seeds * 8), encoding="utf-8")  # ~7 groups
    env = {**os.environ, "PYTHONPATH": str(REPO)}

    def command(out: Path) -> list[str]:
        kabar = _command(src, out, tiny_model_dir)
        kabar[1:3] = ["-c", _SPY]  # the spy instead of -m kabar
        return [*kabar, "--round-chars", "1000", "--format", "json"]  # a group per round

    whole_log = tmp_path / "whole.log"
    whole = subprocess.run(
        command(tmp_path / "whole"),
        cwd=REPO,
        env={**env, "KABAR_SPY_LOG": str(whole_log)},
        capture_output=True,
        text=True,
    )
    assert whole.returncode == 0, whole.stderr
    everything = _spied_texts(whole_log)
    assert len(everything) >= 5, "the file should take several rounds"

    out = tmp_path / "out"
    checkpoint = out / ".besar.en.txt.kabar-checkpoint"

    def two_rounds_saved() -> bool:
        try:
            return int(json.loads(checkpoint.read_text("utf-8"))["units"]) >= 2
        except (OSError, ValueError, KeyError):
            return False

    first_log = tmp_path / "first.log"
    _run_and_kill(
        command(out),
        {**env, "KABAR_SPY_LOG": str(first_log), "KABAR_SPY_WAIT": "1"},
        two_rounds_saved,
    )
    assert not (out / "besar.en.txt").exists()
    done_before = json.loads(checkpoint.read_text("utf-8"))["units"]

    rerun_log = tmp_path / "rerun.log"
    rerun = subprocess.run(
        command(out),
        cwd=REPO,
        env={**env, "KABAR_SPY_LOG": str(rerun_log)},
        capture_output=True,
        text=True,
    )
    assert rerun.returncode == 0, rerun.stderr

    # Byte for byte the uninterrupted run's English; its JSON but for the timings.
    assert (out / "besar.en.txt").read_bytes() == (tmp_path / "whole" / "besar.en.txt").read_bytes()

    def timeless(path: Path) -> object:
        data = json.loads(path.read_text("utf-8"))
        data.pop("seconds")
        return data

    assert timeless(out / "besar.en.txt.json") == timeless(tmp_path / "whole" / "besar.en.txt.json")
    # The rerun translated only the groups after the checkpoint's.
    remaining = _spied_texts(rerun_log)
    assert remaining == everything[done_before:]
    report = report_of(out)
    (outcome,) = report["files"]
    assert outcome["resumed_units"] == done_before
    whole_report = report_of(tmp_path / "whole")
    assert outcome["sentences"] == whole_report["files"][0]["sentences"]
    assert outcome["resumed_sentences"] == report["totals"]["resumed_sentences"] > 0
    assert not _temp_files(out) and not checkpoint.exists()
    print(
        f"killed after {done_before} of {len(everything)} groups; the rerun translated "
        f"{len(remaining)} ({outcome['sentences'] - outcome['resumed_sentences']} of "
        f"{outcome['sentences']} sentences)"
    )
