"""``translate-dir --ray``: the folder job on a pool of Ray actors gives the local run's
outputs and report, and survives a worker killed mid-run and a driver killed mid-run.

One local Ray (127.0.0.1, 2 CPUs) serves the whole module; skipped without Ray.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kabar.cli.main import main
from kabar.core.errors import OptionsError
from kabar.translate.distributed.ray_pool import RayPoolOptions, RayTranslatorPool, plan_units
from kabar.translate.distributed.recipe import TranslatorRecipe
from tests.conftest import KABAR, REPO
from tests.folder_helpers import outputs, recorded, report_of
from tests.ray_helpers import (
    BROKEN,
    KILLER,
    BreaksOn,
    KillsOn,
    comparable,
    run_job,
    start_local_ray,
    write_corpus,
)

ARTICLES = 16


@pytest.fixture(scope="module")
def ray_cluster() -> Iterator[Any]:
    pytest.importorskip("ray")
    ray = start_local_ray(num_cpus=2)
    yield ray
    ray.shutdown()


@pytest.fixture(scope="module")
def recipe(tiny_model_dir: Path) -> TranslatorRecipe:
    return TranslatorRecipe.resolve(str(tiny_model_dir), backend="ctranslate2", threads=1)


@pytest.fixture(scope="module")
def reference(
    tmp_path_factory: pytest.TempPathFactory, recipe: TranslatorRecipe
) -> tuple[Path, Path]:
    """The corpus and its local translation (this process, one Translator)."""
    root = tmp_path_factory.mktemp("ray-reference")
    src, out = root / "in", root / "out"
    write_corpus(src, ARTICLES)
    run_job(src, out, recipe)
    return src, out


def _pool(recipe: Any, **options: Any) -> RayTranslatorPool:
    return RayTranslatorPool(recipe, options=RayPoolOptions(**{"workers": 2, **options}))


def test_units_cover_every_text_once_and_shrink_towards_the_end() -> None:
    sizes = [700] * 200 + [50_000, 10, 0, 3_000]
    units = plan_units(sizes, workers=2, min_chars=2_000, max_chars=40_000)
    assert [i for unit in units for i in unit] == list(range(len(sizes)))
    assert all(len(unit) >= 1 for unit in units)
    held = [sum(sizes[i] for i in unit) for unit in units]
    # Every unit within the bounds, except an article longer than the bound, alone.
    assert all(h <= 40_000 or len(u) == 1 for h, u in zip(held, units, strict=True))
    first, last = held[0], held[-1]
    assert first >= 5 * last and last <= 2_000 + 3_000
    assert plan_units([], workers=2, min_chars=1, max_chars=1) == []


def test_invalid_pool_options_name_every_bad_field() -> None:
    with pytest.raises(OptionsError, match=r"workers=0, max_restarts=-1\. "):
        RayPoolOptions(workers=0, max_restarts=-1)
    with pytest.raises(OptionsError, match="min_unit_chars=5"):
        RayPoolOptions(min_unit_chars=5, max_unit_chars=4)


def test_same_outputs_report_and_failures_as_the_local_run(
    ray_cluster: Any, recipe: TranslatorRecipe, reference: tuple[Path, Path], tmp_path: Path
) -> None:
    src, local = reference
    out = tmp_path / "out"
    with _pool(recipe) as pool:
        report = run_job(src, out, lambda: pool)
        assert report.exit_code == 1  # the undecodable file, as locally
        assert outputs(out) == outputs(local)
        assert comparable(report_of(out)) == comparable(report_of(local))
        failed = [f for f in report.files if f.status == "failed"]
        assert [f.path for f in failed] == ["rusak.txt"]
        distributed = report_of(out)["distributed"]
        assert distributed["engine"] == "ray" and distributed["retries"] == 0
        workers = distributed["workers"]
        assert len(workers) == 2 and sum(w["sentences"] for w in workers) == report.sentences
        assert all(w["units"] >= 1 and w["sentences_per_second"] > 0 for w in workers)
        assert sum(w["units"] for w in workers) == distributed["units"]

        # A rerun on the pool skips what the pool did; --force redoes it, the same again.
        again = run_job(src, out, lambda: pool)
        assert again.count("translated") == 0 and again.count("skipped") == ARTICLES + 2
        forced = run_job(src, out, lambda: pool, force=True)
        assert forced.count("translated") == ARTICLES + 2
        assert outputs(out) == outputs(local)


def test_a_text_that_breaks_the_translator_fails_only_its_file(
    ray_cluster: Any, recipe: TranslatorRecipe, tmp_path: Path
) -> None:
    src = tmp_path / "in"
    write_corpus(src, 6)
    (src / "hari0" / "berita002.txt").write_text(f"Ini teks {BROKEN}.\n", encoding="utf-8")
    breaking = BreaksOn(recipe)
    run_job(src, tmp_path / "local", breaking)
    with _pool(breaking) as pool:
        report = run_job(src, tmp_path / "ray", lambda: pool)
    failed = {f.path: f.reason for f in report.files if f.status == "failed"}
    assert failed == {
        "hari0/berita002.txt": "translation failed: RuntimeError: the backend broke",
        "rusak.txt": failed["rusak.txt"],
    }
    assert outputs(tmp_path / "ray") == outputs(tmp_path / "local")
    assert comparable(report_of(tmp_path / "ray")) == comparable(report_of(tmp_path / "local"))


def test_an_actor_killed_mid_run_has_its_units_done_elsewhere_once(
    ray_cluster: Any, recipe: TranslatorRecipe, reference: tuple[Path, Path], tmp_path: Path
) -> None:
    src, local = reference
    out = tmp_path / "out"
    killed: list[int] = []
    with _pool(recipe, min_unit_chars=500) as pool:

        def kill_one(done: int, total: int) -> None:
            if done and not killed:  # the first unit is back: the rest is under way
                killed.append(pool.worker_pids[0])
                os.kill(killed[0], signal.SIGKILL)

        report = run_job(src, out, lambda: pool, progress=kill_one)
    assert killed and report.exit_code == 1
    assert outputs(out) == outputs(local)
    assert comparable(report_of(out)) == comparable(report_of(local))
    done = recorded(out)
    assert sorted(done) == sorted(set(done)) and len(done) == ARTICLES + 2
    distributed = report_of(out)["distributed"]
    assert distributed["retries"] >= 1
    hit = [w for w in distributed["workers"] if killed[0] in w["pids"]]
    assert hit[0]["restarts"] == 1 and hit[0]["lost_units"] >= 1


def test_a_text_that_kills_every_worker_it_reaches_fails_only_its_file(
    ray_cluster: Any, recipe: TranslatorRecipe, tmp_path: Path
) -> None:
    src = tmp_path / "in"
    write_corpus(src, 4)
    (src / "hari1" / "berita001.txt").write_text(f"Ini teks {KILLER}.\n", encoding="utf-8")
    with _pool(KillsOn(recipe), max_attempts=1) as pool:
        report = run_job(src, tmp_path / "out", lambda: pool)
    failed = {f.path: f.reason for f in report.files if f.status == "failed"}
    assert set(failed) == {"hari1/berita001.txt", "rusak.txt"}
    assert "its Ray worker died 1 time(s)" in failed["hari1/berita001.txt"]
    assert report.count("translated") == 4 + 2 - 1


def test_driver_killed_then_a_rerun_resumes(
    ray_cluster: Any, tiny_model_dir: Path, tmp_path: Path
) -> None:
    src = tmp_path / "in"
    write_corpus(src, 16)
    out = tmp_path / "out"
    # The English files only: the JSON beside them records each run's own thread count.
    engine = ["--model", str(tiny_model_dir), "--backend", "ctranslate2", "--quiet"]
    engine += ["--format", "text"]
    assert main(["translate-dir", str(src), str(tmp_path / "local"), *engine]) == 1
    address = ray_cluster.get_runtime_context().gcs_address
    command = [
        *KABAR,
        "translate-dir",
        str(src),
        str(out),
        *engine,
        "--round-chars",
        "3000",  # a round per couple of articles: files commit before the kill
        "--ray",
        address,
        "--workers",
        "2",
    ]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    run = subprocess.Popen(command, cwd=REPO, env=env, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 300
    while not (out / "hari1").is_dir() or len(list((out / "hari1").glob("*.en.txt"))) < 3:
        assert run.poll() is None, run.stderr.read().decode() if run.stderr else ""
        assert time.monotonic() < deadline, "the run never got going"
        time.sleep(0.02)
    run.send_signal(signal.SIGKILL)
    run.wait()
    first = recorded(out)
    assert 0 < len(first) < 16 + 2

    final = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True)
    assert final.returncode == 1, final.stderr  # the undecodable file
    report = report_of(out)
    skipped = {f["path"] for f in report["files"] if f["status"] == "skipped"}
    assert skipped == set(first)
    done = recorded(out)
    assert sorted(done) == sorted(set(done)) and len(done) == 16 + 2
    assert outputs(out) == outputs(tmp_path / "local")


def test_cli_starts_its_own_loopback_ray_and_matches_the_local_run(
    ray_cluster: Any, tiny_model_dir: Path, tmp_path: Path
) -> None:
    src = tmp_path / "in"
    write_corpus(src, 4)
    # The English files only: the JSON beside them records each run's own thread count.
    engine = ["--model", str(tiny_model_dir), "--backend", "ctranslate2", "--quiet"]
    engine += ["--format", "text"]
    assert main(["translate-dir", str(src), str(tmp_path / "local"), *engine]) == 1
    command = [*KABAR, "translate-dir", str(src), str(tmp_path / "ray")]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("RAY_ADDRESS", None)
    run = subprocess.run(
        [*command, *engine, "--ray", "--workers", "2"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 1, run.stderr  # the undecodable file, as locally
    assert "Traceback" not in run.stderr
    assert outputs(tmp_path / "ray") == outputs(tmp_path / "local")
    distributed = report_of(tmp_path / "ray")["distributed"]
    assert distributed["address"].startswith("127.0.0.1:")
    assert distributed["address"] != ray_cluster.get_runtime_context().gcs_address
    assert len(distributed["workers"]) == 2


def test_why_an_actor_could_not_start_is_the_raised_line() -> None:
    from kabar.translate.distributed.ray_crew import raised_line

    message = (
        "The actor died because of an error raised in its creation task, \x1b[36mray::A\x1b[39m"
        '\n  File "x.py", line 3, in __init__\n    raise ValueError("weights are corrupt")'
        "\nValueError: weights are corrupt\n"
    )
    assert raised_line(RuntimeError(message)) == "ValueError: weights are corrupt"
    assert raised_line(RuntimeError("just this")) == "just this"


def test_cli_without_ray_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "in").mkdir()
    monkeypatch.setitem(sys.modules, "ray", None)  # import ray fails as if not installed
    assert main(["translate-dir", str(tmp_path / "in"), str(tmp_path / "out"), "--ray"]) == 2
    error = capsys.readouterr().err
    assert "pip install 'kabar[ray]'" in error and "Traceback" not in error
    assert (
        main(["translate-dir", str(tmp_path / "in"), str(tmp_path / "o2"), "--workers", "2"]) == 2
    )
    assert "--workers needs --ray" in capsys.readouterr().err
