"""What a user installs: the wheel built from this checkout, installed outside it.

The wheel is built once per session from a copy of the checkout's files (what git would
commit: tracked and new, not ignored), so the build never writes into the checkout. It is
"installed" by unpacking it (a pure-Python wheel is its site-packages tree) into a folder
put first on PYTHONPATH, with the working directory outside the repository: the
interpreter then finds kabar there and only there, without a venv's minutes of set-up.
Marked ``wheel``: ``pytest -m 'not wheel'`` leaves these out.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from importlib.metadata import version
from pathlib import Path

import pytest

from tests.conftest import REPO, SEEDS

pytestmark = pytest.mark.wheel


def _build_isolation_flag() -> list[str]:
    """Build with this interpreter's setuptools when it is new enough for pyproject.toml
    (no index needed); else let pip fetch one (a fresh venv's bundled setuptools is 65)."""
    major = int(version("setuptools").split(".")[0])
    return ["--no-build-isolation"] if major >= 68 else []


@pytest.fixture(scope="session")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    git = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO,
        capture_output=True,
    )
    if git.returncode != 0 or not git.stdout:
        pytest.skip("not a git checkout: the wheel is built from the files git would commit")
    listed = git.stdout
    source = tmp_path_factory.mktemp("kabar-source")
    for name in filter(None, listed.decode().split("\0")):
        origin = REPO / name
        target = source / name
        if not origin.is_symlink() and not origin.is_file():
            continue  # deleted in the worktree, not yet committed
        target.parent.mkdir(parents=True, exist_ok=True)
        if origin.is_symlink():  # kabar/translate -> ../translate, as committed
            target.symlink_to(os.readlink(origin))
        else:
            target.write_bytes(origin.read_bytes())
    out = tmp_path_factory.mktemp("wheel")
    build = [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", *_build_isolation_flag()]
    subprocess.run(
        [*build, "-w", str(out), str(source)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    (built,) = out.glob("kabar-*.whl")
    return built


@pytest.fixture(scope="session")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("site")
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    return site


def _run_outside(site: Path, *argv: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(site)}
    return subprocess.run(
        [sys.executable, *argv], cwd=cwd, env=env, capture_output=True, text=True, timeout=600
    )


def test_one_top_level_name_and_no_measurement_scripts(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        (top_level,) = [n for n in names if n.endswith(".dist-info/top_level.txt")]
        assert archive.read(top_level).decode().split() == ["kabar"]
    tops = {n.split("/")[0] for n in names if not n.split("/")[0].endswith(".dist-info")}
    assert tops == {"kabar"}
    assert [n for n in names if "eval/measure" in n] == []
    assert "kabar/py.typed" in names
    assert sorted(n for n in names if n.startswith("kabar/seeds/")) == sorted(
        f"kabar/seeds/{p.name}" for p in SEEDS.glob("*.txt")
    )


def test_every_shipped_module_is_in_the_wheel(wheel: Path) -> None:
    # pyproject lists the packages by hand: a new subpackage left off it would be missing
    # from every non-editable install.
    expected = {
        (Path(folder) / name).relative_to(REPO).as_posix()
        for folder, _, files in os.walk(REPO / "kabar", followlinks=True)
        for name in files
        if name.endswith(".py") and not Path(folder).is_relative_to(REPO / "kabar/eval/measure")
    }
    assert "kabar/translate/engine.py" in expected
    with zipfile.ZipFile(wheel) as archive:
        shipped = {n for n in archive.namelist() if n.endswith(".py")}
    assert sorted(expected - shipped) == []


def test_installed_front_door_seeds_and_version(installed: Path, tmp_path: Path) -> None:
    probe = (
        "import json, kabar, kabar.ui.app as app\n"
        "from kabar import Translator\n"
        "print(kabar.__file__)\n"
        "print(Translator.__module__)\n"
        "print(json.dumps(sorted(p.name for p in app.SEEDS.glob('*.txt'))))\n"
    )
    done = _run_outside(installed, "-c", probe, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    where, module, seeds = done.stdout.splitlines()
    assert Path(where).is_relative_to(installed)  # the wheel's kabar, not the checkout's
    assert module == "kabar.translate.engine"
    assert json.loads(seeds) == sorted(p.name for p in SEEDS.glob("*.txt"))
    assert len(json.loads(seeds)) == 5

    version_run = _run_outside(installed, "-m", "kabar", "--version", cwd=tmp_path)
    assert version_run.returncode == 0, version_run.stderr
    assert version_run.stdout.startswith("kabar ")


def test_users_mypy_sees_kabars_types(installed: Path, tmp_path: Path) -> None:
    (tmp_path / "good.py").write_text(
        "from kabar import TranslationOptions, Translator\n\n"
        "options = TranslationOptions(beam_size=4)\n"
        "translator_type: type[Translator] = Translator\n",
        encoding="utf-8",
    )
    (tmp_path / "wrong.py").write_text(
        'from kabar import TranslationOptions\n\noptions = TranslationOptions(beam_size="wide")\n',
        encoding="utf-8",
    )
    done = _run_outside(
        installed,
        "-m",
        "mypy",
        "--strict",
        "--no-error-summary",
        "--cache-dir",
        str(tmp_path / ".mypy_cache"),
        "good.py",
        "wrong.py",
        cwd=tmp_path,
    )
    errors = done.stdout.splitlines()
    assert done.returncode == 1, done.stdout + done.stderr
    assert len(errors) == 1, errors
    assert errors[0].startswith('wrong.py:3: error: Argument "beam_size"')
    assert '"int"' in errors[0]


def test_the_kabar_command_pip_would_write(installed: Path, tmp_path: Path) -> None:
    # pip install writes bin/kabar as `sys.exit(main())` from the wheel's entry points;
    # unpacking writes no script, so the entry point is resolved here the way pip's script
    # does, from the installed tree's metadata (checked by hand in a fresh venv too:
    # docs/architecture.md).
    probe = (
        "import sys\n"
        "from importlib.metadata import distribution\n"
        "dist = distribution('kabar')\n"
        "print(dist.locate_file('kabar/__init__.py'))\n"
        "(script,) = [e for e in dist.entry_points if e.group == 'console_scripts']\n"
        "print(script.name)\n"
        "main = script.load()\n"
        "print(sys.modules[main.__module__].__file__, flush=True)\n"
        "sys.argv = ['kabar', '--version']\n"
        "sys.exit(main())\n"
    )
    done = _run_outside(installed, "-c", probe, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    located, name, module_file, version_line = done.stdout.splitlines()
    assert Path(located).is_relative_to(installed)  # the wheel's metadata, not the checkout's
    assert name == "kabar"
    assert Path(module_file).is_relative_to(installed)
    assert version_line == f"kabar {version('kabar')}"
