"""Consent texts as versions: an edit makes a new version, and an application keeps pointing at
the words its applicant agreed to."""

import pytest
from django.urls import reverse

from enrollment import services
from enrollment.consent import consent_digest
from enrollment.exceptions import EnrollmentError
from enrollment.models import Application, ConsentText
from tests.support.factories import (
    CohortFactory,
    UserFactory,
    application_answers,
    application_post,
)

pytestmark = pytest.mark.django_db

FIRST = "I agree that the department may run a background check on me."
SECOND = "I agree to a background check, and that its result is kept for one year."


def apply(cohort, **extra):
    return services.application_submit(
        cohort_id=cohort.pk, resident=UserFactory(), answers=application_answers(),
        consent_given=True, **extra,
    )  # fmt: skip


def test_an_edited_consent_never_changes_what_an_old_application_points_at():
    cohort = CohortFactory(consent_text=FIRST)
    early = apply(cohort)
    cohort.consent_text = SECOND
    cohort.save()
    late = apply(cohort)
    early.refresh_from_db()
    assert (early.consent.version, early.consent.text) == (1, FIRST)
    assert (late.consent.version, late.consent.text) == (2, SECOND)
    # The unchanged text is not versioned again.
    assert apply(cohort).consent_id == late.consent_id
    assert ConsentText.objects.filter(cohort=cohort).count() == 2


def test_saving_a_cohort_through_the_service_versions_an_edited_consent_at_once():
    cohort = CohortFactory(consent_text=FIRST)
    apply(cohort)
    cohort.consent_text = SECOND
    cohort.save()
    services.cohort_edited(cohort_id=cohort.pk)
    versions = list(cohort.consent_texts.order_by("version").values_list("version", "text"))
    assert versions == [(1, FIRST), (2, SECOND)]


def test_an_application_sent_after_the_consent_changed_asks_to_read_it_again():
    cohort = CohortFactory(consent_text=FIRST)
    shown = consent_digest(FIRST)
    cohort.consent_text = SECOND
    cohort.save()
    with pytest.raises(EnrollmentError) as refused:
        apply(cohort, consent_shown=shown)
    assert "changed while you were filling in the form" in refused.value.errors["consent"]
    assert not Application.objects.exists()
    assert apply(cohort, consent_shown=consent_digest(SECOND)).consent.text == SECOND


def test_the_form_keeps_the_answers_and_unticks_the_box_when_the_consent_changed(client):
    resident = UserFactory()
    client.force_login(resident)
    cohort = CohortFactory(consent_text=FIRST)
    url = reverse("application_create", args=[cohort.pk])
    assert f'value="{consent_digest(FIRST)}"' in client.get(url).content.decode()
    cohort.consent_text = SECOND
    cohort.save()
    data = application_post(consent_shown=consent_digest(FIRST), motivation="To learn a lot.")
    response = client.post(url, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "changed while you were filling in the form" in html
    assert SECOND in html and "To learn a lot." in html
    assert 'name="consent" id="id_consent" checked' not in html
    assert f'value="{consent_digest(SECOND)}"' in html
    assert not Application.objects.exists()
    data["consent_shown"] = consent_digest(SECOND)
    assert client.post(url, data).status_code == 302
    assert Application.objects.get().consent.text == SECOND
