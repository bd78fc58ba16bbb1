"""What a Ray pool needs before it starts: Ray itself (imported only when a pool is made,
bound to the loopback when this process starts it), the pool's options, and the plan
that cuts a call's texts into work units (``kabar.translate.distributed.ray_pool``)."""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from kabar.core.bounds import bounded, check_bounds, finite_number
from kabar.core.cpus import available_cpus
from kabar.core.errors import KabarError, OptionsError

INSTALL_HINT = "pip install 'kabar[ray]' (in a clone: pip install -e '.[ray]')"
# Ray binds a node to the address it would reach other machines from, even when asked for
# 127.0.0.1; with its single-machine switch off it stays on the loopback (read at import).
_LOOPBACK_ENV = "RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER"


class RayUnavailableError(OptionsError):
    """Ray is not installed: ``--ray`` cannot be used (a usage error, exit 2)."""


class ClusterError(KabarError):
    """The Ray cluster cannot be reached, or no worker could start or stay up."""


def import_ray(*, loopback: bool = False) -> Any:
    """The ``ray`` module, or RayUnavailableError saying how to install it.

    loopback: a Ray started by this process listens on 127.0.0.1 only, and so do the
    processes it starts (they inherit the environment).
    """
    if loopback:
        os.environ[_LOOPBACK_ENV] = "0"
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")  # no calls home
    try:
        import ray
    except ImportError:
        raise RayUnavailableError(
            f"--ray needs Ray, which is not installed: {INSTALL_HINT}"
        ) from None
    if loopback:  # imported before this call: the switch was read already
        ray._private.ray_constants.ENABLE_RAY_CLUSTER = False
    return ray


@dataclass(frozen=True, kw_only=True)
class RayPoolOptions:
    """Where and how the pool runs.

    address: None starts a new Ray on this machine only (``127.0.0.1``), stopped with the
        pool; ``auto`` joins the cluster this machine belongs to (``ray start``); else
        ``HOST:PORT`` of a cluster's head. When this process is already connected to Ray
        (a test, a notebook), that connection is used and left open.
    workers: actors to start; None: as many as the cluster's CPUs allow.
    threads: CPU threads of each actor's translator, and the CPUs it asks Ray for.
    in_flight: units queued per actor: one decoding, the next already there.
    min_unit_chars, max_unit_chars: bounds of a work unit (whole articles, so a longer
        article is a unit alone); the size between them falls as the call's work runs out.
    max_attempts: times a unit is sent to an actor that then dies, before it is given up.
    start_timeout: seconds to wait for the first actor to load its model (and, in a call,
        for any actor to be up) before giving up with ClusterError.
    join_timeout: once one actor is up, seconds to wait for the others before starting
        without them (they join when they are up).
    """

    address: str | None = None
    workers: int | None = bounded(None, at_least=1, whole=True)
    threads: int = bounded(1, at_least=1)
    in_flight: int = bounded(2, at_least=1)
    min_unit_chars: int = bounded(2_000, at_least=1)
    max_unit_chars: int = bounded(40_000, at_least=1)
    max_attempts: int = bounded(3, at_least=1)
    max_restarts: int = bounded(10, at_least=0)
    start_timeout: float = bounded(600.0, above=0)
    join_timeout: float = bounded(120.0, at_least=0)

    def __post_init__(self) -> None:
        check_bounds(
            self,
            what="Ray pool option(s)",
            also={
                "min_unit_chars": (
                    # Compared only when both are numbers; else their bounds say so.
                    not (finite_number(self.min_unit_chars) and finite_number(self.max_unit_chars))
                    or self.min_unit_chars <= self.max_unit_chars,
                    f"min_unit_chars ({self.min_unit_chars}) must be <= max_unit_chars "
                    f"({self.max_unit_chars})",
                )
            },
        )


def plan_units(
    sizes: Sequence[int], *, workers: int, min_chars: int, max_chars: int
) -> list[range]:
    """Consecutive index ranges covering ``sizes`` (characters per text), each at least
    one text. A unit takes texts until it holds what is left divided by twice the
    workers (within the bounds): large units first, smaller ones as the work runs out."""
    units: list[range] = []
    left = sum(sizes)
    start = 0
    while start < len(sizes):
        target = min(max_chars, max(min_chars, left // (2 * max(1, workers))))
        end, held = start, 0
        while end < len(sizes) and (end == start or held + sizes[end] <= target):
            held += sizes[end]
            end += 1
        units.append(range(start, end))
        left -= held
        start = end
    return units


def connect(ray: Any, options: RayPoolOptions) -> str:
    """Start or join the Ray that ``options.address`` names (see ``RayPoolOptions``); its
    address. ClusterError when it cannot be reached, OptionsError for a malformed one."""
    address = options.address
    quiet: dict[str, Any] = {"log_to_driver": False, "logging_level": logging.ERROR}
    try:
        if address is None:
            workers, threads = options.workers, options.threads
            cpus = max(available_cpus(), (workers or 1) * threads)
            context = ray.init(
                address="local",
                num_cpus=cpus,
                include_dashboard=False,
                # Units and translations are small; Ray's default takes 30% of RAM.
                object_store_memory=256 * 2**20,
                **quiet,
            )
        else:
            context = ray.init(address=address, **quiet)
    except ConnectionError as error:
        raise ClusterError(
            f"cannot reach a Ray cluster at {address}: {str(error).rstrip('.')}. "
            "Start one with "
            "`ray start --head` (then --ray auto on that machine, or --ray HEAD:6379 "
            "elsewhere), or give --ray without an address for a Ray on this machine only."
        ) from None
    except ValueError as error:
        raise OptionsError(f"--ray {address}: {error}") from None
    return str(context.address_info.get("gcs_address") or address or "local")
