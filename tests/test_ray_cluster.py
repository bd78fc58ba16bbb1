"""A node of a 2-node Ray cluster disappears mid-run: the job completes on the other node
with the local run's outputs. Both nodes are on this machine (``ray.cluster_utils``, on
127.0.0.1); skipped without Ray."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kabar.translate.distributed.ray_pool import RayPoolOptions, RayTranslatorPool
from kabar.translate.distributed.recipe import TranslatorRecipe
from tests.folder_helpers import outputs, recorded, report_of
from tests.ray_helpers import comparable, run_job, write_corpus

ARTICLES = 12
NODE = {"num_cpus": 1, "object_store_memory": 128 * 2**20}


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    pytest.importorskip("ray")
    from kabar.translate.distributed.ray_pool import import_ray

    ray = import_ray(loopback=True)
    from ray.cluster_utils import Cluster

    nodes = Cluster(initialize_head=True, head_node_args={**NODE, "include_dashboard": False})
    nodes.add_node(**NODE)
    nodes.wait_for_nodes()
    ray.init(address=nodes.address, log_to_driver=False, logging_level=logging.ERROR)
    yield nodes
    ray.shutdown()
    nodes.shutdown()


def test_a_lost_node_leaves_the_job_to_the_other(
    cluster: Any, tiny_model_dir: Path, tmp_path: Path
) -> None:
    recipe = TranslatorRecipe.resolve(str(tiny_model_dir), backend="ctranslate2", threads=1)
    src = tmp_path / "in"
    write_corpus(src, ARTICLES)
    run_job(src, tmp_path / "local", recipe)
    (worker_node,) = cluster.worker_nodes
    lost: list[str] = []
    options = RayPoolOptions(workers=2, min_unit_chars=500)
    with RayTranslatorPool(recipe, options=options) as pool:
        nodes = {w["node"] for w in pool.run_report()["workers"]}
        assert nodes == {cluster.head_node.node_id, worker_node.node_id}  # one actor each

        def remove_node(done: int, total: int) -> None:
            if done and not lost:  # the first unit is back: both nodes hold work
                lost.append(worker_node.node_id)
                cluster.remove_node(worker_node, allow_graceful=False)

        report = run_job(src, tmp_path / "ray", lambda: pool, progress=remove_node)
    assert lost and report.exit_code == 1  # the undecodable file, as locally
    assert outputs(tmp_path / "ray") == outputs(tmp_path / "local")
    assert comparable(report_of(tmp_path / "ray")) == comparable(report_of(tmp_path / "local"))
    done = recorded(tmp_path / "ray")
    assert sorted(done) == sorted(set(done)) and len(done) == ARTICLES + 2
    distributed = report_of(tmp_path / "ray")["distributed"]
    gone = [w for w in distributed["workers"] if w["node"] == lost[0]]
    stayed = [w for w in distributed["workers"] if w["node"] != lost[0]]
    assert gone[0]["lost_units"] >= 1 and distributed["retries"] >= 1
    assert stayed[0]["units"] > gone[0]["units"]
