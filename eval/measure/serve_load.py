"""``kabar serve`` under load, on loopback only, bounded in requests and in time.

``python -m kabar.eval.measure.serve_load`` starts ``kabar serve`` as its own process on
the length-realistic random-weight model (``bench_model``: the real tokenizer and
architecture, sentences ending about where real ones do), then:

1. for each number of concurrent clients (1, 4, 16, 64), each client posts seed articles
   to ``/translate`` until the level's request count or time is used up: throughput
   (sentences/s), p50/p95/p99 latency, errors;
2. under 16 clients, the same with a server that translates one request at a time
   (``--batch-requests 1``): the batched/one-at-a-time throughput ratio;
3. the server's resident memory (VmRSS) after 1,000 and 5,000 short requests.

Prints a Markdown table with the load average (the CPU may be shared).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from kabar.core.splitter import segment

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
HOST = "127.0.0.1"  # loopback only


@dataclass(frozen=True)
class Level:
    clients: int
    requests: int
    errors: int
    sentences: int
    seconds: float
    latencies: tuple[float, ...]
    health: tuple[float, ...]  # /health latencies sampled while the level ran

    @property
    def throughput(self) -> float:
        return self.sentences / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def articles() -> list[tuple[str, int]]:
    """The seed articles and their sentence counts."""
    out = []
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        out.append((text, sum(len(p.sentences) for p in segment(text))))
    return out


def post(url: str, text: str, timeout: float) -> bool:
    body = json.dumps({"q": text, "source": "id", "target": "en"}).encode()
    request = urllib.request.Request(
        f"{url}/translate", data=body, headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as reply:
            return bool(reply.status == 200 and json.loads(reply.read())["translatedText"])
    except (urllib.error.URLError, TimeoutError, OSError, ValueError):
        return False


def run_level(
    url: str, clients: int, requests: int, seconds: float, texts: list[tuple[str, int]]
) -> Level:
    """``clients`` threads share ``requests`` posts, stopping at ``seconds``."""
    lock = threading.Lock()
    issued = [0]
    latencies: list[float] = []
    counts = {"errors": 0, "sentences": 0}
    deadline = time.monotonic() + seconds

    def client(number: int) -> None:
        while time.monotonic() < deadline:
            with lock:
                if issued[0] >= requests:
                    return
                index = issued[0]
                issued[0] += 1
            text, sentences = texts[(index + number) % len(texts)]
            began = time.monotonic()
            ok = post(url, text, timeout=max(1.0, deadline - began + 30))
            with lock:
                latencies.append(time.monotonic() - began)
                counts["errors" if not ok else "sentences"] += 1 if not ok else sentences

    health: list[float] = []
    running = threading.Event()
    running.set()

    def probe() -> None:
        while running.is_set():
            began = time.monotonic()
            try:
                with urllib.request.urlopen(f"{url}/health", timeout=10) as reply:
                    reply.read()
                health.append(time.monotonic() - began)
            except OSError:
                health.append(float("inf"))
            time.sleep(0.25)

    began = time.monotonic()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    prober = threading.Thread(target=probe)
    prober.start()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    running.clear()
    prober.join()
    return Level(
        clients,
        len(latencies),
        counts["errors"],
        counts["sentences"],
        time.monotonic() - began,
        tuple(latencies),
        tuple(health),
    )


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


class Server:
    """``kabar serve`` in its own process on a free loopback port."""

    def __init__(self, model: Path, port: int, *extra: str) -> None:
        self.url = f"http://{HOST}:{port}"
        argv = [sys.executable, "-m", "kabar", "serve", "--model", str(model), "--host", HOST,
                "--port", str(port), "--no-ui", "--brief", "none",
                "--requests-per-minute", "0", "--chars-per-minute", "0", "--queue-size", "256",
                "--timeout", "600", *extra]  # fmt: skip
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 (the server's life, closed in stop)
        self.process = subprocess.Popen(argv, stderr=self.log)
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.url}/health", timeout=2):
                    return
            except OSError:
                if self.process.poll() is not None:
                    self.log.seek(0)
                    said = self.log.read().decode(errors="replace")[-2000:]
                    raise RuntimeError(f"kabar serve exited at start:\n{said}") from None
                time.sleep(0.5)
        self.stop()
        raise RuntimeError("kabar serve did not start in 10 minutes")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=30)
        self.log.close()


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def row(name: str, level: Level) -> str:
    return (
        f"| {name} | {level.clients} | {level.requests} | {level.errors} | "
        f"{level.throughput:.2f} | {level.percentile(50):.2f} | {level.percentile(95):.2f} | "
        f"{level.percentile(99):.2f} | {level.seconds:.1f} | "
        f"{1000 * max(level.health, default=float('nan')):.0f} |"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", type=Path, default=None, help="default: length-realistic")
    parser.add_argument("--clients", default="1,4,16,64")
    parser.add_argument(
        "--requests", type=int, default=64, help="per level (at most; at least one per client)"
    )
    parser.add_argument("--seconds", type=float, default=120, help="per level (at most)")
    parser.add_argument("--rss-requests", default="1000,5000")
    parser.add_argument("--rss-seconds", type=float, default=600)
    parser.add_argument("--engine", nargs=argparse.REMAINDER, default=[],
                        help="extra `kabar serve` engine options, e.g. --beam 1")  # fmt: skip
    args = parser.parse_args()
    if args.model is None:
        from kabar.eval.measure.bench_model import length_realistic_model_dir

        args.model = length_realistic_model_dir()
    texts = articles()
    print(f"load average at start: {os.getloadavg()}", flush=True)
    header = ("| server | clients | requests | errors | sentences/s | p50 s | p95 s | p99 s | "
              "wall s | /health max ms |\n|---|---|---|---|---|---|---|---|---|---|")  # fmt: skip
    lines = [header]
    server = Server(args.model, free_port(), *args.engine)
    levels = {}
    try:
        post(server.url, texts[0][0], timeout=600)  # warm-up (first batch, allocations)
        for clients in [int(c) for c in args.clients.split(",")]:
            # Every client sends at least one request, so 64 clients are 64 at once.
            count = max(args.requests, clients)
            level = run_level(server.url, clients, count, args.seconds, texts)
            levels[clients] = level
            lines.append(row("batched", level))
            print(lines[-1], flush=True)
        rss = [f"RSS after warm-up and the levels: {rss_mb(server.process.pid):.0f} MB"]
        short = [("Polisi menangkap dua orang di Jakarta pada hari Senin.", 1)]
        done = 0
        for target in [int(n) for n in args.rss_requests.split(",") if n]:
            level = run_level(server.url, 16, target - done, args.rss_seconds, short)
            done += level.requests
            rss.append(
                f"RSS after {done} short requests ({level.errors} errors in the last "
                f"{level.requests}, {level.throughput:.1f} sentences/s): "
                f"{rss_mb(server.process.pid):.0f} MB"
            )
            print(rss[-1], flush=True)
    finally:
        server.stop()
    if 16 in levels:
        single = Server(args.model, free_port(), "--batch-requests", "1", *args.engine)
        try:
            post(single.url, texts[0][0], timeout=600)
            level = run_level(single.url, 16, args.requests, args.seconds, texts)
        finally:
            single.stop()
        lines.append(row("one at a time", level))
        print(lines[-1], flush=True)
        ratio = levels[16].throughput / level.throughput if level.throughput else float("nan")
        lines.append(f"\nbatched / one-at-a-time throughput under 16 clients: {ratio:.2f}")
    print("\n".join(["", *lines, *rss, f"load average at end: {os.getloadavg()}"]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
