"""A real worker process consumes from a real broker: Redis in CI, the filesystem broker locally."""

import os
import uuid
from pathlib import Path

import pytest
from celery import Celery

from cpa_site.celery import app as project_app
from tests.support.workers import celery_worker

pytestmark = pytest.mark.worker


@pytest.mark.redis
def test_a_task_makes_a_round_trip_through_a_real_worker_on_redis(redis_url):
    assert project_app.conf.broker_url.startswith("redis://")
    queue = f"test-{uuid.uuid4().hex[:8]}"
    with celery_worker({"REDIS_URL": redis_url}, queue) as worker:
        result = project_app.send_task("cpa_site.ping", args=["over redis"], queue=queue)
        assert result.get(timeout=60) == "over redis"
        assert worker.poll() is None


def test_a_task_makes_a_round_trip_through_the_embedded_filesystem_broker(tmp_path: Path):
    """`make run` needs no Redis: a real worker still runs tasks, never the web process."""
    # The folders the test settings derive from CPA_VAR_DIR and this run for the worker.
    run = tmp_path / "test-celery" / os.environ["CPA_TEST_RUN"]
    broker_dir = run / "broker"
    results_dir = run / "results"
    for folder in (broker_dir, results_dir, run / "processed"):
        folder.mkdir(parents=True)
    producer = Celery("producer")
    producer.conf.update(
        broker_url="filesystem://",
        broker_transport_options={
            "data_folder_in": str(broker_dir),
            "data_folder_out": str(broker_dir),
            "control_folder": str(run / "control"),
        },
        result_backend=f"file://{results_dir}",
    )
    queue = f"test-{uuid.uuid4().hex[:8]}"
    env = {"REDIS_URL": "", "CPA_VAR_DIR": str(tmp_path)}
    with celery_worker(env, queue) as worker:
        result = producer.send_task("cpa_site.ping", args=["over files"], queue=queue)
        assert result.get(timeout=60) == "over files"
        assert worker.poll() is None
