"""Database queries per page with 10 and with 100 modules, cohorts and applications.

Counted in-process with Django's test client and the page cache off (a cached page costs none):
the same count at both sizes means no query per row (no N+1). Then My academy from its cache
(issue #18: at most 5 queries), and what one signed-in request costs by itself: the bare view's
queries and time in-process, beside the same view anonymous.
"""

import datetime
import time

from .common import Bench, Result, path_of

SIZES = (10, 100)


def _grow_to(size: int) -> None:
    """Bring the academy to `size` live modules and upcoming cohorts, and the demo resident to
    `size` applications (one per cohort)."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from courses.models import CurriculumIndexPage, ModulePage
    from enrollment import services
    from enrollment.models import Application, Cohort
    from tests.support.factories import application_answers, question_answers_for

    curriculum = CurriculumIndexPage.objects.live().first()
    for n in range(ModulePage.objects.live().count(), size):
        curriculum.add_child(
            instance=ModulePage(
                title=f"Extra module {n + 1}",
                slug=f"extra-module-{n + 1}",
                number=min(n + 1, 99),
                summary="A module added by the benchmark.",
                body=[{"type": "text", "value": "<p>Officers learn to talk first.</p>"}],
            )
        )
    today, now = timezone.localdate(), timezone.now()
    for n in range(Cohort.objects.count(), size):
        starts = today + datetime.timedelta(weeks=6 + n % 20)
        Cohort.objects.create(
            curriculum=curriculum,
            name=f"Benchmark class {n + 1}",
            term="Autumn 2027",
            starts_on=starts,
            ends_on=starts + datetime.timedelta(weeks=7),
            place_name="Regional Police Academy, classroom B",
            place_address="100 Academy Way\nKansas City, MO",
            capacity=25,
            applications_open_at=now - datetime.timedelta(days=1),
            applications_close_at=now + datetime.timedelta(weeks=5),
            admission_mode=Cohort.AdmissionMode.FIRST_COME,
            consent_text="I agree to a background check.",
            status=Cohort.Status.OPEN,
        )
    resident = get_user_model().objects.get(username="resident@example.org")
    applied = set(Application.objects.filter(resident=resident).values_list("cohort", flat=True))
    for cohort in Cohort.objects.exclude(pk__in=applied).order_by("pk"):
        if len(applied) >= size:
            break
        services.application_submit(
            cohort_id=cohort.pk, resident=resident, answers=application_answers(),
            consent_given=True, question_answers=question_answers_for(cohort),
        )  # fmt: skip
        applied.add(cohort.pk)


def _coordinator_client():
    """Signed in as the demo coordinator as staff really are: with the second factor when the
    settings ask staff for one (STAFF_REQUIRE_MFA), through the sign-in pages."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse

    from cpa_site.demo import DEMO_ACCOUNTS

    email, *_, password = next(a for a in DEMO_ACCOUNTS if a[0].startswith("coordinator"))
    user = get_user_model().objects.get(username=email)
    client = Client()
    if not getattr(settings, "STAFF_REQUIRE_MFA", False):
        client.force_login(user)
        return client
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal import auth as totp

    Authenticator.objects.filter(user=user).delete()
    secret = totp.generate_totp_secret()
    totp.TOTP.activate(user, secret)
    client.post(reverse("account_login"), {"login": email, "password": password})
    code = totp.format_hotp_value(totp.hotp_value(secret, int(time.time()) // 30))
    client.post(reverse("mfa_authenticate"), {"code": code})
    return client


def _count(client, path: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(path)  # warm: caches of site roots, content types and the like
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    if response.status_code != 200:
        raise RuntimeError(f"{path} answered {response.status_code}")
    return len(queries)


def _count_cached(client, path: str) -> int:
    """A page served from its per-user cache: one load for the CSRF cookie, one to keep it."""
    client.get(path)
    client.get(path)
    return _count(client, path)


def _signed_in_cost(resident) -> list[Result]:
    """The bare view (no template, no query of its own) signed in and anonymous, in-process:
    the queries and milliseconds that the session, authentication and staff-session checks
    add to every signed-in request."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    anonymous = Client()
    timings = {}
    for name, client in (("anonymous", anonymous), ("signed in", resident)):
        for _ in range(50):
            client.get("/bench/bare")
        started = time.perf_counter()
        for _ in range(REQUESTS):
            client.get("/bench/bare")
        timings[name] = (time.perf_counter() - started) / REQUESTS * 1000
    with CaptureQueriesContext(connection) as queries:
        resident.get("/bench/bare")
    tables = ", ".join(
        q["sql"].split(" FROM ", 1)[1].split()[0].strip('"') for q in queries.captured_queries
    )
    signed, bare = timings["signed in"], timings["anonymous"]
    return [
        Result("signed in: queries per request (bare view)", len(queries), "queries",
               note=tables or "none"),
        Result("signed in: time per request (bare view, in-process)", round(signed, 2), "ms",
               baseline=round(bare, 2), ratio=round(signed / bare, 2),
               note=f"mean of {REQUESTS} requests; baseline: the same view anonymous"),
    ]  # fmt: skip


REQUESTS = 500


def outcome_reports(finished) -> list[tuple[str, str]]:
    """The outcome reports (#17): their cohort lists grow with the cohorts, and a cohort's own
    report must not grow with the academy around it. `finished`: a cohort with answers."""
    from django.urls import reverse

    return [
        ("session evaluations report", reverse("session_evaluations")),
        ("session evaluations of a cohort",
         reverse("session_evaluations_cohort", args=[finished.pk])),
        ("before-and-after report", reverse("survey_results")),
        ("before and after of a cohort", reverse("survey_results_cohort", args=[finished.pk])),
    ]  # fmt: skip


def run(bench: Bench) -> list[Result]:
    from django.contrib.auth import get_user_model
    from django.test import Client, override_settings
    from django.urls import reverse

    from courses.models import ModulePage
    from enrollment.models import Cohort

    users = get_user_model().objects
    anonymous, resident, coordinator = Client(), Client(), _coordinator_client()
    resident.force_login(users.get(username="resident@example.org"))
    module_path = path_of(ModulePage.objects.live().order_by("number", "pk").first())
    admin_list = reverse("wagtailsnippets_enrollment_application:list") + "?q=resident@example"
    finished = Cohort.objects.get(name="Autumn evening class")  # the demo's answered class
    pages = [
        ("landing page", anonymous, "/"),
        ("module page", anonymous, module_path),
        ("My academy", resident, "/my-academy/"),
        ("cohort list", anonymous, "/classes/"),
        ("admin application listing", coordinator, admin_list),
        *((name, coordinator, path) for name, path in outcome_reports(finished)),
    ]
    counts: dict[str, list[int]] = {name: [] for name, _, _ in pages}
    cached: list[int] = []
    for size in SIZES:
        _grow_to(size)
        with override_settings(PAGE_CACHE_SECONDS=0):
            for name, client, path in pages:
                counts[name].append(_count(client, path))
        cached.append(_count_cached(resident, "/my-academy/"))
    at_10, at_100 = cached
    mine = Result(
        "queries: My academy, from its cache", at_100, "queries", baseline=at_10,
        ratio=round(at_100 / at_10, 2) if at_10 else None,
        target="<= 5 at 10 and 100 rows", passed=max(cached) <= 5,
        note=f"{at_10} with 10 rows, {at_100} with 100 (after one load that keeps the copy)",
    )  # fmt: skip
    return [mine, *_signed_in_cost(resident)] + [
        Result(
            f"queries: {name}",
            at_100,
            "queries",
            baseline=at_10,
            ratio=round(at_100 / at_10, 2) if at_10 else None,
            target="same at 10 and 100 rows",
            passed=at_10 == at_100,
            note=f"{at_10} with 10 rows, {at_100} with 100",
        )
        for name, (at_10, at_100) in counts.items()
    ]
