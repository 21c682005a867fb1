"""Simultaneous posts of one resident's rating: real threads, real connections, one row."""

import pytest
from django.urls import reverse

from enrollment.models import SessionEvaluation
from enrollment.outcomes import evaluations
from tests.enrollment.test_concurrency import run_at_once

from .evaluation_helpers import held_class


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_one_resident_rating_a_class_many_times_at_once_leaves_one_evaluation():
    held = held_class(residents=1)
    session, resident = held.sessions[1], held.residents[0]

    def job(rating):
        return lambda: evaluations.evaluation_save(
            session_id=session.pk, resident=resident, session_rating=rating, instructor_rating=3
        )

    outcomes = run_at_once([job(1 + i % 5) for i in range(8)])
    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    assert SessionEvaluation.objects.filter(session=session).count() == 1
    # The row holds one of the posted ratings, whole.
    assert SessionEvaluation.objects.get().session_rating in {1, 2, 3, 4, 5}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_simultaneous_posts_of_the_form_answer_without_a_server_error():
    """Two browsers (say a double click) post the form together: both get the redirect, the
    database keeps one row."""
    from django.test import Client

    held = held_class(residents=1)
    session, resident = held.sessions[1], held.residents[0]
    url = reverse("session_evaluation", args=[session.pk])

    def post(rating):
        def send():
            browser = Client()
            browser.force_login(resident)
            return browser.post(
                url, {"session_rating": rating, "instructor_rating": 4, "comment": "Clear"}
            ).status_code

        return send

    outcomes = run_at_once([post(2), post(5)])
    assert outcomes == [302, 302], outcomes
    assert SessionEvaluation.objects.filter(session=session).count() == 1
