"""Start a real Celery worker process for tests that claim to test background work."""

import os
import subprocess
import sys
import threading
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection

from tests.support.processes import process_stop


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
def _celery_process(arguments: list[str], env: dict[str, str], *, ready_line: str = ""):
    """`celery -A cpa_site <arguments>` with the test settings, in a process group of its own
    (a test can kill it with its pool), its output kept in a list; stopped on the way out.
    With `ready_line`, waits until the process has printed it."""
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "cpa_site", *arguments],
        cwd=settings.BASE_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "cpa_site.settings.test", **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    lines: list[str] = []
    ready = threading.Event()

    def drain():
        # Keep reading so the pipe never fills; note when the process is ready.
        for line in process.stdout:
            lines.append(line)
            if ready_line and ready_line in line:
                ready.set()

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    try:
        if ready_line and not ready.wait(timeout=60):
            raise RuntimeError(f"celery {arguments[0]} did not start:\n" + "".join(lines[-30:]))
        yield process, lines
    finally:
        process_stop(process)
        reader.join(timeout=5)
        if os.environ.get("CELERY_TEST_VERBOSE"):
            print(" ".join(arguments[:1]), "".join(lines))


@contextmanager
def celery_worker(env: dict[str, str], queue: str, *, purge: bool = False):
    arguments = [
        "worker", "--loglevel=INFO", "--concurrency=1", "--pool=prefork", "-Q", queue,
        "--without-gossip", "--without-mingle", "--without-heartbeat",
        "-n", f"test-{queue}-{os.getpid()}@%h",
    ]  # fmt: skip
    if purge:
        arguments.append("--purge")
        # Kombu's filesystem transport keeps one file per message: clear what earlier tests left.
        options = settings.CELERY_BROKER_TRANSPORT_OPTIONS
        if settings.CELERY_BROKER_URL == "filesystem://" and not env.get("CPA_VAR_DIR"):
            for message in Path(options["data_folder_in"]).glob("*.msg"):
                message.unlink(missing_ok=True)
    with _celery_process(arguments, env, ready_line=" ready.") as (worker, _):
        yield worker


@contextmanager
def celery_beat(env: dict[str, str]):
    """A real `celery beat` process with the production scheduler (django-celery-beat's
    DatabaseScheduler), yielding its output lines. No pid file: as if on a machine of its own."""
    arguments = ["beat", "--loglevel=INFO", "--pidfile=", "--max-interval=1"]
    with _celery_process(arguments, env) as (_, lines):
        yield lines
