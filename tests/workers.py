"""Start a real Celery worker process for tests that claim to test background work."""

import os
import subprocess
import sys
import threading
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection


def worker_database_url() -> str:
    """The URL of the database the tests are using right now (pytest-django's test database)."""
    db = connection.settings_dict
    if db["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{db['NAME']}"
    user = db.get("USER") or ""
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    auth = f"{user}{password}@" if user else ""
    return f"postgres://{auth}{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"


@contextmanager
def celery_worker(env: dict[str, str], queue: str, *, purge: bool = False):
    command = [
        sys.executable, "-m", "celery", "-A", "cpa_site", "worker",
        "--loglevel=INFO", "--concurrency=1", "--pool=prefork", "-Q", queue,
        "--without-gossip", "--without-mingle", "--without-heartbeat",
        "-n", f"test-{queue}-{os.getpid()}@%h",
    ]  # fmt: skip
    if purge:
        command.append("--purge")
        # Kombu's filesystem transport keeps one file per message: clear what earlier tests left.
        options = settings.CELERY_BROKER_TRANSPORT_OPTIONS
        if settings.CELERY_BROKER_URL == "filesystem://" and not env.get("CPA_VAR_DIR"):
            for message in Path(options["data_folder_in"]).glob("*.msg"):
                message.unlink(missing_ok=True)
    worker = subprocess.Popen(
        command,
        cwd=settings.BASE_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "cpa_site.settings.test", **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # its own process group: a test can kill the pool with it
    )
    lines: list[str] = []
    ready = threading.Event()

    def drain():
        # Keep reading so the pipe never fills; note when the worker starts consuming.
        for line in worker.stdout:
            lines.append(line)
            if " ready." in line:
                ready.set()

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    try:
        if not ready.wait(timeout=60):
            raise RuntimeError("the Celery worker did not start:\n" + "".join(lines[-30:]))
        yield worker
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
        reader.join(timeout=5)
        if os.environ.get("CELERY_TEST_VERBOSE"):
            print("".join(lines))


@contextmanager
def celery_beat(env: dict[str, str], name: str):
    """A real `celery beat` process with the production scheduler (django-celery-beat's
    DatabaseScheduler). No pid file: as if it ran on a machine of its own."""
    command = [
        sys.executable, "-m", "celery", "-A", "cpa_site", "beat", "--loglevel=INFO",
        "--pidfile=", "--max-interval=1",
    ]  # fmt: skip
    beat = subprocess.Popen(
        command,
        cwd=settings.BASE_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "cpa_site.settings.test", **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(beat.stdout), daemon=True)
    reader.start()
    try:
        yield lines
    finally:
        beat.terminate()
        try:
            beat.wait(timeout=20)
        except subprocess.TimeoutExpired:
            beat.kill()
            beat.wait()
        reader.join(timeout=5)
        if os.environ.get("CELERY_TEST_VERBOSE"):
            print(name, "".join(lines))
