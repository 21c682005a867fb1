"""For reference: a plain `wagtail start` site's home page beside its own bare view.

Issue #18 compares our pages rendered afresh with what Wagtail's own starter reaches on the same
machine. The starter is made here with the installed Wagtail (`wagtail start`, nothing fetched
and nothing of it committed), with its production settings, SQLite as it comes and one added
view like ours (`/bench/bare`), served as ours is (gunicorn with 2 workers, wrk with 2 threads
and 8 connections), its home page loaded just after its bare view, ROUNDS times.
"""

import os
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

from .bench_throughput import ROUNDS, SECONDS, WARM_UP
from .common import (
    BENCH_DIR,
    HOST,
    WRK_MISSING,
    Bench,
    Result,
    free_port,
    skipped,
    wait_until_up,
    wrk,
)

STARTER = BENCH_DIR / "starter"
NAME = "starter: plain `wagtail start` home page (reference)"

LOCAL_SETTINGS = """\
SECRET_KEY = "bench-only-not-secret-starter-0123456789abcdef0123456789"
ALLOWED_HOSTS = ["127.0.0.1"]
ROOT_URLCONF = "starter.bench_urls"
"""
BENCH_URLS = """\
from django.http import HttpResponse
from django.urls import path

from .urls import urlpatterns as starter_patterns

urlpatterns = [path("bench/bare", lambda request: HttpResponse("ok")), *starter_patterns]
"""


def _make_starter(env: dict[str, str]) -> None:
    shutil.rmtree(STARTER, ignore_errors=True)
    STARTER.mkdir(parents=True)
    wagtail = Path(sys.executable).with_name("wagtail")
    subprocess.run([str(wagtail), "start", "starter", str(STARTER)], check=True,
                   capture_output=True, env=env)  # fmt: skip
    (STARTER / "starter" / "settings" / "local.py").write_text(LOCAL_SETTINGS)
    (STARTER / "starter" / "bench_urls.py").write_text(BENCH_URLS)
    for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"]):
        subprocess.run([sys.executable, "manage.py", *command], check=True, cwd=STARTER,
                       capture_output=True, env=env)  # fmt: skip


def run(bench: Bench) -> list[Result]:
    if not shutil.which("wrk"):
        return [skipped(NAME, WRK_MISSING)]
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "PYTHONPATH")
    }
    env.update(DJANGO_SETTINGS_MODULE="starter.settings.production", PYTHONPATH=str(STARTER))
    try:
        _make_starter(env)
    except (subprocess.CalledProcessError, OSError) as exc:
        detail = getattr(exc, "stderr", b"") or b""
        return [skipped(NAME, f"the starter could not be made: {detail.decode()[-200:] or exc}")]
    port = free_port()
    log = (BENCH_DIR / f"gunicorn-starter-{port}.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "starter.wsgi:application",
         "--bind", f"{HOST}:{port}", "--workers", "2", "--timeout", "120",
         "--backlog", "2048", "--error-logfile", "-"],
        cwd=STARTER, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    base_url = f"http://{HOST}:{port}"
    try:
        wait_until_up(port, process)
        wrk(base_url + "/bench/bare", seconds=WARM_UP)
        wrk(base_url + "/", seconds=WARM_UP)
        pairs = []
        for _ in range(ROUNDS):
            bare = wrk(base_url + "/bench/bare", seconds=SECONDS)
            pairs.append((bare, wrk(base_url + "/", seconds=SECONDS)))
    finally:
        from tests.support.processes import process_stop

        process_stop(process)
        log.close()
    home = [page for _, page in pairs]
    bad = sum(run.non_2xx + run.errors for run in home)
    rates = [round(run.rps) for run in home]
    return [
        Result(
            NAME,
            round(statistics.median(run.rps for run in home)),
            "req/s",
            baseline=round(statistics.median(bare.rps for bare, _ in pairs)),
            ratio=round(statistics.median(page.rps / bare.rps for bare, page in pairs), 3),
            note=f"its own bare view as baseline; {len(rates)} runs {min(rates):,}-"
            f"{max(rates):,} req/s" + (f"; {bad} non-2xx or socket errors" if bad else ""),
        )
    ]
