"""The served UI through gradio_client: the /translate endpoint, 8 users at once, `kabar ui`.

The app's Translator is built exactly as ``kabar ui`` builds it (``load_translator`` on
parsed arguments), so the endpoint's JSON can be compared with ``kabar translate --format
json`` run with the same arguments.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from kabar.cli.engine_arguments import load_translator
from kabar.cli.main import build_parser, main
from kabar.translate.backends.base import Backend, Decoded, DelegatingBackend
from kabar.translate.engine import Translator
from tests.conftest import REPO, seed_files
from tests.ui_server import free_port, serving

ENGINE_ARGS = ["--beam", "1", "--threads", "1"]
SEEDS = seed_files()


def without_timing(data: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in data.items() if key != "seconds"}


@pytest.fixture(scope="module")
def translator(tiny_model_dir: Path) -> Translator:
    args = build_parser().parse_args(["ui", "--model", str(tiny_model_dir), *ENGINE_ARGS])
    return load_translator(args)


@pytest.fixture(scope="module")
def ui_url(translator: Translator) -> Iterator[str]:
    from kabar.ui.app import build_app

    with serving(build_app(translator, None)) as url:
        yield url


def client(url: str) -> Any:
    from gradio_client import Client

    return Client(url, verbose=False, analytics_enabled=False)


def test_translate_endpoint_returns_the_cli_json(
    ui_url: str, tiny_model_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seed = SEEDS[3]
    data = client(ui_url).predict(seed.read_text(encoding="utf-8"), api_name="/translate")
    capsys.readouterr()
    code = main(
        [
            "translate",
            str(seed),
            "--model",
            str(tiny_model_dir),
            *ENGINE_ARGS,
            "--format",
            "json",
            "--quiet",
        ]
    )
    assert code == 0
    cli = json.loads(capsys.readouterr().out)
    assert without_timing(data) == without_timing(cli)
    assert data["sentence_count"] > 0 and isinstance(data["seconds"], float)


def test_only_the_translate_endpoint_is_public(ui_url: str) -> None:
    api = client(ui_url).view_api(print_info=False, return_format="dict")
    assert list(api["named_endpoints"]) == ["/translate"]
    parameters = api["named_endpoints"]["/translate"]["parameters"]
    assert [p["parameter_name"] for p in parameters] == ["article"]


def test_endpoint_errors_reach_the_client_as_messages(ui_url: str) -> None:
    from gradio_client.exceptions import AppError

    with pytest.raises(AppError, match="The article is empty"):
        client(ui_url).predict("  ", api_name="/translate")
    with pytest.raises(AppError, match="over the limit of 50,000"):
        client(ui_url).predict("kata " * 10_001, api_name="/translate")


class OneAtATime(DelegatingBackend):
    """Wraps a backend and records the most translate_batch calls running at once."""

    def __init__(self, inner: Backend) -> None:
        super().__init__(inner)
        self.running = self.most_running = 0
        self.lock = threading.Lock()

    def translate_batch(
        self, texts: Sequence[str], *, beam_size: int, max_new_tokens: Sequence[int]
    ) -> list[Decoded]:
        with self.lock:
            self.running += 1
            self.most_running = max(self.most_running, self.running)
        try:
            return super().translate_batch(
                texts, beam_size=beam_size, max_new_tokens=max_new_tokens
            )
        finally:
            with self.lock:
                self.running -= 1


def test_eight_clients_at_once_are_all_answered(translator: Translator) -> None:
    from kabar.ui.app import build_app

    texts = [SEEDS[i % len(SEEDS)].read_text(encoding="utf-8") for i in range(8)]
    expected = [without_timing(translator.translate_article(t).to_dict()) for t in texts]
    backend = OneAtATime(translator.backend)
    with serving(build_app(Translator(backend, spec=translator.spec), None)) as url:
        clients = [client(url) for _ in texts]
        start = threading.Barrier(len(texts))
        answers: list[dict[str, Any] | BaseException | None] = [None] * len(texts)

        def ask(index: int) -> None:
            start.wait()
            try:
                answers[index] = clients[index].predict(texts[index], api_name="/translate")
            except BaseException as error:  # recorded and reported by the assertion below
                answers[index] = error

        threads = [threading.Thread(target=ask, args=(i,)) for i in range(len(texts))]
        began = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=300)
        seconds = time.perf_counter() - began
    errors = [a for a in answers if not isinstance(a, dict)]
    assert not errors, errors
    assert [without_timing(a) for a in answers if isinstance(a, dict)] == expected
    assert backend.most_running == 1  # the queue let one translation use the model at a time
    print(f"8 simultaneous /translate requests answered in {seconds:.1f} s")


def test_kabar_ui_without_a_model_starts_and_shows_the_clis_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import kabar.ui.app

    built: dict[str, Any] = {}
    launched: dict[str, Any] = {}
    real_build = kabar.ui.app.build_app

    def build(*args: Any, **kwargs: Any) -> Any:
        built.update(translator=args[0], **kwargs)
        return real_build(*args, **kwargs)

    monkeypatch.setattr(kabar.ui.app, "build_app", build)
    monkeypatch.setattr(kabar.ui.app, "launch_app", lambda app, **kw: launched.update(kw))
    missing = tmp_path / "no-model"
    assert main(["ui", "--model", str(missing), "--brief", "none"]) == 0
    err = capsys.readouterr().err
    assert built["translator"] is None
    # The CLI's words for a model folder that is not there (a path: check it, no download).
    assert "Check the path" in built["model_error"] and str(missing) in built["model_error"]
    assert "Check the path" in err and "Traceback" not in err
    assert launched["host"] == "127.0.0.1" and launched["port"] == 7860


def test_kabar_ui_rejects_bad_options_and_a_busy_port(
    tiny_model_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import kabar.ui.app

    assert main(["ui", "--port", "70000"]) == 2
    assert "argument --port: must be 1 to 65535, not 70000" in capsys.readouterr().err

    def busy(app: Any, **kwargs: Any) -> None:
        raise OSError("Cannot find empty port in range: 7860-7860.")

    monkeypatch.setattr(kabar.ui.app, "launch_app", busy)
    argv = ["ui", "--model", str(tiny_model_dir), *ENGINE_ARGS, "--brief", "none"]
    assert main([*argv, "--port", "7860"]) == 1
    err = capsys.readouterr().err
    assert "cannot serve on 127.0.0.1:7860" in err and "--port N" in err


def test_kabar_ui_serves_the_page_as_a_real_process(tiny_model_dir: Path) -> None:
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(REPO), "GRADIO_ANALYTICS_ENABLED": "False"}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "kabar",
            "ui",
            "--model",
            str(tiny_model_dir),
            *ENGINE_ARGS,
            "--brief",
            "textrank",
            "--port",
            str(port),
        ],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        page = _wait_for_page(f"http://127.0.0.1:{port}/", process, timeout=120)
        assert "kabar" in page
        answer = client(f"http://127.0.0.1:{port}/").predict(
            "Presiden membuka rapat kabinet.", api_name="/translate"
        )
        assert answer["sentence_count"] == 1
    finally:
        process.terminate()
        _, err = process.communicate(timeout=30)
    assert f"serving on http://127.0.0.1:{port}" in err
    assert "Traceback" not in err


def _wait_for_page(url: str, process: subprocess.Popen[str], *, timeout: float) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"kabar ui exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return str(response.read().decode("utf-8"))
        except OSError:
            time.sleep(0.5)
    raise AssertionError(f"kabar ui did not answer on {url} within {timeout} s")
