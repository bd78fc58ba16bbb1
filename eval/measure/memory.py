"""Peak memory of the running process, for the benchmarks."""

from __future__ import annotations

import resource
from pathlib import Path


def peak_rss_mb() -> float:
    """This process's peak resident memory in MB: the high-water mark of its own address
    space (``VmHWM``). ``ru_maxrss`` only where /proc lacks it: Linux carries a parent's
    peak into a child across fork and exec, so every engine that ``bench_engines`` ran in a
    child reported its parent's 809 MB."""
    status = Path("/proc/self/status")
    if status.is_file():  # Linux
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024  # kB
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
