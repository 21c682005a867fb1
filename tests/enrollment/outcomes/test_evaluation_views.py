"""The resident's side: My academy's links, the form, its errors, and others' classes."""

import datetime

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from enrollment.models import SessionEvaluation
from tests.support.factories import UserFactory

from .evaluation_helpers import held_class

pytestmark = pytest.mark.django_db


@pytest.fixture
def held():
    return held_class(residents=2)


def form_url(session):
    return reverse("session_evaluation", args=[session.pk])


def test_my_academy_offers_to_rate_the_open_class_and_shows_the_closed_one(client, held):
    client.force_login(held.residents[0])
    body = client.get(reverse("my_academy")).content.decode()
    assert "Rate this class" in body
    assert form_url(held.sessions[1]) in body
    assert form_url(held.sessions[0]) not in body  # closed, never rated
    assert "ratings have closed" in body
    assert form_url(held.sessions[2]) not in body  # not held yet


def test_rating_a_class_then_changing_it(client, held):
    client.force_login(held.residents[0])
    url = form_url(held.sessions[1])
    page = client.get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert "<legend>How was this class?</legend>" in body
    assert "How was the instructor (Ivy Instructor)?" in body
    assert 'maxlength="1000"' in body
    response = client.post(url, {"session_rating": "4", "instructor_rating": "5", "comment": "Ok"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("my_academy"))
    body = client.get(reverse("my_academy")).content.decode()
    assert "Change your rating" in body
    client.post(url, {"session_rating": "2", "instructor_rating": "5", "comment": ""})
    evaluation = SessionEvaluation.objects.get()
    assert (evaluation.session_rating, evaluation.comment) == (2, "")


def test_a_form_with_errors_keeps_what_was_entered_and_says_why_beside_the_field(client, held):
    client.force_login(held.residents[0])
    response = client.post(
        form_url(held.sessions[1]), {"instructor_rating": "3", "comment": "Kept words"}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert 'id="id_session_rating_error"' in body
    assert "Choose a rating for the class, from 1 to 5." in body
    assert "Kept words" in body
    assert 'value="3" required id="id_instructor_rating_2" checked' in body
    assert not SessionEvaluation.objects.exists()


def test_a_rating_out_of_range_or_a_long_comment_is_refused_with_a_reason(client, held):
    client.force_login(held.residents[0])
    response = client.post(
        form_url(held.sessions[1]),
        {"session_rating": "9", "instructor_rating": "3", "comment": "x" * 1001},
    )
    assert response.status_code == 400
    assert not SessionEvaluation.objects.exists()


def test_after_the_window_the_resident_reads_what_they_said_and_cannot_change_it(client, held):
    from enrollment.outcomes import evaluations

    evaluations.evaluation_save(
        session_id=held.sessions[0].pk, resident=held.residents[0], session_rating=3,
        instructor_rating=4, comment="Long evening",
        now=held.sessions[1].starts_at - datetime.timedelta(hours=1),
    )  # fmt: skip
    client.force_login(held.residents[0])
    url = form_url(held.sessions[0])
    body = client.get(reverse("my_academy")).content.decode()
    assert "you rated it 3 of 5" in body
    page = client.get(url).content.decode()
    assert "Ratings for this class have closed" in page and "Long evening" in page
    assert '<form method="post" novalidate>' not in page
    response = client.post(url, {"session_rating": "5", "instructor_rating": "5"})
    assert response.status_code == 400
    assert SessionEvaluation.objects.get().session_rating == 3


def test_others_classes_are_not_found(client, held):
    other = held_class(residents=1)
    stranger = UserFactory()
    for user in (stranger, other.residents[0]):
        client.force_login(user)
        for method in ("get", "post"):
            response = getattr(client, method)(
                form_url(held.sessions[1]), {"session_rating": "1", "instructor_rating": "1"}
            )
            assert response.status_code == 404
    assert not SessionEvaluation.objects.exists()


def test_a_class_not_over_or_missed_is_not_found(client, held):
    client.force_login(held.residents[0])
    assert client.get(form_url(held.sessions[2])).status_code == 404


def test_signed_out_visitors_are_sent_to_sign_in(client, held):
    response = client.get(form_url(held.sessions[1]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_the_form_reads_in_the_residents_language(client, held):
    client.force_login(held.residents[0])
    response = client.get("/es" + form_url(held.sessions[1]))
    assert response.status_code == 200
    assert 'lang="es"' in response.content.decode()


def test_a_session_without_an_instructor_asks_only_about_the_class(client, held):
    session = held.sessions[1]
    session.instructors.set([])
    session.save()
    client.force_login(held.residents[0])
    body = client.get(form_url(session)).content.decode()
    assert "How was the instructor" not in body
    assert client.post(form_url(session), {"session_rating": "5"}).status_code == 302
    assert SessionEvaluation.objects.get().instructor_rating is None
    assert timezone.now()


HOSTILE_VALUES = st.one_of(
    st.text(max_size=50),
    st.text(min_size=1000, max_size=3000),
    st.sampled_from(["0", "6", "-1", "1e309", "4.5", "\x00", '=HYPERLINK("x")', "[]", "5"]),
)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    data=st.dictionaries(
        st.sampled_from(["session_rating", "instructor_rating", "comment"]), HOSTILE_VALUES
    )
)
def test_the_form_survives_anything_and_records_only_a_whole_valid_answer(client, held, data):
    client.force_login(held.residents[0])
    with transaction.atomic():
        response = client.post(form_url(held.sessions[1]), data)
        assert response.status_code in (302, 400), response.status_code
        saved = SessionEvaluation.objects.first()
        if response.status_code == 400:
            assert saved is None
        else:
            assert 1 <= saved.session_rating <= 5 and 1 <= saved.instructor_rating <= 5
            assert len(saved.comment) <= 1000
        transaction.set_rollback(True)
