"""``kabar serve`` secure by default: keys, rate limits, size and time limits, a bounded
queue, hostile bodies (1 GB, slowloris, a .docx zip bomb); each refused cleanly while the
server goes on serving others. Real HTTP, tiny random model."""

from __future__ import annotations

import argparse
import io
import socket
import threading
import time
import zipfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
import requests

from kabar.core.errors import OptionsError
from kabar.serve.keys import KeyStore
from kabar.serve.ratelimit import Limits, RateLimiter
from kabar.serve.settings import ServeSettings
from kabar.translate.backends.base import Backend, Decoded, DelegatingBackend
from kabar.translate.engine import Translator
from kabar.translate.options import TranslationOptions
from kabar.translate.results import ArticleTranslation
from tests.conftest import run_cli
from tests.serve_server import TIMEOUT, post_file, running_server

SENTENCE = "Polisi menangkap dua orang di Jakarta."


class SlowBackend(DelegatingBackend):
    """The tiny model, each batch held for ``delay`` seconds: the engine stays busy."""

    def __init__(self, inner: Backend, delay: float) -> None:
        super().__init__(inner)
        self.delay = delay

    def translate_batch(
        self, texts: Sequence[str], *, beam_size: int, max_new_tokens: Sequence[int]
    ) -> list[Decoded]:
        time.sleep(self.delay)
        return super().translate_batch(texts, beam_size=beam_size, max_new_tokens=max_new_tokens)


def post(url: str, **fields: object) -> requests.Response:
    body = {"q": SENTENCE, "source": "id", "target": "en", **fields}
    return requests.post(f"{url}/translate", json=body, timeout=TIMEOUT)


def test_keys_are_hashed_at_rest_and_revocable(tmp_path: Path) -> None:
    store, key = KeyStore.open(tmp_path / "keys.json").add("mastodon", requests_per_minute=5)
    text = (tmp_path / "keys.json").read_text()
    assert key.startswith("kabar_") and key not in text
    assert KeyStore.open(tmp_path / "keys.json").check(key) is not None
    assert KeyStore.open(tmp_path / "keys.json").check(key + "x") is None
    store, _ = store.revoke("mastodon")
    assert KeyStore.open(tmp_path / "keys.json").check(key) is None
    assert (tmp_path / "keys.json").stat().st_mode & 0o077 == 0


def test_keys_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = str(tmp_path / "k.json")
    code, out, err = run_cli(["keys", "--file", path, "add", "weblate"], capsys)
    assert code == 0 and out.startswith("kabar_") and "shown only now" in err
    code, out, _ = run_cli(["keys", "--file", path, "list"], capsys)
    assert code == 0 and "weblate  live" in out and "kabar_" not in out
    code, _, err = run_cli(["keys", "--file", path, "revoke", "weblate"], capsys)
    assert code == 0 and "revoked" in err
    code, _, err = run_cli(["keys", "--file", path, "revoke", "weblate"], capsys)
    assert code == 2 and "no live key" in err


def test_an_open_address_needs_keys_or_no_auth(capsys: pytest.CaptureFixture[str]) -> None:
    from kabar.cli.serve_command import check_exposure

    args = argparse.Namespace(host="0.0.0.0", api_keys=None, no_auth=False)
    with pytest.raises(OptionsError, match="--api-keys FILE"):
        check_exposure(args)
    assert "anyone" in check_exposure(argparse.Namespace(**{**vars(args), "no_auth": True}))
    assert "only this machine" in check_exposure(
        argparse.Namespace(host="127.0.0.1", api_keys=None, no_auth=False)
    )
    code, _, err = run_cli(["serve", "--host", "0.0.0.0", "--model", "none"], capsys)
    assert code == 2 and "--no-auth" in err


def test_rate_limiter_window() -> None:
    now = [0.0]
    limiter = RateLimiter(clock=lambda: now[0])
    limits = Limits(requests=2, chars=100)
    assert limiter.take("a", 10, limits) is None
    assert limiter.take("a", 10, limits) is None
    assert limiter.take("a", 10, limits) == 60.0
    assert limiter.take("b", 90, limits) is None
    assert limiter.take("b", 20, limits) is not None  # 110 characters in the minute
    now[0] = 61.0
    assert limiter.take("a", 10, limits) is None


@pytest.fixture(scope="module")
def keyed(
    translator: Translator, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, str, str]]:
    path = tmp_path_factory.mktemp("keys") / "keys.json"
    store, key = KeyStore.open(path).add("main")
    store, small = store.add("small", requests_per_minute=2, chars_per_minute=0)
    settings = ServeSettings(require_keys=True, char_limit=2000)
    with running_server(translator, settings, keys=store) as (url, _):
        yield url, key, small


def test_keys_required(keyed: tuple[str, str, str]) -> None:
    url, key, _ = keyed
    assert post(url).status_code == 403
    assert post(url).json()["error"].startswith("Invalid API key")
    assert post(url, api_key="kabar_wrong").json() == {"error": "Invalid API key"}
    assert post(url, api_key=key).status_code == 200
    bearer = requests.post(
        f"{url}/v1/translate",
        json={"text": SENTENCE},
        headers={"Authorization": f"Bearer {key}"},
        timeout=TIMEOUT,
    )
    assert bearer.status_code == 200
    settings = requests.get(f"{url}/frontend/settings", timeout=TIMEOUT).json()
    assert settings["keyRequired"] is True
    assert requests.get(f"{url}/health", timeout=TIMEOUT).status_code == 200


def test_per_key_rate_limit(keyed: tuple[str, str, str]) -> None:
    url, key, small = keyed
    assert [post(url, api_key=small).status_code for _ in range(3)] == [200, 200, 429]
    refused = post(url, api_key=small)
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) >= 1
    assert post(url, api_key=key).status_code == 200  # another key is not held up


def test_per_request_char_limit(keyed: tuple[str, str, str]) -> None:
    url, key, _ = keyed
    reply = post(url, api_key=key, q=["a" * 1500, "b" * 600])
    assert reply.status_code == 400
    assert "exceeds text limit (2,000)" in reply.json()["error"]


@pytest.fixture(scope="module")
def small(translator: Translator) -> Iterator[str]:
    settings = ServeSettings(
        body_bytes=4096,
        upload_bytes=64 * 1024,
        body_seconds=1.0,
        requests_per_minute=0,
        chars_per_minute=0,
    )
    with running_server(translator, settings) as (url, _):
        yield url


def test_a_body_over_the_limit_by_content_length(small: str) -> None:
    reply = post(small, q="kata " * 2000)
    assert reply.status_code == 413
    assert "4,096 bytes" in reply.json()["error"]


def test_a_1gb_body_is_refused_before_it_is_read(small: str) -> None:
    """Announced as 1 GB and never sent: refused on Content-Length at once."""
    host, port = small.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as conn:
        conn.sendall(
            b"POST /translate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b'Content-Length: 1073741824\r\n\r\n{"q": "'
        )
        answer = conn.recv(4096)
    assert answer.startswith(b"HTTP/1.1 413")
    assert post(small).status_code == 200


def test_a_chunked_body_is_counted_as_it_arrives(small: str) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"q": "'
        for _ in range(10_000):  # 10 MB if it were all read
            yield b"a" * 1024
        yield b'"}'

    reply = requests.post(
        f"{small}/translate",
        data=chunks(),
        headers={"Content-Type": "application/json"},
        timeout=TIMEOUT,
    )
    assert reply.status_code == 413

    def upload() -> Iterator[bytes]:
        yield b'--x\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\n'
        for _ in range(10_000):
            yield b"a" * 1024

    form = requests.post(
        f"{small}/translate_file",
        data=upload(),
        timeout=TIMEOUT,
        headers={"Content-Type": "multipart/form-data; boundary=x"},
    )
    assert form.status_code == 413


def test_a_slowloris_body_gets_408_and_others_are_served(small: str) -> None:
    host, port = small.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as conn:
        conn.sendall(
            b"POST /translate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b"Content-Length: 100\r\n\r\n{"
        )
        assert post(small).status_code == 200  # served while the slow client dawdles
        started = time.monotonic()
        answer = conn.recv(4096)
    assert answer.startswith(b"HTTP/1.1 408")
    assert time.monotonic() - started < 5


def test_slow_headers_do_not_block_others_and_are_cut_off(small: str) -> None:
    host, port = small.removeprefix("http://").split(":")
    conns = [socket.create_connection((host, int(port)), timeout=10) for _ in range(20)]
    try:
        for conn in conns:
            conn.sendall(b"POST /translate HTTP/1.1\r\nHost: x\r\n")  # never finished
        assert post(small).status_code == 200
        started = time.monotonic()
        assert conns[0].recv(1024) == b""  # closed by the server after body_seconds (1 s)
        assert time.monotonic() - started < 5
    finally:
        for conn in conns:
            conn.close()


def zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\0" * (50 << 20))  # 50 MB of zeros
    return buffer.getvalue()


def test_a_docx_zip_bomb_is_a_clean_400(small: str) -> None:
    bomb = zip_bomb()
    assert len(bomb) < 64 * 1024
    reply = post_file(small, "bomb.docx", bomb)
    assert reply.status_code == 400
    assert "zip bomb" in reply.json()["error"]
    assert post(small).status_code == 200


def test_no_stack_trace_or_path_in_errors(small: str) -> None:
    replies = [
        requests.post(
            f"{small}/translate",
            data=b"\xff\xfe",
            timeout=TIMEOUT,
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        ),
        requests.post(
            f"{small}/translate_file",
            data=b"--x\r\n",
            timeout=TIMEOUT,
            headers={"Content-Type": "multipart/form-data; boundary=x"},
        ),
        requests.get(f"{small}/download_file/..%2F..%2Fetc%2Fpasswd", timeout=TIMEOUT),
        requests.post(f"{small}/v1/translate", json={"text": ["a"]}, timeout=TIMEOUT),
    ]
    for reply in replies:
        assert 400 <= reply.status_code < 500
        assert "error" in reply.json()
        assert (
            "Traceback" not in reply.text and "/work" not in reply.text and ".py" not in reply.text
        )


def test_cors_is_off_unless_asked(small: str, translator: Translator) -> None:
    headers = {"Origin": "https://news.example", "Access-Control-Request-Method": "POST"}
    reply = requests.options(f"{small}/translate", headers=headers, timeout=TIMEOUT)
    assert "access-control-allow-origin" not in reply.headers
    with running_server(translator, ServeSettings(cors_origins=("https://news.example",))) as (
        url,
        _,
    ):
        reply = requests.options(f"{url}/translate", headers=headers, timeout=TIMEOUT)
        assert reply.headers["access-control-allow-origin"] == "https://news.example"


def test_full_queue_503_and_health_answers_while_busy(tiny_backend: Backend) -> None:
    slow = Translator(SlowBackend(tiny_backend, delay=1.5), TranslationOptions(beam_size=1))
    settings = ServeSettings(queue_size=1, requests_per_minute=0, chars_per_minute=0)
    with running_server(slow, settings) as (url, _):
        replies: list[int] = []
        threads = [
            threading.Thread(target=lambda: replies.append(post(url).status_code)) for _ in range(4)
        ]
        for thread in threads:
            thread.start()
            time.sleep(0.2)
        began = time.monotonic()
        health = requests.get(f"{url}/health", timeout=TIMEOUT)
        # Not waiting for the 1.5 s batch (serve_load measures the real latency, ~ms).
        assert time.monotonic() - began < 1.0
        assert health.json()["engine"] == "busy"
        busy = post(url)
        assert busy.status_code == 503 and busy.headers["Retry-After"]
        for thread in threads:
            thread.join()
        assert 200 in replies and 503 in replies


def test_concurrent_requests_share_engine_calls(tiny_backend: Backend) -> None:
    slow = Translator(SlowBackend(tiny_backend, delay=0.5), TranslationOptions(beam_size=1))
    settings = ServeSettings(batch_wait_ms=50, requests_per_minute=0, chars_per_minute=0)
    with running_server(slow, settings) as (url, state):
        replies: list[int] = []
        threads = [
            threading.Thread(target=lambda: replies.append(post(url).status_code)) for _ in range(6)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        stats = state.worker.stats()
        health = requests.get(f"{url}/health", timeout=TIMEOUT).json()
    assert replies == [200] * 6
    assert stats.requests == 6 and stats.calls < 6
    # /health says how the engine was used: what serve_load reads.
    assert (health["calls"], health["requests"]) == (stats.calls, 6)
    assert health["busy_seconds"] >= 0.5 * stats.calls  # each call held one 0.5 s batch


def test_a_call_stops_taking_requests_at_its_character_budget(tiny_backend: Backend) -> None:
    """Queued requests go to the engine in calls of about ``max_batch_chars``: the first
    request that reaches the budget closes the call, the rest wait for the next."""
    from kabar.serve.worker import EngineWorker

    translator = Translator(tiny_backend, TranslationOptions(beam_size=1))
    calls: list[int] = []
    original = translator.translate_articles

    def recorded(texts: Sequence[str], **options: Any) -> list[ArticleTranslation]:
        calls.append(len(texts))
        return original(texts, **options)

    translator.translate_articles = recorded  # type: ignore[method-assign]
    worker = EngineWorker(translator, batch_wait=1.0, max_batch_chars=100)
    release = threading.Event()
    blocker = worker.call(lambda: release.wait(30))  # the requests queue meanwhile
    futures = [worker.submit([SENTENCE[:40]]) for _ in range(6)]
    release.set()
    try:
        results = [future.result(timeout=60)[0] for future in futures]
    finally:
        blocker.result(timeout=30)
        worker.close()
    assert calls == [3, 3]  # 40 + 40 < 100 takes a third; 120 closes the call
    assert [r.text for r in results] == [translator.translate_article(SENTENCE[:40]).text] * 6


class BrokenBackend(DelegatingBackend):
    """The tiny model, failing inside the engine (a bug, a lost GPU): a 500 for the request."""

    def translate_batch(
        self, texts: Sequence[str], *, beam_size: int, max_new_tokens: Sequence[int]
    ) -> list[Decoded]:
        raise RuntimeError("/secret/path/model.bin: engine failure")


def test_an_engine_failure_is_a_clean_500_and_the_worker_lives(tiny_backend: Backend) -> None:
    broken = Translator(BrokenBackend(tiny_backend), TranslationOptions(beam_size=1))
    with running_server(broken) as (url, _):
        for _ in range(2):  # the worker thread survives the first failure
            reply = post(url)
            assert reply.status_code == 500
            assert reply.json() == {"error": "internal server error; the server's log says more."}
            assert "secret" not in reply.text
        assert requests.get(f"{url}/health", timeout=TIMEOUT).status_code == 200


def test_a_request_waiting_too_long_gets_503(tiny_backend: Backend) -> None:
    slow = Translator(SlowBackend(tiny_backend, delay=2.0), TranslationOptions(beam_size=1))
    settings = ServeSettings(request_seconds=0.5, requests_per_minute=0, chars_per_minute=0)
    with running_server(slow, settings) as (url, _):
        reply = post(url)
    assert reply.status_code == 503
    assert "not translated within 0.5 s" in reply.json()["error"]
    assert reply.headers["Retry-After"]


def test_the_ui_upload_path_has_the_upload_limit(translator: Translator) -> None:
    settings = ServeSettings(body_bytes=4096, upload_bytes=8192)
    with running_server(translator, settings, ui=True) as (url, _):
        big = requests.post(
            f"{url}/ui/gradio_api/upload",
            files={"files": ("a.txt", b"a" * 20_000)},
            timeout=TIMEOUT,
        )
        assert big.status_code == 413
        small = requests.post(
            f"{url}/ui/gradio_api/upload", files={"files": ("a.txt", b"a" * 5000)}, timeout=TIMEOUT
        )
        assert small.status_code == 200


def test_kabar_serve_command_starts_says_how_and_stops(tiny_model_dir: Path) -> None:
    """The real command in its own process: it binds loopback, says who can use it,
    answers, and a second server on the same port fails with what to do."""
    import subprocess

    from tests.conftest import KABAR, tiny_engine_args
    from tests.ui_server import free_port

    port = free_port()
    argv = [*KABAR, "serve", *tiny_engine_args(tiny_model_dir), "--port", str(port),
            "--no-ui", "--brief", "none"]  # fmt: skip
    server = subprocess.Popen(argv, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                health = requests.get(f"http://127.0.0.1:{port}/health", timeout=5)
                break
            except requests.ConnectionError:
                assert server.poll() is None and time.monotonic() < deadline
                time.sleep(0.3)
        assert health.json()["status"] == "ok"
        assert post(f"http://127.0.0.1:{port}").status_code == 200
        second = subprocess.run(argv, capture_output=True, text=True, timeout=120)
        assert second.returncode == 1
        assert f"cannot serve on 127.0.0.1:{port}" in second.stderr
        assert "Traceback" not in second.stderr
    finally:
        server.terminate()
        _, err = server.communicate(timeout=30)
    assert "only this machine can connect" in err


def test_with_keys_the_ui_asks_for_one(translator: Translator, tmp_path: Path) -> None:
    store, key = KeyStore.open(tmp_path / "keys.json").add("desk")
    settings = ServeSettings(require_keys=True)
    with running_server(translator, settings, keys=store, ui=True) as (url, _):
        assert requests.post(
            f"{url}/ui/login", data={"username": "x", "password": "kabar_wrong"}, timeout=TIMEOUT
        ).status_code in (400, 401)
        session = requests.Session()
        signed_in = session.post(
            f"{url}/ui/login", data={"username": "desk", "password": key}, timeout=TIMEOUT
        )
        assert signed_in.status_code == 200
        assert session.get(f"{url}/ui/config", timeout=TIMEOUT).status_code == 200
        assert requests.get(f"{url}/ui/config", timeout=TIMEOUT).status_code == 401
