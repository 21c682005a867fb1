"""Every URL of ours, requested with another resident's ids: refused, and nothing changes.

The walk reads the URL patterns themselves, so a new view with an id in its address fails here
until the walk knows which of the victim's ids to try on it.
"""

import datetime

import pytest
from django.core import signing
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from courses.models import QuizAttempt
from courses.roles import COORDINATORS, INSTRUCTORS, roles_ensure
from enrollment import attendance, calendars, extras, graduation, review, services
from enrollment.models import (
    Application,
    ApplicationEvent,
    ApplicationNote,
    Attendance,
    CalendarFeed,
    Certificate,
    ClassSession,
    CohortExtra,
    EmailPreference,
    ExtraSignup,
    InstructorCalendarFeed,
    Notification,
    SessionEvaluation,
)
from enrollment.outcomes.models import VolunteerHours
from enrollment.outcomes.models.surveys import SurveyResponse
from enrollment.roles import enrollment_roles_ensure
from tests.courses.factories import quiz_module
from tests.support.factories import (
    CohortFactory,
    UserFactory,
    application_answers,
    class_session_taught_by,
)
from tests.support.surveys import answer, attach, survey_published

pytestmark = pytest.mark.django_db

OUR_VIEW_MODULES = (
    "enrollment.views",
    "enrollment.admin.instructors",
    "enrollment.outcomes.alumni_views",
    "courses.views",
    "courses.reports",
    "cpa_site.views",
    "enrollment.outcomes.evaluation_views",
    "enrollment.outcomes.evaluation_reports",
    "enrollment.outcomes.survey_views",
    "enrollment.outcomes.survey_reports",
)
VICTIM_ADDRESS = "77 Victim Lane, Kansas City"
VICTIM_PHONE = "816-555-0777"
NOTE_TEXT = "Coordinators only: called her references"
HOURS_TEXT = "Volunteer shift of the victim at the shelter"


def our_patterns(resolver=None, prefix=""):
    """(route, name, view) of every URL pattern whose view lives in one of our apps."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from our_patterns(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            view = entry.callback
            module = getattr(view, "__module__", "") or ""
            if module in OUR_VIEW_MODULES:
                yield prefix + str(entry.pattern), entry.name, entry


@pytest.fixture
def world():
    """A victim with an enrolled place, a certificate, an offer, a quiz attempt under way and a
    calendar feed; an attacker who is an ordinary signed-in resident."""
    victim = UserFactory(first_name="Victoria", last_name="Victim", email="victim@example.org")
    start = timezone.now() - datetime.timedelta(weeks=3)
    past = CohortFactory(
        starts_on=timezone.localdate(start),
        ends_on=timezone.localdate(start + datetime.timedelta(weeks=1)),
        applications_open_at=start - datetime.timedelta(weeks=10),
        applications_close_at=timezone.now() + datetime.timedelta(days=1),
        graduation_max_absences=0,
    )
    session = ClassSession.objects.create(
        cohort=past, starts_at=start, ends_at=start + datetime.timedelta(hours=3)
    )
    graduated = services.application_submit(
        cohort_id=past.pk,
        resident=victim,
        answers=application_answers(address=VICTIM_ADDRESS, phone=VICTIM_PHONE),
        consent_given=True,
        now=start - datetime.timedelta(weeks=1),
    )
    attendance.attendance_record(
        session_id=session.pk,
        application_id=graduated.pk,
        status=Attendance.Status.PRESENT,
        actor=UserFactory(),
    )
    (certificate,) = graduation.graduates_confirm(
        cohort_id=past.pk, application_ids=[graduated.pk], actor=UserFactory()
    )
    offered = services.application_submit(
        cohort_id=CohortFactory().pk,
        resident=victim,
        answers=application_answers(address=VICTIM_ADDRESS, phone=VICTIM_PHONE),
        consent_given=True,
    )
    Application.objects.filter(pk=offered.pk).update(
        status=Application.Status.OFFERED,
        offer_expires_at=timezone.now() + datetime.timedelta(days=2),
    )
    enrolled = services.application_submit(
        cohort_id=CohortFactory().pk,
        resident=victim,
        answers=application_answers(address=VICTIM_ADDRESS, phone=VICTIM_PHONE),
        consent_given=True,
    )
    # The victim has a place on an extra of the cohort they are enrolled in.
    ride_along = CohortExtra.objects.create(
        cohort=enrolled.cohort, title="Ride-along shift",
        starts_at=timezone.now() + datetime.timedelta(days=5),
        ends_at=timezone.now() + datetime.timedelta(days=5, hours=4),
        capacity=2, waiver_text="At my own risk.",
    )  # fmt: skip
    extras.extra_sign_up(extra_id=ride_along.pk, resident=victim, waiver_agreed=True)
    module = quiz_module()
    attempt = services_quiz_start(module, victim)
    feed = calendars.calendar_feed_renew(resident=victim)
    review.application_note_add(
        application_id=enrolled.pk, author=UserFactory(is_staff=True), text=NOTE_TEXT
    )
    # A graduate, so an alumnus: volunteer hours of their own, waiting for approval.
    hours = VolunteerHours.objects.create(
        resident=victim, worked_on=timezone.localdate(), hours=3, activity=HOURS_TEXT
    )
    SessionEvaluation.objects.create(
        session=session, application=graduated, session_rating=2, comment="Victoria says so"
    )
    # The victim's cohort has a before survey, which the victim answered.
    survey = survey_published()
    before_survey = attach(survey, enrolled.cohort, "before")
    # A class of the victim's cohort ahead: the before survey is open until it starts.
    enrolled_session = class_session_taught_by(enrolled.cohort, UserFactory())
    answer(before_survey, enrolled, 2, free_text="Victoria's private thoughts")
    attacker = UserFactory(first_name="Mallory", email="mallory@example.org")
    return {
        "hours": hours,
        "survey": survey,
        "survey_attachment": before_survey,
        "victim": victim,
        "attacker": attacker,
        "applications": [graduated, offered, enrolled],
        "certificate": certificate,
        "attempt": attempt,
        "module": module,
        "feed": feed,
        "extra": ride_along,
        "session": enrolled_session,
        "attended_session": session,
    }


def services_quiz_start(module, resident) -> QuizAttempt:
    from courses import services as course_services

    return course_services.quiz_attempt_start(module=module, resident=resident)


def snapshot(world) -> dict:
    """What an attack could change: row counts, and the victim's rows as they stand."""
    victim = world["victim"]
    return {
        "counts": {
            model.__name__: model.objects.count()
            for model in (
                Application,
                ApplicationEvent,
                QuizAttempt,
                CalendarFeed,
                InstructorCalendarFeed,
                Attendance,
                Certificate,
                EmailPreference,
                Notification,
                ExtraSignup,
                ApplicationNote,
                VolunteerHours,
                SessionEvaluation,
                SurveyResponse,
            )
        },
        "applications": list(
            Application.objects.filter(resident=victim)
            .order_by("pk")
            .values_list("pk", "status", "address", "offer_expires_at", "background_check")
        ),
        "attempts": list(
            QuizAttempt.objects.filter(resident=victim).values_list("pk", "submitted_at", "answers")
        ),
        "feed": list(CalendarFeed.objects.filter(resident=victim).values_list("token")),
        "certificates": list(Certificate.objects.values_list("pk", "revoked_at")),
        "extras": list(ExtraSignup.objects.values_list("pk", "application_id")),
        "hours": list(VolunteerHours.objects.values_list("pk", "status", "hours")),
        "evaluations": list(
            SessionEvaluation.objects.values_list("pk", "session_rating", "comment")
        ),
        "preferences": list(
            EmailPreference.objects.filter(resident=victim).values_list("reminders")
        ),
    }


def victim_values(world, route: str, name: str) -> list[dict]:
    """The kwargs to try on one route: each of the victim's ids that fits the route."""
    if "<int:application_id>" in route:
        return [{"application_id": a.pk} for a in world["applications"]]
    if "<int:extra_id>" in route:
        # An extra of the victim's cohort: the attacker has no seat there, and a cancel only
        # ever gives back the caller's own place.
        return [{"extra_id": world["extra"].pk}]
    if "<int:attempt_id>" in route:
        return [{"attempt_id": world["attempt"].pk}]
    if route.startswith("admin/") and "<int:module_id>" in route:
        # Staff reports (quiz results, with names): a resident has no admin access at all.
        return [{"module_id": world["module"].pk}]
    if name in ("calendar_feed", "instructor_calendar_feed"):
        # The token is the secret: guessing it from the victim's id or an old token fails, and
        # a resident's token is no instructor's.
        return [
            {"token": str(world["victim"].pk)},
            {"token": "0" * 43},
            {"token": world["feed"].token if name == "instructor_calendar_feed" else "1" * 43},
        ]
    if "<int:attachment_id>" in route:
        # The victim's cohort's survey: the attacker is not enrolled there, so it is not found.
        return [{"attachment_id": world["survey_attachment"].pk}]
    if route.startswith("admin/") and "<int:cohort_id>" in route:
        # Survey results of the victim's cohort: coordinators only, no resident admin access.
        return [{"cohort_id": world["applications"][2].cohort_id}]
    if route.startswith("admin/") and "<int:survey_id>" in route:
        return [{"survey_id": world["survey"].pk}]
    if "<int:session_pk>" in route:
        # An instructor's roster of a session of the victim's cohort: no admin access at all.
        return [{"session_pk": world["session"].pk}]
    if "<int:session_id>" in route:
        # The victim's rating of a class they came to: only they may read or change it.
        return [{"session_id": world["attended_session"].pk}]
    if route.startswith("admin/") and "<int:cohort_id>" in route:
        # Session evaluations of the victim's cohort: a resident has no admin access at all.
        return [{"cohort_id": world["applications"][0].cohort_id}]
    if name == "email_unsubscribe":
        # Signed: a token for the victim forged without the key fails.
        forged = signing.dumps({"r": world["victim"].pk}, salt="wrong-salt")
        return [{"token": str(world["victim"].pk)}, {"token": forged}]
    return []


# Routes with a value in the address that belongs to no resident, and why they are skipped.
NOT_RESIDENT_OWNED = {
    # Public by design: anyone holding a certificate code may check it (name, cohort, date).
    "certificate_verify",
    # A cohort or a module is public; applying or taking the quiz acts on the caller's own rows.
    "application_create",
    "quiz_take",
}
# Resident-owned routes whose refusal is a redirect back with a message rather than a 404.
SAFE_STATUSES = {302, 400, 403, 404, 405}


def test_every_url_with_an_id_refuses_another_residents_ids_and_changes_nothing(client, world):
    client.force_login(world["attacker"])
    before = snapshot(world)
    walked = []
    for route, name, _ in our_patterns():
        if "<" not in route:
            continue
        if name in NOT_RESIDENT_OWNED:
            continue
        values = victim_values(world, route, name)
        assert values, f"the walk does not know which victim ids to try on {route} ({name})"
        for kwargs in values:
            url = reverse(name, kwargs=kwargs)
            for method in ("get", "post"):
                response = getattr(client, method)(url)
                walked.append((method, url, response.status_code))
                assert response.status_code in SAFE_STATUSES, (method, url, response.status_code)
                if response.status_code == 302:
                    # Only ever back to the attacker's own page or to sign-in.
                    assert response["Location"].startswith(
                        (
                            reverse("my_academy"),
                            reverse("account_login"),
                            reverse("wagtailadmin_login"),
                        )
                    ), (method, url, response["Location"])
                body = response.content.decode(errors="replace")
                for secret in (
                    VICTIM_ADDRESS, VICTIM_PHONE, "Victoria", world["feed"].token, HOURS_TEXT,
                ):  # fmt: skip
                    assert secret not in body, (method, url, secret)
                if name == "certificate_download":
                    assert response.get("Content-Type") != "application/pdf", url
    assert snapshot(world) == before
    # Every kind of id was tried.
    tried = " ".join(url for _, url, _ in walked)
    assert "certificate.pdf" in tried and "/quiz/attempts/" in tried and "/calendar/" in tried
    assert "/rate/" in tried and "/session-evaluations/" in tried


def test_pages_without_ids_show_only_the_callers_own_data(client, world):
    client.force_login(world["attacker"])
    for route, name, _ in our_patterns():
        if "<" in route or not name:
            continue
        response = client.get(reverse(name))
        assert response.status_code < 500, name
        body = response.content.decode(errors="replace")
        for secret in (VICTIM_ADDRESS, VICTIM_PHONE, world["feed"].token, "Victoria", HOURS_TEXT):
            assert secret not in body, (name, secret)


def test_signed_out_visitors_are_sent_to_sign_in_from_resident_urls(client, world):
    before = snapshot(world)
    for name, kwargs in (
        ("my_academy", {}),
        ("calendar_download", {}),
        ("certificate_download", {"application_id": world["applications"][0].pk}),
        ("offer_accept", {"application_id": world["applications"][1].pk}),
        ("application_withdraw", {"application_id": world["applications"][2].pk}),
        ("quiz_result", {"attempt_id": world["attempt"].pk}),
        ("quiz_submit", {"attempt_id": world["attempt"].pk}),
    ):
        for method in ("get", "post"):
            response = getattr(client, method)(reverse(name, kwargs=kwargs))
            assert response.status_code in (302, 405), (name, method)
            if response.status_code == 302:
                assert response["Location"].startswith(reverse("account_login")), name
    assert snapshot(world) == before


def test_instructors_never_see_applicants_personal_data(client, world):
    roles_ensure()
    enrollment_roles_ensure()
    client.force_login(UserFactory(groups=[INSTRUCTORS]))
    application = world["applications"][2]
    before = snapshot(world)
    urls = [
        reverse("wagtailsnippets_enrollment_application:list"),
        reverse("wagtailsnippets_enrollment_application:list") + "?export=csv",
        reverse("wagtailsnippets_enrollment_application:list") + "?export=xlsx",
        reverse("wagtailsnippets_enrollment_application:inspect", args=[application.pk]),
        reverse("wagtailsnippets_enrollment_application:decide", args=[application.pk, "remove"]),
        reverse("courses_quiz_attempts", args=[world["module"].pk]),
        *coordinator_screens(application),
        # Survey results: the whole course's, coordinators only (survey_roles says why).
        reverse("survey_results_cohort", args=[application.cohort_id]),
        reverse("survey_results_cohort", args=[application.cohort_id]) + "?export=csv",
        reverse("survey_results_cohort_six_months", args=[application.cohort_id]),
        reverse("survey_results_cohort_six_months", args=[application.cohort_id]) + "?export=csv",
        reverse("survey_results_survey", args=[world["survey"].pk]),
    ]
    for url in urls:
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            assert response.status_code in (302, 403), (method, url, response.status_code)
            body = response.content.decode(errors="replace")
            assert VICTIM_ADDRESS not in body and VICTIM_PHONE not in body, url
            assert "victim@example.org" not in body and NOTE_TEXT not in body, url
    assert snapshot(world) == before


def coordinator_screens(application) -> list[str]:
    """The review screen (where notes are read and added), the background check, and the
    bulk "Mark check requested" action: coordinators' work, nobody else's."""
    applications = "wagtailsnippets_enrollment_application"
    return [
        reverse(f"{applications}:inspect", args=[application.pk]),
        reverse(f"{applications}:background_check", args=[application.pk]),
        reverse(
            "wagtail_bulk_action",
            args=["enrollment", "application", "mark_check_requested"],
        )
        + f"?id={application.pk}",
    ]


def test_residents_reach_no_coordinator_screen(client, world):
    client.force_login(world["attacker"])
    application = world["applications"][2]
    before = snapshot(world)
    for url in coordinator_screens(application):
        for method in ("get", "post"):
            response = getattr(client, method)(url, {"text": "Mallory was here"})
            assert response.status_code in (302, 403), (method, url, response.status_code)
            if response.status_code == 302:
                assert response["Location"].startswith(reverse("wagtailadmin_login")), url
            assert NOTE_TEXT not in response.content.decode(errors="replace"), url
    assert snapshot(world) == before


def test_coordinators_do_see_applicants_personal_data(client, world):
    roles_ensure()
    enrollment_roles_ensure()
    client.force_login(UserFactory(groups=[COORDINATORS]))
    application = world["applications"][2]
    response = client.get(
        reverse("wagtailsnippets_enrollment_application:inspect", args=[application.pk])
    )
    assert response.status_code == 200
    assert VICTIM_ADDRESS in response.content.decode()
    assert "no-store" in response["Cache-Control"]


def instructor_urls(world, session) -> list[str]:
    return [
        reverse("instructor_attendance", args=[session.pk]),
        reverse("instructor_calendar_feed_renew"),
    ]


def test_residents_are_refused_every_instructor_screen(client, world):
    roles_ensure()
    client.force_login(world["attacker"])
    before = snapshot(world)
    for url in instructor_urls(world, world["session"]):
        for method in ("get", "post"):
            response = getattr(client, method)(url, {f"mark-{world['applications'][2].pk}": "late"})
            assert response.status_code in (302, 403, 405), (method, url)
            if response.status_code == 302:
                assert response["Location"].startswith(reverse("wagtailadmin_login")), url
            assert "Victoria" not in response.content.decode()
    assert snapshot(world) == before


def test_instructors_open_their_own_sessions_roster_with_names_only_and_no_other(client, world):
    roles_ensure()
    enrollment_roles_ensure()
    instructor = UserFactory(groups=[INSTRUCTORS])
    own = class_session_taught_by(world["applications"][2].cohort, instructor)
    client.force_login(instructor)
    before = snapshot(world)

    response = client.get(reverse("instructor_attendance", args=[own.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Victoria Victim" in body
    for secret in (VICTIM_ADDRESS, VICTIM_PHONE, "victim@example.org", world["feed"].token):
        assert secret not in body, secret

    for method in ("get", "post"):
        response = getattr(client, method)(
            reverse("instructor_attendance", args=[world["session"].pk]),
            {f"mark-{world['applications'][2].pk}": "late"},
        )
        assert response.status_code == 403, method
        assert "Victoria" not in response.content.decode()
    assert snapshot(world) == before

    assert client.post(reverse("instructor_calendar_feed_renew")).status_code == 302
    feed = InstructorCalendarFeed.objects.get(instructor=instructor)
    assert feed.token != world["feed"].token


def test_coordinators_open_every_sessions_roster_with_full_names_and_emails(client, world):
    roles_ensure()
    enrollment_roles_ensure()
    client.force_login(UserFactory(groups=[COORDINATORS]))
    response = client.get(reverse("instructor_attendance", args=[world["session"].pk]))
    assert response.status_code == 200
    assert "Victoria Victim" in response.content.decode()
    # A coordinator teaching nothing has no teaching calendar to renew.
    assert client.post(reverse("instructor_calendar_feed_renew")).status_code == 403


def alumni_coordinator_screens(world) -> list[str]:
    """Volunteer hours (listing, one entry, approving many), the alumni roster and its
    exports, and alumni events: coordinators' work, nobody else's."""
    hours = world["hours"]
    roster = reverse("wagtailsnippets_enrollment_alumnus:list")
    return [
        reverse("wagtailsnippets_enrollment_volunteerhours:list"),
        reverse("wagtailsnippets_enrollment_volunteerhours:inspect", args=[hours.pk]),
        reverse("wagtail_bulk_action", args=["enrollment", "volunteerhours", "approve_hours"])
        + f"?id={hours.pk}",
        reverse("wagtail_bulk_action", args=["enrollment", "volunteerhours", "reject_hours"])
        + f"?id={hours.pk}",
        roster,
        roster + "?export=csv",
        roster + "?export=xlsx",
        reverse("wagtailsnippets_enrollment_alumnievent:list"),
        reverse("wagtailsnippets_enrollment_alumnievent:add"),
    ]


@pytest.mark.parametrize("role", ["resident", "graduate", "instructor"])
def test_no_one_but_coordinators_reaches_the_alumni_screens(client, world, role):
    roles_ensure()
    enrollment_roles_ensure()
    user = {
        "resident": world["attacker"],
        "graduate": world["victim"],  # even the hours' own graduate cannot approve them
        "instructor": UserFactory(groups=[INSTRUCTORS]),
    }[role]
    client.force_login(user)
    before = snapshot(world)
    for url in alumni_coordinator_screens(world):
        for method in ("get", "post"):
            response = getattr(client, method)(url, {"reason": "Mallory was here"})
            assert response.status_code in (302, 403), (role, method, url, response.status_code)
            if response.status_code == 302:
                # To sign in, or for staff Wagtail's "no permission" back to the dashboard.
                location = response["Location"]
                assert location == reverse("wagtailadmin_home") or location.startswith(
                    reverse("wagtailadmin_login")
                ), url
            body = response.content.decode(errors="replace") if hasattr(response, "content") else ""
            assert "victim@example.org" not in body, url
            if role != "graduate":
                assert HOURS_TEXT not in body, url
    assert snapshot(world) == before


def test_a_graduate_sees_only_their_own_hours_on_the_alumni_page(client, world):
    other = UserFactory(first_name="Grace")
    cohort = world["applications"][0].cohort
    application = services.application_submit(
        cohort_id=cohort.pk, resident=other, answers=application_answers(), consent_given=True
    )
    Certificate.objects.create(application=application, code="OTHERGRAD2")
    client.force_login(other)
    response = client.get(reverse("alumni_page"))
    assert response.status_code == 200
    assert HOURS_TEXT not in response.content.decode()
    client.force_login(world["victim"])
    assert HOURS_TEXT in client.get(reverse("alumni_page")).content.decode()
