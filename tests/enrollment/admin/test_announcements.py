"""Announcements written in the admin, in English and in the residents' other languages."""

import pytest
from django.urls import reverse

from tests.support.factories import CohortFactory
from tests.support.languages import translated

pytestmark = pytest.mark.django_db


def announcement_form(cohort, translations=(), **fields) -> dict:
    """What the admin's form posts: the English text, and the translations' inline forms."""
    data = {
        "cohort": cohort.pk,
        "subject": "Parking tonight",
        "body": "Use lot B.",
        "translations-TOTAL_FORMS": str(len(translations)),
        "translations-INITIAL_FORMS": "0",
        "translations-MIN_NUM_FORMS": "0",
        "translations-MAX_NUM_FORMS": "1000",
        **fields,
    }
    for index, (language, subject, body) in enumerate(translations):
        data.update(
            {
                f"translations-{index}-language": language,
                f"translations-{index}-subject": subject,
                f"translations-{index}-body": body,
                f"translations-{index}-id": "",
                f"translations-{index}-ORDER": str(index),
                f"translations-{index}-DELETE": "",
            }
        )
    return data


def test_an_announcement_written_in_the_admin_records_who_wrote_it(client, coordinator):
    from enrollment.models import Announcement

    cohort = CohortFactory()
    response = client.post(
        reverse("wagtailsnippets_enrollment_announcement:add"), announcement_form(cohort)
    )
    assert response.status_code == 302
    announcement = Announcement.objects.get(subject="Parking tonight")
    assert announcement.created_by == coordinator


def test_a_coordinator_adds_a_spanish_translation_on_the_announcement_form(client, coordinator):
    from enrollment.models import Announcement

    cohort = CohortFactory()
    form = client.get(reverse("wagtailsnippets_enrollment_announcement:add")).content.decode()
    assert "Translations" in form
    response = client.post(
        reverse("wagtailsnippets_enrollment_announcement:add"),
        announcement_form(cohort, [("es", "Estacionamiento esta noche", "Use el lote B.")]),
    )
    assert response.status_code == 302
    announcement = Announcement.objects.get(subject="Parking tonight")
    (translation,) = announcement.translations.all()
    assert (translation.language, translation.subject) == ("es", "Estacionamiento esta noche")


def test_two_translations_in_one_language_are_refused_with_a_message_not_an_error(
    client, coordinator
):
    from enrollment.models import Announcement

    cohort = CohortFactory()
    response = client.post(
        reverse("wagtailsnippets_enrollment_announcement:add"),
        announcement_form(cohort, [("es", "Uno", "Uno."), ("es", "Dos", "Dos.")]),
    )
    assert response.status_code == 200
    assert "Please correct the duplicate data for announcement and language" in (
        response.content.decode()
    )
    assert not Announcement.objects.exists()


def test_english_is_not_offered_as_a_translation_language(client, coordinator):
    from enrollment.models import Announcement

    response = client.post(
        reverse("wagtailsnippets_enrollment_announcement:add"),
        announcement_form(CohortFactory(), [("en", "Again", "Again.")]),
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Announcement.objects.exists()


def test_the_announcement_page_previews_the_email_for_each_language(client, coordinator):
    from enrollment.models import Announcement, AnnouncementTranslation

    announcement = Announcement.objects.create(
        cohort=CohortFactory(), subject="Parking tonight", body="Use lot B."
    )
    AnnouncementTranslation.objects.create(
        announcement=announcement, language="es", subject="Estacionamiento", body="Lote B."
    )
    page = client.get(
        reverse("wagtailsnippets_enrollment_announcement:inspect", args=[announcement.pk])
    ).content.decode()
    assert "Use lot B." in page and "Lote B." in page
    assert 'lang="es"' in page and 'lang="vi"' in page
    only_english = translated("vi", "This announcement is only available in English.")
    assert only_english in page  # the Vietnamese preview, in Vietnamese
