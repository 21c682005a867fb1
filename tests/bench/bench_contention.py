"""200 residents apply at the same moment, over HTTP, for a 25-seat first-come class.

Each resident is signed in and has fetched the form (and its CSRF token) first; then all 200
POSTs are released together. Exactly 25 must get a seat and 175 the waitlist, in the order the
seats were decided, with no server error. PostgreSQL only (row locks are what is measured).
"""

import datetime
import os
import re
import resource
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlencode

from .common import Bench, Result, cpu_seconds, percentile, request, session_cookie, skipped

APPLICANTS = 200
SEATS = 25
P50_MAX_MS, P99_MAX_MS = 750, 1500


def _latency(name: str, seconds: float, most_ms: int) -> Result:
    figure = round(seconds * 1000)
    return Result(name, figure, "ms", target=f"<= {most_ms:,} ms", passed=figure <= most_ms)


TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CSRF_COOKIE = re.compile(r"csrftoken=([^;]+)")


def _form() -> dict[str, str]:
    """The answers the tests use, as the application form posts them."""
    from tests.support.factories import application_answers

    return {**{name: str(value) for name, value in application_answers().items()}, "consent": "on"}


def _cohort_and_residents():
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from courses.models import CurriculumIndexPage
    from enrollment.models import Cohort

    now, today = timezone.now(), timezone.localdate()
    cohort = Cohort.objects.create(
        curriculum=CurriculumIndexPage.objects.live().first(),
        name="Contention benchmark class",
        term="Autumn 2027",
        starts_on=today + datetime.timedelta(weeks=8),
        ends_on=today + datetime.timedelta(weeks=15),
        place_name="Regional Police Academy, classroom B",
        place_address="100 Academy Way\nKansas City, MO",
        capacity=SEATS,
        applications_open_at=now - datetime.timedelta(hours=1),
        applications_close_at=now + datetime.timedelta(weeks=4),
        admission_mode=Cohort.AdmissionMode.FIRST_COME,
        consent_text="I agree to a background check.",
        status=Cohort.Status.OPEN,
    )
    User = get_user_model()
    unusable = make_password(None)
    User.objects.bulk_create(
        User(username=f"applicant{i}@bench.example.org", email=f"applicant{i}@bench.example.org",
             first_name="Applicant", last_name=str(i), password=unusable)
        for i in range(APPLICANTS)
    )  # fmt: skip
    residents = User.objects.filter(username__endswith="@bench.example.org").order_by("pk")
    return cohort, [session_cookie(user) for user in residents]


def _fetch_form(port: int, path: str, cookie: str) -> tuple[str, str]:
    """The Cookie header to post with (session and CSRF cookie) and the form's CSRF token."""
    status, headers, body = request(port, "GET", path, headers={"Cookie": cookie})
    token = TOKEN.search(body)
    csrf = CSRF_COOKIE.search(headers.get("Set-Cookie", ""))
    if status != 200 or not token or not csrf:
        raise RuntimeError(f"the application form answered {status} without a CSRF token")
    return cookie + f"; csrftoken={csrf.group(1)}", token.group(1)


def _fire(port: int, path: str, prepared: list) -> list[tuple[int, float]]:
    """Release every POST at once; each thread records (status, seconds)."""
    start = threading.Barrier(len(prepared), timeout=60)
    results: list[tuple[int, float]] = [(0, 0.0)] * len(prepared)

    def post(i: int, cookie: str, token: str) -> None:
        body = urlencode({**_form(), "csrfmiddlewaretoken": token})
        headers = {"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"}
        start.wait()
        began = time.perf_counter()
        try:
            status = request(port, "POST", path, body=body, headers=headers, timeout=120)[0]
        except OSError:
            status = 0  # no answer: counted apart from the HTTP statuses
        results[i] = (status, time.perf_counter() - began)

    threads = [
        threading.Thread(target=post, args=(i, cookie, token), daemon=True)
        for i, (cookie, token) in enumerate(prepared)
    ]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 180
    for thread in threads:
        thread.join(timeout=max(0.1, deadline - time.monotonic()))
    return results


def _outcome(cohort) -> tuple[int, int, bool]:
    """Enrolled, waitlisted, and whether seats then waitlist follow the order of arrival."""
    from enrollment.models import Application

    applications = list(Application.objects.filter(cohort=cohort).order_by("pk"))
    enrolled = [a for a in applications if a.status == Application.Status.ENROLLED]
    waitlisted = [a for a in applications if a.status == Application.Status.WAITLISTED]
    waitlist = list(
        Application.objects.filter(cohort=cohort).waitlist().values_list("pk", flat=True)
    )
    arrival = [a.pk for a in sorted(applications, key=lambda a: (a.submitted_at, a.pk))]
    in_order = (
        arrival == [a.pk for a in applications]
        and waitlist == [a.pk for a in waitlisted]
        and (
            not enrolled or not waitlisted or enrolled[-1].submitted_at < waitlisted[0].submitted_at
        )
    )
    return len(enrolled), len(waitlisted), in_order


def run(bench: Bench) -> list[Result]:
    name = f"contention: {APPLICANTS} applicants, {SEATS} seats"
    if bench.database != "postgresql":
        return [skipped(name, bench.skip_reasons.get("contention", "needs PostgreSQL"))]
    cohort, cookies = _cohort_and_residents()
    path = f"/classes/{cohort.pk}/apply/"
    from cpa_site import gunicorn_conf

    workers = gunicorn_conf.workers  # as production starts it: one per core unless told
    with bench.server() as base_url:
        port = int(base_url.rsplit(":", 1)[1])
        with ThreadPoolExecutor(max_workers=8) as pool:
            prepared = list(pool.map(lambda c: _fetch_form(port, path, c), cookies))
        server_before, client_before = cpu_seconds(bench.server_pid), _own_cpu_seconds()
        began = time.perf_counter()
        results = _fire(port, path, prepared)
        wall = time.perf_counter() - began
        server_after, client_after = cpu_seconds(bench.server_pid), _own_cpu_seconds()
    statuses = Counter(status for status, _ in results)
    seconds = [s for status, s in results if status] or [0.0]
    enrolled, waitlisted, in_order = _outcome(cohort)
    server_errors = sum(n for status, n in statuses.items() if status >= 500 or status == 0)
    summary = ", ".join(f"{n} x {status or 'no answer'}" for status, n in sorted(statuses.items()))
    return [
        Result(f"{name}: enrolled", enrolled, "residents", target=f"= {SEATS}",
               passed=enrolled == SEATS, note=f"gunicorn {workers} workers; {summary}"),
        Result(f"{name}: waitlisted in arrival order", waitlisted, "residents",
               target=f"= {APPLICANTS - SEATS}, in order",
               passed=waitlisted == APPLICANTS - SEATS and in_order,
               note="in arrival order" if in_order else "NOT in arrival order"),
        Result(f"{name}: 5xx or no answer", server_errors, "responses", target="= 0, all 302",
               passed=server_errors == 0 and statuses.get(302, 0) == APPLICANTS,
               note=summary),
        # Issue #18: what an applicant waits for their answer (moonshot: p99 under 1 s).
        _latency(f"{name}: p50 latency", percentile(seconds, 0.5), P50_MAX_MS),
        _latency(f"{name}: p99 latency", percentile(seconds, 0.99), P99_MAX_MS),
        _server_cpu(f"{name}: server CPU per application", server_before, server_after,
                    client_after - client_before, wall, workers),
    ]  # fmt: skip


def _own_cpu_seconds() -> float:
    """This process's CPU time, its 200 client threads included."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _server_cpu(name, before, after, client: float, wall: float, workers: int) -> Result:
    """What the latency rows are made of: gunicorn's CPU time per POST while the 200 ran. With
    every core busy, the last answer cannot come sooner than 200 x this / cores."""
    if before is None or after is None:
        return skipped(name, "no /proc to read CPU times from")
    per_post = (after - before) / APPLICANTS * 1000
    cores = os.cpu_count() or 1
    return Result(name, round(per_post, 1), "ms", note=(
        f"gunicorn's {workers} workers: {after - before:.2f} s CPU in {wall:.2f} s; the client "
        f"{client:.2f} s; {cores} cores: last answer no sooner than "
        f"{APPLICANTS * per_post / cores:,.0f} ms"))  # fmt: skip
