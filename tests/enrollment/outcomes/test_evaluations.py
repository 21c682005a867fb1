"""Who may rate a class and until when; one rating per resident and class; the totals."""

import datetime
import zoneinfo

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from enrollment.exceptions import EnrollmentError
from enrollment.models import Attendance, ClassSession, SessionEvaluation
from enrollment.outcomes import evaluations
from enrollment.selectors import my_academy_applications
from tests.support.factories import UserFactory

from .evaluation_helpers import held_class, rate

pytestmark = pytest.mark.django_db
CHICAGO = zoneinfo.ZoneInfo("America/Chicago")


def test_the_database_keeps_one_evaluation_per_resident_and_class():
    held = held_class(residents=1)
    session, application = held.sessions[1], held.applications[0]
    SessionEvaluation.objects.create(session=session, application=application, session_rating=4)
    with pytest.raises(IntegrityError), transaction.atomic():
        SessionEvaluation.objects.create(session=session, application=application, session_rating=2)


def test_the_database_refuses_a_rating_outside_1_to_5():
    held = held_class(residents=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        SessionEvaluation.objects.create(
            session=held.sessions[1], application=held.applications[0], session_rating=6
        )


def test_saving_twice_changes_the_one_rating():
    held = held_class(residents=1)
    resident = held.residents[0]
    for rating in (2, 5):
        evaluations.evaluation_save(
            session_id=held.sessions[1].pk, resident=resident, session_rating=rating,
            instructor_rating=3, comment=" Good ",
        )  # fmt: skip
    evaluation = SessionEvaluation.objects.get()
    assert (evaluation.session_rating, evaluation.instructor_rating) == (5, 3)
    assert evaluation.comment == "Good"


def test_only_residents_who_came_may_rate_a_class():
    held = held_class(residents=2)
    session = held.sessions[1]
    Attendance.objects.filter(session=session, application=held.applications[1]).update(
        status=Attendance.Status.ABSENT
    )
    stranger = UserFactory()
    for resident in (held.residents[1], stranger):
        with pytest.raises(EnrollmentError) as refused:
            evaluations.evaluation_save(
                session_id=session.pk, resident=resident, session_rating=4, instructor_rating=4
            )
        assert refused.value.code == "not_yours"
    # Late still counts as having come.
    Attendance.objects.filter(session=session, application=held.applications[1]).update(
        status=Attendance.Status.LATE
    )
    evaluations.evaluation_save(
        session_id=session.pk, resident=held.residents[1], session_rating=4, instructor_rating=4
    )


def test_a_resident_enrolled_elsewhere_cannot_rate_this_class():
    held = held_class(residents=1)
    other = held_class(residents=1)
    with pytest.raises(EnrollmentError):
        evaluations.evaluation_save(
            session_id=held.sessions[1].pk, resident=other.residents[0], session_rating=4,
            instructor_rating=4,
        )  # fmt: skip


def test_a_class_not_over_yet_cannot_be_rated():
    held = held_class(residents=1)
    upcoming = held.sessions[2]
    Attendance.objects.create(
        session=upcoming, application=held.applications[0], status=Attendance.Status.PRESENT
    )
    with pytest.raises(EnrollmentError):
        evaluations.evaluation_save(
            session_id=upcoming.pk, resident=held.residents[0], session_rating=4,
            instructor_rating=4,
        )  # fmt: skip


def test_a_withdrawn_resident_can_no_longer_rate():
    held = held_class(residents=1)
    held.applications[0].status = "withdrawn"
    held.applications[0].save(update_fields=["status"])
    with pytest.raises(EnrollmentError):
        evaluations.evaluation_save(
            session_id=held.sessions[1].pk, resident=held.residents[0], session_rating=4,
            instructor_rating=4,
        )  # fmt: skip


def test_ratings_close_when_the_next_class_starts():
    held = held_class(residents=1)
    first, second = held.sessions[0], held.sessions[1]
    with pytest.raises(EnrollmentError) as refused:
        evaluations.evaluation_save(
            session_id=first.pk, resident=held.residents[0], session_rating=4, instructor_rating=4
        )
    assert refused.value.code == "closed"
    just_before = second.starts_at - datetime.timedelta(seconds=1)
    evaluations.evaluation_save(
        session_id=first.pk, resident=held.residents[0], session_rating=4, instructor_rating=4,
        now=just_before,
    )  # fmt: skip


def test_a_cancelled_next_class_leaves_the_window_open_until_the_one_after():
    held = held_class(residents=1)
    ClassSession.objects.filter(pk=held.sessions[1].pk).update(status="cancelled")
    window = evaluations.evaluation_window(held.sessions[0], list(held.cohort.sessions.all()))
    assert window.closes_at == held.sessions[2].starts_at


def sessions_around_the_november_change():
    """Saturday 31 October 2026, 9:00 to 12:00 in Chicago (CDT); the clocks go back on Sunday
    1 November; the next class is Saturday 7 November at 9:00 (CST)."""
    before = datetime.datetime(2026, 10, 31, 9, 0, tzinfo=CHICAGO)
    after = datetime.datetime(2026, 11, 7, 9, 0, tzinfo=CHICAGO)
    return before, after


def test_the_window_across_the_daylight_saving_change_closes_at_the_next_class_local_start():
    before, after = sessions_around_the_november_change()
    held = held_class(residents=1, starts=[before, after], hours=3)
    first = held.sessions[0]
    window = evaluations.evaluation_window(first, list(held.cohort.sessions.all()))
    assert window.opens_at == before + datetime.timedelta(hours=3)
    assert timezone.localtime(window.closes_at).strftime("%Y-%m-%d %H:%M %Z") == (
        "2026-11-07 09:00 CST"
    )
    # A week and an hour of real time: the clocks went back in between.
    real_time = window.closes_at.astimezone(datetime.UTC) - first.starts_at.astimezone(datetime.UTC)
    assert real_time == datetime.timedelta(days=7, hours=1)
    assert window.is_open(after - datetime.timedelta(minutes=1))
    assert not window.is_open(after)
    assert not window.is_open(window.opens_at - datetime.timedelta(minutes=1))


def test_the_last_class_closes_two_weeks_later_on_the_academys_clock_across_the_change():
    before, _after = sessions_around_the_november_change()
    held = held_class(residents=1, starts=[before - datetime.timedelta(weeks=1), before])
    last = held.sessions[1]
    window = evaluations.evaluation_window(last, list(held.cohort.sessions.all()))
    local_close = timezone.localtime(window.closes_at)
    assert local_close.strftime("%Y-%m-%d %H:%M %Z") == "2026-11-14 12:00 CST"
    # Real time (in UTC: Python subtracts two Chicago times by their wall clocks).
    utc = datetime.UTC
    assert window.closes_at.astimezone(utc) - last.ends_at.astimezone(utc) == datetime.timedelta(
        days=evaluations.LAST_SESSION_DAYS, hours=1
    )


def test_a_session_is_totalled_only_from_min_answers():
    held = held_class(residents=evaluations.MIN_ANSWERS)
    session = held.sessions[1]
    rate(held, session, count=evaluations.MIN_ANSWERS - 1, rating=5, comment="Comment {n}")
    coordinator = UserFactory(is_superuser=True)
    (first, second, _third) = evaluations.cohort_evaluations(
        cohort=held.cohort, viewer=coordinator
    ).sessions
    assert second.answers == evaluations.MIN_ANSWERS - 1 and not second.shown
    assert second.session_mean is None and second.comments == [] and second.session_spread == []
    rate(held, session, rating=2, comment="")
    report = evaluations.cohort_evaluations(cohort=held.cohort, viewer=coordinator)
    second = report.sessions[1]
    assert second.shown and second.answers == evaluations.MIN_ANSWERS
    assert second.session_mean == pytest.approx(2)  # the first four changed their rating
    assert second.session_spread == [0, evaluations.MIN_ANSWERS, 0, 0, 0]
    assert second.comments == []  # emptied by the second save
    assert [i.name for i in report.instructors] == ["Ivy Instructor"]
    assert report.instructors[0].answers == evaluations.MIN_ANSWERS


def test_comments_are_sorted_by_their_text_not_by_when_they_were_written():
    held = held_class(residents=evaluations.MIN_ANSWERS)
    session = held.sessions[1]
    for application, comment in zip(held.applications, ["b", "D", "a", "c", "e"], strict=True):
        evaluations.evaluation_save(
            session_id=session.pk, resident=application.resident, session_rating=3,
            instructor_rating=3, comment=comment,
        )  # fmt: skip
    report = evaluations.cohort_evaluations(
        cohort=held.cohort, viewer=UserFactory(is_superuser=True)
    )
    assert report.sessions[1].comments == ["a", "b", "c", "D", "e"]


def test_an_instructors_mean_leaves_out_sessions_held_back(django_user_model):
    """A session under the threshold adds nothing to the instructor's mean: otherwise its
    ratings could be worked out by subtracting the shown sessions from the total."""
    held = held_class(residents=evaluations.MIN_ANSWERS)
    rate(held, held.sessions[1], rating=5)
    evaluations.evaluation_save(
        session_id=held.sessions[0].pk, resident=held.residents[0], session_rating=1,
        instructor_rating=1, now=held.sessions[1].starts_at - datetime.timedelta(minutes=5),
    )  # fmt: skip
    report = evaluations.cohort_evaluations(cohort=held.cohort, viewer=held.instructor)
    (instructor,) = report.instructors
    assert instructor.sessions == 1 and instructor.answers == evaluations.MIN_ANSWERS
    assert instructor.mean == pytest.approx(4)


def test_instructors_see_only_the_sessions_they_teach():
    held = held_class(residents=1)
    other_teacher = UserFactory()
    ClassSession.objects.get(pk=held.sessions[2].pk).instructors.set([other_teacher])
    session = ClassSession.objects.get(pk=held.sessions[2].pk)
    session.instructors.set([other_teacher])
    session.save()
    report = evaluations.cohort_evaluations(cohort=held.cohort, viewer=held.instructor)
    assert [s.session.pk for s in report.sessions] == [s.pk for s in held.sessions[:2]]
    assert evaluations.may_see_evaluations(held.instructor)
    assert not evaluations.may_see_evaluations(held.residents[0])


def test_my_academy_lists_the_classes_the_resident_came_to_and_what_is_still_open():
    held = held_class(residents=1)
    applications = my_academy_applications(held.residents[0])
    rows = evaluations.my_academy_evaluations(applications)[held.applications[0].pk]
    assert [(r.session.pk, r.is_open) for r in rows] == [
        (held.sessions[0].pk, False),
        (held.sessions[1].pk, True),
    ]
