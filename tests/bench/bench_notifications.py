"""Fan-out: 10,000 class reminders through a real Celery worker to a local SMTP sink.

The baseline is the same worker, in the same run, running the same number of no-op tasks
(`cpa_site.ping`). Reported: emails per second, ratio to the baseline, duplicates (the same
Message-ID twice at the sink) and losses (reminders owed but never received).
"""

import datetime
import os
import re
import subprocess
import sys
import threading
import time
from collections import Counter

from tests.support.processes import process_stop

from .common import BENCH_DIR, HOST, ROOT, Bench, Result, free_port, skipped

EMAILS = int(os.environ.get("BENCH_FANOUT_EMAILS", "10000"))  # smaller only to try it out
CONCURRENCY = 2
MESSAGE_ID = re.compile(rb"^Message-ID:[ \t]*(<[^>\r\n]*>)", re.IGNORECASE | re.MULTILINE)
TIMEOUT = 900  # seconds: every wait below is bounded


class Sink:
    """aiosmtpd handler: remembers each message's Message-ID and recipients."""

    def __init__(self):
        self.lock = threading.Lock()
        self.message_ids: Counter = Counter()
        self.recipients: Counter = Counter()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        # The Message-ID is all it needs (found without parsing the message: the sink shares
        # the CPU with the worker it measures).
        found = MESSAGE_ID.search(envelope.content)
        with self.lock:
            self.message_ids[found.group(1) if found else b""] += 1
            for address in envelope.rcpt_tos:
                self.recipients[address] += 1
        return "250 OK"


def _worker(bench: Bench, extra_env: dict[str, str]) -> subprocess.Popen:
    log = (BENCH_DIR / "fanout-worker.log").open("w")
    command = [
        sys.executable, "-m", "celery", "-A", "cpa_site", "worker", "--loglevel=INFO",
        f"--concurrency={CONCURRENCY}", "-Q", "celery", "--purge",
        "--without-gossip", "--without-mingle", "--without-heartbeat",
    ]  # fmt: skip
    return subprocess.Popen(
        command, cwd=ROOT, env={**bench.env, **extra_env}, stdout=log, stderr=subprocess.STDOUT
    )


def baseline() -> float:
    """No-op tasks per second through the same broker and worker."""
    from celery.result import ResultSet

    from cpa_site.celery import app

    app.send_task("cpa_site.ping", queue="celery").get(timeout=120)  # the worker is up
    started = time.monotonic()
    results = ResultSet([app.send_task("cpa_site.ping", queue="celery") for _ in range(EMAILS)])
    results.join(timeout=TIMEOUT, propagate=False, interval=0.2)
    return EMAILS / (time.monotonic() - started)


def residents_with_a_class_tomorrow():
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from courses.models import CurriculumIndexPage
    from enrollment.models import Application, ClassSession, Cohort

    now, today = timezone.now(), timezone.localdate()
    cohort = Cohort.objects.create(
        curriculum=CurriculumIndexPage.objects.live().first(), name="Fan-out benchmark class",
        term="Benchmark", starts_on=today, ends_on=today + datetime.timedelta(weeks=8),
        place_name="Gymnasium", place_address="1 Main St", capacity=EMAILS,
        applications_open_at=now - datetime.timedelta(days=30),
        applications_close_at=now + datetime.timedelta(days=1),
        consent_text="I agree.", status=Cohort.Status.RUNNING,
    )  # fmt: skip
    starts = now + datetime.timedelta(hours=20)
    ClassSession.objects.create(
        cohort=cohort, starts_at=starts, ends_at=starts + datetime.timedelta(hours=3)
    )
    User = get_user_model()
    users = User.objects.bulk_create(
        User(username=f"fanout{i}@example.org", email=f"fanout{i}@example.org",
             first_name="Fan", last_name=str(i), password="!")
        for i in range(EMAILS)
    )  # fmt: skip
    Application.objects.bulk_create(
        Application(
            cohort=cohort, resident=user, status=Application.Status.ENROLLED,
            enrolled_at=now - datetime.timedelta(days=1), date_of_birth=datetime.date(1980, 1, 1),
            address="1 Main St", phone="816-555-0100", residency_basis="lives",
            emergency_contact_name="A", emergency_contact_phone="816-555-0101",
            motivation="Benchmark", consent_given_at=now,
        )
        for user in users
    )  # fmt: skip
    return {user.email for user in users}


def run(bench: Bench) -> list[Result]:
    import json

    from aiosmtpd.controller import Controller

    from .common import port_answers

    if not port_answers(6379):
        return [skipped("fan-out: class reminders to SMTP", "Redis does not answer on 6379")]
    sink = Sink()
    port = free_port()
    controller = Controller(sink, hostname=HOST, port=port)
    controller.start()
    env = {
        "BENCH_BROKER_URL": "redis://127.0.0.1:6379/5",  # a database of its own, purged first
        "EMAIL_HOST": HOST,
        "EMAIL_PORT": str(port),
    }
    worker = _worker(bench, env)
    try:
        _wait_ready()
        out = subprocess.run(
            [sys.executable, "-m", "tests.bench.fanout_producer"],
            cwd=ROOT, env={**bench.env, **env}, capture_output=True, text=True,
            timeout=2 * TIMEOUT, check=True,
        ).stdout  # fmt: skip
    finally:
        process_stop(worker, grace=30)
        controller.stop()
    data = json.loads(out.strip().splitlines()[-1])
    owed = set(data["owed"])
    received = {address for address in sink.recipients if address in owed}
    duplicates = sum(n - 1 for n in sink.message_ids.values() if n > 1)
    losses = len(owed - received)
    rate = len(received) / data["elapsed"]
    ratio = rate / data["baseline"]
    return [
        Result("fan-out: no-op tasks (baseline)", round(data["baseline"]), "tasks/s",
               target="baseline", note=f"{EMAILS:,} tasks, worker concurrency {CONCURRENCY}"),
        Result("fan-out: class reminders to SMTP", round(rate), "emails/s",
               baseline=round(data["baseline"]), ratio=round(ratio, 3),
               target=">= 0.5 x no-op baseline", passed=ratio >= 0.5,
               note=f"{data['queued']:,} queued, {len(received):,} received in "
               f"{data['elapsed']:.0f} s (Redis broker, SMTP sink)"),
        Result("fan-out: duplicates", duplicates, "emails", target="= 0", passed=duplicates == 0),
        Result("fan-out: losses", losses, "emails", target="= 0", passed=losses == 0),
    ]  # fmt: skip


def _wait_ready() -> None:
    """Until the worker logs that it is consuming (its --purge must not eat our messages)."""
    log = BENCH_DIR / "fanout-worker.log"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if log.exists() and " ready." in log.read_text():
            return
        time.sleep(0.2)
    raise RuntimeError("the fan-out worker did not start; see var/bench/fanout-worker.log")
