"""Random and hostile values posted to every public and resident form: never a 500, never a
partial record (property-based, hypothesis)."""

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import NoReverseMatch, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from courses.models import QuizAttempt
from enrollment.models import Application
from tests.support.factories import CohortFactory, UserFactory, make_academy

pytestmark = pytest.mark.django_db

HOSTILE = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1000, max_size=5000),
    st.sampled_from(
        [
            "<script>alert(1)</script>",
            "\x00\x01\x02",
            "' OR 1=1 --",
            '=HYPERLINK("x")',
            "../../etc/passwd",
            "%00",
            "\u202e\u200b",
            "9" * 400,
            "-1",
            "1e309",
            "[]",
            "{}",
        ]
    ),  # fmt: skip
)
FIELDS = st.dictionaries(
    st.sampled_from(
        [
            "date_of_birth",
            "address",
            "phone",
            "residency_basis",
            "emergency_contact_name",
            "emergency_contact_phone",
            "accessibility_needs",
            "motivation",
            "consent",
            "q",
            "page",
            "email",
            "login",
            "password",
            "password1",
            "password2",
            "first_name",
            "last_name",
        ]
    ),  # fmt: skip
    HOSTILE,
    max_size=12,
)
EXAMPLES = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def academy():
    make_academy(module_count=1)
    return CohortFactory()


def answered_without_error(response):
    assert response.status_code < 500, response.status_code


@EXAMPLES
@given(data=FIELDS)
def test_application_form_survives_anything_and_records_nothing_partial(academy, data):
    client = Client()
    client.force_login(UserFactory())
    cache.clear()  # the per-resident rate limit is not what this test is about
    before = Application.objects.count()
    with transaction.atomic():
        response = client.post(reverse("application_create", args=[academy.pk]), data)
        answered_without_error(response)
        after = Application.objects.count()
        assert after in (before, before + 1)
        if after == before + 1:
            assert response.status_code == 302, "a record only with a complete, valid form"
        transaction.set_rollback(True)


@EXAMPLES
@given(data=FIELDS)
def test_account_forms_survive_anything(academy, data):
    client = Client()
    cache.clear()
    for name in ("account_signup", "account_login", "account_reset_password"):
        with transaction.atomic():
            answered_without_error(client.post(reverse(name), data))
            transaction.set_rollback(True)


@EXAMPLES
@given(query=HOSTILE, page=HOSTILE)
def test_search_survives_anything(academy, query, page):
    answered_without_error(Client().get(reverse("search"), {"q": query, "page": page}))


@EXAMPLES
@given(token=st.text(alphabet=st.characters(codec="ascii", exclude_characters="/?#"), min_size=1,
                     max_size=200))  # fmt: skip
def test_tokens_and_codes_in_addresses_survive_anything(academy, token):
    client = Client()
    for name in ("certificate_verify", "email_unsubscribe", "calendar_feed"):
        try:
            url = reverse(name, args=[token])
        except NoReverseMatch:
            continue  # not a valid address at all: nothing to request
        answered_without_error(client.get(url))
        answered_without_error(client.post(url))


@EXAMPLES
@given(data=st.dictionaries(st.text(max_size=40), HOSTILE, max_size=8))
def test_quiz_submission_survives_garbage_and_records_nothing(academy, data):
    from courses.services import quiz_attempt_start
    from tests.courses.factories import quiz_module

    with transaction.atomic():
        module = quiz_module()
        resident = UserFactory()
        attempt = quiz_attempt_start(module=module, resident=resident)
        client = Client()
        client.force_login(resident)
        url = reverse("quiz_submit", args=[attempt.pk])
        answered_without_error(client.post(url, data))
        attempt.refresh_from_db()
        if attempt.submitted_at is None:
            assert attempt.answers in ({}, None, [])
        assert QuizAttempt.objects.filter(resident=resident).count() == 1
        transaction.set_rollback(True)
