"""`make run`'s process manager, run for real: web, worker and beat on the test database."""

import contextlib
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.request

import pytest
from django.conf import settings

from tests.bench.common import free_port
from tests.support.workers import worker_database_url


def wait_for(condition, *, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"not true within {timeout} s")
        time.sleep(0.2)


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - 127.0.0.1 only
            return response.status == 200
    except OSError:
        return False


@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_dead_worker_is_started_again_and_ctrl_c_stops_everything_warmly_within_seconds():
    port = free_port()
    platform = subprocess.Popen(
        [sys.executable, "-m", "cpa_site.local_platform", "--port", str(port)],
        cwd=settings.BASE_DIR,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "cpa_site.settings.test",
            "DATABASE_URL": worker_database_url(),
        },
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(platform.stdout), daemon=True)
    reader.start()
    text = lambda: "".join(lines)  # noqa: E731
    try:
        wait_for(lambda: answers(f"http://127.0.0.1:{port}/healthz"), timeout=60)
        wait_for(lambda: " ready." in text(), timeout=60)
        worker_pid = int(text().split("worker | started (pid ")[1].split(")")[0])

        os.killpg(worker_pid, signal.SIGKILL)  # as if the worker crashed
        wait_for(lambda: "worker | died" in text(), timeout=10)
        wait_for(lambda: text().count("worker | started (pid") == 2, timeout=10)
        wait_for(lambda: text().count(" ready.") >= 2, timeout=60)

        stop_asked = time.monotonic()
        os.killpg(platform.pid, signal.SIGINT)  # Ctrl-C in the terminal
        platform.wait(timeout=30)
        took = time.monotonic() - stop_asked
    finally:
        if platform.poll() is None:
            os.killpg(platform.pid, signal.SIGKILL)
            platform.wait()
        # Each process the manager started leads a group of its own: one left running (a
        # worker on this database's broker) would take the next tests' tasks.
        for started in re.findall(r"\| started \(pid (\d+)\)", text()):
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(int(started), signal.SIGKILL)
    reader.join(timeout=5)
    assert took < 15, f"stopping took {took:.1f} s:\n" + text()[-3000:]
    assert "forcing it" not in text(), text()[-3000:]
    assert "worker: Warm shutdown" in text(), text()[-3000:]
    assert "all    | stopped" in text()
    assert not answers(f"http://127.0.0.1:{port}/healthz")


def test_links_in_emails_follow_the_port_make_run_serves_on(monkeypatch):
    from cpa_site.local_platform import Platform

    monkeypatch.delenv("SITE_BASE_URL", raising=False)
    platform = Platform(8811)
    assert platform.env["SITE_BASE_URL"] == "http://127.0.0.1:8811"
    assert "127.0.0.1:8811" in platform.commands["web"]
    monkeypatch.setenv("SITE_BASE_URL", "https://academy.example.org")
    assert Platform(8811).env["SITE_BASE_URL"] == "https://academy.example.org"
