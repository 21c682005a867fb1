"""Pages per second under gunicorn (2 workers) and wrk (8 connections), beside a bare view.

The bare view is served by the same server in the same run. This machine is shared and noisy,
so each page is loaded right after the bare view, pair by pair, for ROUNDS rounds of SECONDS
each: a page's ratio is the median of its pairs' ratios (page rate / bare rate just before),
its figure and baseline the medians of its own runs and of the bare runs paired with them.
"""

import os
import re
import statistics

from .common import WRK_MISSING, Bench, Result, path_of, request, session_cookie, skipped, wrk

ROUNDS = 3
# Per run: 12 s per page in all, and as long again for the bare view before it
# (BENCH_SECONDS shorter only to try the suite out).
SECONDS = int(os.environ.get("BENCH_SECONDS", "4"))
WARM_UP = 2


def _prepare():
    """The demo resident with a seat in the demo's first-come class, and the URLs to load."""
    from django.contrib.auth import get_user_model

    from courses.models import ModulePage
    from enrollment import services
    from enrollment.models import Application, Cohort
    from tests.support.factories import application_answers

    resident = get_user_model().objects.get(username="resident@example.org")
    cohort = Cohort.objects.filter(admission_mode=Cohort.AdmissionMode.FIRST_COME).first()
    if not Application.objects.filter(resident=resident, cohort=cohort).exists():
        services.application_submit(
            cohort_id=cohort.pk,
            resident=resident,
            answers=application_answers(),
            consent_given=True,
        )
    module = ModulePage.objects.live().order_by("number").first()
    return {"landing": "/", "module": path_of(module)}, session_cookie(resident)


def _check(port: int, urls: dict, cookie: str) -> str:
    """Each URL answers 200 as expected before it is loaded (a 302 would look fast). Returns
    the resident's cookies as their browser holds them after a first visit to My academy:
    the session and the CSRF cookie that page's forms set (without it no copy is kept)."""
    for path in urls.values():
        # Each worker process keeps its own copies: a few requests reach a hit in every one.
        answers = [request(port, "GET", path)[:2] for _ in range(6)]
        statuses = {status for status, _ in answers}
        if statuses != {200} or all(h.get("X-Page-Cache") != "hit" for _, h in answers):
            raise RuntimeError(f"{path} answered {statuses}, not served from the page cache")
    status, headers, body = request(port, "GET", "/my-academy/", headers={"Cookie": cookie})
    if status != 200 or "Signed in as" not in body:
        raise RuntimeError(f"My academy answered {status} without the signed-in header")
    csrf = re.search(r"csrftoken=([^;]+)", " ".join(headers.get_all("Set-Cookie") or []))
    if csrf is None:
        raise RuntimeError("My academy set no CSRF cookie")
    return f"{cookie}; csrftoken={csrf.group(1)}"


def _rounds(base_url: str, targets: dict[str, tuple[str, tuple]]) -> dict[str, list]:
    """{name: [(bare run, page run) per round]}: each page loaded just after the bare view."""
    bare_url = base_url + "/bench/bare"
    wrk(bare_url, seconds=WARM_UP)
    for path, headers in targets.values():
        wrk(base_url + path, seconds=WARM_UP, headers=headers)
    pairs: dict[str, list] = {name: [] for name in targets}
    for _ in range(ROUNDS):
        for name, (path, headers) in targets.items():
            bare = wrk(bare_url, seconds=SECONDS)
            pairs[name].append((bare, wrk(base_url + path, seconds=SECONDS, headers=headers)))
    return pairs


def _median(runs) -> float:
    return statistics.median(run.rps for run in runs)


def _note(runs) -> str:
    rates = [round(run.rps) for run in runs]
    p99 = max(run.p99_ms or 0 for run in runs)
    bad = sum(run.non_2xx + run.errors for run in runs)
    text = f"{len(rates)} runs {min(rates):,}-{max(rates):,} req/s; p99 up to {p99:.0f} ms"
    return text + (f"; {bad} non-2xx or socket errors" if bad else "")


def _page_row(name: str, pairs, minimum: float | None) -> Result:
    runs = [page for _, page in pairs]
    ratio = statistics.median(page.rps / bare.rps for bare, page in pairs)
    healthy = all(run.non_2xx == 0 and run.errors == 0 for run in runs)
    return Result(
        name,
        round(_median(runs)),
        "req/s",
        baseline=round(_median(bare for bare, _ in pairs)),
        ratio=round(ratio, 3),
        target=f">= {minimum} x bare" if minimum else "",
        passed=(ratio >= minimum and healthy) if minimum else None,
        note=_note(runs),
    )


def run(bench: Bench) -> list[Result]:
    import shutil

    if not shutil.which("wrk"):
        return [skipped("throughput", WRK_MISSING)]
    urls, cookie = _prepare()
    # A request with an Authorization header is never served from the page cache: the same page
    # rendered afresh each time, for reference (what the cache buys).
    uncached = ("Authorization: Bench uncached",)
    with bench.server(workers=2) as base_url:
        browser = _check(int(base_url.rsplit(":", 1)[1]), urls, cookie)
        targets = {
            "landing": (urls["landing"], ()),
            "module": (urls["module"], ()),
            "mine": ("/my-academy/", (f"Cookie: {browser}",)),
            # The bare view again with the resident's cookies: what being signed in costs by
            # itself (session, account and admin-access checks in the middleware), the ceiling
            # for any signed-in page.
            "bare_signed_in": ("/bench/bare", (f"Cookie: {browser}",)),
            "landing_off": (urls["landing"], uncached),
            "module_off": (urls["module"], uncached),
        }
        pairs = _rounds(base_url, targets)
    bare_runs = [bare for runs in pairs.values() for bare, _ in runs]
    return [
        Result("throughput: bare Django view", round(_median(bare_runs)), "req/s",
               target="baseline", note=_note(bare_runs)),
        _page_row("throughput: landing page, anonymous", pairs["landing"], 0.8),
        _page_row("throughput: module page, anonymous", pairs["module"], 0.8),
        _page_row("throughput: My academy, signed in", pairs["mine"], 0.25),
        _page_row("throughput: bare view, signed in (reference)", pairs["bare_signed_in"], None),
        # Issue #18: at least 0.1 x (a plain `wagtail start` home page made 0.08 x its own).
        _page_row("throughput: landing page, rendered afresh", pairs["landing_off"], 0.1),
        _page_row("throughput: module page, rendered afresh", pairs["module_off"], 0.1),
    ]  # fmt: skip
