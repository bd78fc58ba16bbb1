"""How many CPU cores this process may use: one answer for ``--threads``' check, the
backends' default thread count and the Ray pool's local workers."""

from __future__ import annotations

import os


def available_cpus() -> int:
    """The CPU cores this process may run on (its affinity mask where the OS has one, as
    a container or ``taskset`` sets it), at least 1."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)
