"""``kabar serve`` under load, on loopback only, bounded in requests and in time.

``python -m kabar.eval.measure.serve_load`` starts ``kabar serve`` as its own process on
the length-realistic random-weight model (``bench_model``: the real tokenizer and
architecture, sentences ending about where real ones do), then:

1. under 16 clients, the batched server and one that translates one request at a time
   (``--batch-requests 1``), both running, sent the same load in turns, round by round:
   the batched/one-at-a-time throughput ratio under the same machine load;
2. for each number of concurrent clients (1, 4, 16, 64), each client posts seed articles
   (2-3 KB, 13-23 sentences) to ``/translate`` until the level's request count or time is
   used up (a request in flight then is waited for): throughput (sentences/s),
   p50/p95/p99 latency, errors, requests per engine call, the engine's busy share;
3. the server's resident memory (VmRSS) at the start of a phase of short one-sentence
   requests (a toot, a UI string: the Mastodon and Weblate case) from 64 clients, and
   after 1,000 and 5,000 of them. Seed articles would take hours to reach 5,000 on two
   cores (~5 sentences/s); the short requests go through the same server, model, queue
   and batching, and the phase is bounded by ``--rss-seconds`` (a mark not reached is
   said).

Prints a Markdown table with the load average (the CPU may be shared).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
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
REQUEST_TIMEOUT = 660  # the server answers 503 after its --timeout 600


@dataclass(frozen=True)
class Level:
    clients: int
    requests: int
    errors: int
    sentences: int
    seconds: float
    latencies: tuple[float, ...]
    health: tuple[float, ...]  # /health latencies sampled while the level ran
    calls: int = 0  # engine calls during the level (from /health)
    served: int = 0  # requests those calls served
    busy: float = 0.0  # the engine's seconds in calls during the level

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


def engine_stats(url: str) -> tuple[int, int, float]:
    """The server's engine calls, requests served and busy seconds so far."""
    with urllib.request.urlopen(f"{url}/health", timeout=30) as reply:
        health = json.loads(reply.read())
    return int(health["calls"]), int(health["requests"]), float(health["busy_seconds"])


def run_level(
    url: str, clients: int, requests: int, seconds: float, texts: list[tuple[str, int]]
) -> Level:
    """``clients`` threads share ``requests`` posts, stopping at ``seconds``."""
    before = engine_stats(url)
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
            # A request in flight at the deadline is waited for (the server times out at
            # 600 s): under a loaded CPU a slow answer is a slow answer, not an error.
            ok = post(url, text, timeout=REQUEST_TIMEOUT)
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
    wall = time.monotonic() - began
    after = engine_stats(url)
    return Level(
        clients,
        len(latencies),
        counts["errors"],
        counts["sentences"],
        wall,
        tuple(latencies),
        tuple(health),
        after[0] - before[0],
        after[1] - before[1],
        after[2] - before[2],
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
        f"{1000 * max(level.health, default=float('nan')):.0f} | "
        f"{level.served / level.calls if level.calls else float('nan'):.1f} | "
        f"{100 * level.busy / level.seconds if level.seconds else float('nan'):.0f} |"
    )


SHORT = ("Harga beras naik di pasar.", 1)  # a one-sentence request: a toot, a UI string
DEFAULT_COMPARE = "batched=;one at a time=--batch-requests 1"


def variants(spec: str) -> list[tuple[str, list[str]]]:
    """``name=serve options;name=…`` -> [(name, options)]."""
    out = []
    for part in spec.split(";"):
        name, _, options = part.partition("=")
        out.append((name.strip(), options.split()))
    return out


def side_by_side(
    model: Path,
    compare: list[tuple[str, list[str]]],
    args: argparse.Namespace,
    texts: list[tuple[str, int]],
) -> list[str]:
    """Every variant's server running at once (idle ones cost no CPU), 16 clients sent to
    each in turn, ``--rounds`` times: the variants see the same machine load, round by
    round, instead of one after the other. Each round's rows carry the load average."""
    servers = []
    lines: list[str] = []
    try:
        for _name, options in compare:
            servers.append(Server(model, free_port(), *options, *args.engine))
            post(servers[-1].url, texts[0][0], timeout=600)  # warm-up
        # Seed articles, and one-sentence requests (a toot) with --short-requests.
        kinds = [("", texts, args.ratio_requests), (", short", [SHORT], args.short_requests)]
        for kind, sent, count in [k for k in kinds if k[2] > 0]:
            totals = {name: [0, 0.0] for name, _ in compare}
            for number in range(args.rounds):
                for (name, _), server in zip(compare, servers, strict=True):
                    level = run_level(server.url, 16, count, args.seconds, sent)
                    totals[name][0] += level.sentences
                    totals[name][1] += level.seconds
                    load = os.getloadavg()[0]
                    title = f"{name}{kind}, round {number + 1} (load {load:.1f})"
                    lines.append(row(title, level))
                    print(lines[-1], flush=True)
            lines += ratios(compare[-1][0], totals, kind)
    finally:
        for server in servers:
            server.stop()
    return lines


def ratios(base: str, totals: dict[str, list[float]], kind: str) -> list[str]:
    """Each variant's throughput over all rounds against the base's."""
    lines = []
    rates = {
        name: sentences / seconds if seconds else 0.0
        for name, (sentences, seconds) in totals.items()
    }
    for name, rate in rates.items():
        if name != base:
            ratio = rate / rates[base] if rates[base] else float("nan")
            lines.append(
                f"\n{name} / {base} throughput under 16 clients{kind}, all rounds: "
                f"{rate:.2f} / {rates[base]:.2f} sentences/s = **{ratio:.2f}**"
            )
            print(lines[-1], flush=True)
    return lines


def memory_phase(server: Server, args: argparse.Namespace) -> list[str]:
    """The server's RSS at the start of the phase and after each count of short requests
    (64 clients), bounded by ``--rss-seconds`` in all."""
    pid = server.process.pid
    out = [f"RSS after the levels, before the short requests: {rss_mb(pid):.0f} MB"]
    print(out[-1], flush=True)
    done = 0
    deadline = time.monotonic() + args.rss_seconds
    for target in [int(n) for n in args.rss_requests.split(",") if n]:
        left = deadline - time.monotonic()
        if left <= 0 or done >= target:
            break
        level = run_level(server.url, 64, target - done, left, [SHORT])
        done += level.requests
        reached = "" if done >= target else f" (the {target:,} mark was not reached: time)"
        out.append(
            f"RSS after {done:,} short requests: {rss_mb(pid):.0f} MB{reached} "
            f"({level.errors} errors, {level.requests / level.seconds:.1f} requests/s, "
            f"p99 {level.percentile(99):.2f} s)"
        )
        print(out[-1], flush=True)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", type=Path, default=None, help="default: length-realistic")
    parser.add_argument("--clients", default="1,4,16,64", help="levels ('' for none)")
    parser.add_argument(
        "--requests", type=int, default=64, help="per level (at most; at least one per client)"
    )
    parser.add_argument("--seconds", type=float, default=120, help="per level (at most)")
    parser.add_argument(
        "--compare",
        default=DEFAULT_COMPARE,
        help="servers compared under 16 clients, the last the base: 'name=serve options;…' "
        f"('' for none; default {DEFAULT_COMPARE!r})",
    )
    parser.add_argument("--rounds", type=int, default=2, help="of the comparison")
    parser.add_argument(
        "--ratio-requests",
        type=int,
        default=16,
        help="seed articles per round and server (0: none)",
    )
    parser.add_argument(
        "--short-requests",
        type=int,
        default=0,
        help="also compare one-sentence requests, this many per round and server",
    )
    parser.add_argument("--rss-requests", default="1000,5000", help="short requests ('' for none)")
    parser.add_argument("--rss-seconds", type=float, default=600, help="the whole memory phase")
    parser.add_argument("--engine", nargs=argparse.REMAINDER, default=[],
                        help="extra `kabar serve` engine options, e.g. --beam 1")  # fmt: skip
    args = parser.parse_args()
    # `timeout N python -m …` ends the run with SIGTERM: as an exit, so the servers it
    # started are stopped (the rows so far are printed as they come).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    if args.model is None:
        from kabar.eval.measure.bench_model import length_realistic_model_dir

        args.model = length_realistic_model_dir()
    texts = articles()
    print(f"load average at start: {os.getloadavg()}", flush=True)
    header = ("| server | clients | requests | errors | sentences/s | p50 s | p95 s | p99 s | "
              "wall s | /health max ms | requests per call | engine busy % |\n"
              "|---|---|---|---|---|---|---|---|---|---|---|---|")  # fmt: skip
    lines = [header]
    memory: list[str] = []
    # The comparison first: it is the figure the batching is judged by, and a run cut
    # short by its time limit should still have it.
    if args.compare:
        lines += side_by_side(args.model, variants(args.compare), args, texts)
    server = Server(args.model, free_port(), *args.engine)
    try:
        post(server.url, texts[0][0], timeout=600)  # warm-up (first batch, allocations)
        for clients in [int(c) for c in args.clients.split(",") if c]:
            # Every client sends at least one request, so 64 clients are 64 at once.
            count = max(args.requests, clients)
            lines.append(row("batched", run_level(server.url, clients, count, args.seconds, texts)))
            print(lines[-1], flush=True)
        if args.rss_requests:
            memory = memory_phase(server, args)
    finally:
        server.stop()
    print("\n".join(["", *lines, "", *memory, f"load average at end: {os.getloadavg()}"]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
