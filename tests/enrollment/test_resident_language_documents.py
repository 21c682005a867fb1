"""What a resident takes away is in their language: the graduation certificate (its `lang`, its
dates, its verification link) and the events of their calendar file and feed. The public
verification page is in the visitor's language."""

import datetime
import io
import zoneinfo

import icalendar
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader

from enrollment import calendars
from enrollment.certificates import certificate_html, certificate_pdf
from enrollment.models import Application, Certificate, ClassSession, CohortExtra, ExtraSignup
from tests.support.factories import (
    CohortFactory,
    UserFactory,
    application_answers,
    make_academy,
    published_translation,
)
from tests.support.languages import translated

pytestmark = pytest.mark.django_db
ZONE = zoneinfo.ZoneInfo(settings.TIME_ZONE)


def graduate(resident, **cohort_fields):
    cohort = CohortFactory(
        name="Autumn class",
        starts_on=datetime.date(2026, 9, 2),
        ends_on=datetime.date(2026, 10, 21),
        **cohort_fields,
    )
    now = timezone.now()
    application = Application.objects.create(
        cohort=cohort, resident=resident, status="enrolled", enrolled_at=now,
        consent_given_at=now, **application_answers(),
    )  # fmt: skip
    return Certificate.objects.create(
        application=application,
        code="ABCDEFGHJK",
        issued_at=datetime.datetime(2026, 10, 28, 12, 0, tzinfo=ZONE),
    )


def test_a_spanish_graduates_certificate_is_written_in_spanish():
    certificate = graduate(UserFactory(first_name="Ana", last_name="Ruiz", language="es"))
    html = certificate_html(certificate)
    assert '<html lang="es">' in html
    assert "2 de septiembre de 2026" in html and "28 de octubre de 2026" in html
    assert f"{settings.SITE_BASE_URL}/es/v/ABCDEFGHJK/" in html
    assert translation.get_language() == "en"


def test_an_english_graduates_certificate_stays_english():
    html = certificate_html(graduate(UserFactory()))
    assert '<html lang="en">' in html
    assert "September 2, 2026" in html
    assert f"{settings.SITE_BASE_URL}/v/ABCDEFGHJK/" in html


def test_the_pdf_a_vietnamese_graduate_downloads_is_made_in_vietnamese(client):
    resident = UserFactory(first_name="Lan", last_name="Tran", language="vi")
    certificate = graduate(resident)
    text = "".join(
        page.extract_text() for page in PdfReader(io.BytesIO(certificate_pdf(certificate))).pages
    )
    assert "Lan Tran" in text
    assert "/vi/v/ABCDEFGHJK/" in text
    # Downloaded from an English page, it is still in the graduate's own language.
    client.force_login(resident)
    response = client.get(reverse("certificate_download", args=[certificate.application_id]))
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "/vi/v/ABCDEFGHJK/" in text


def test_the_public_verification_page_is_in_the_visitors_language(client):
    graduate(UserFactory(first_name="Ana", last_name="Ruiz", language="es"))
    for language, written in (("en", "October 28, 2026"), ("vi", "28 tháng 10")):
        with translation.override(language):
            path = reverse("certificate_verify", args=["ABCDEFGHJK"])
        html = client.get(path).content.decode()
        assert f'<html lang="{language}"' in html, language
        assert "Ana Ruiz" in html
        assert written in html, language


def a_resident_with_a_class_and_an_extra(language):
    _home, _curriculum, (module,) = make_academy(module_count=1)
    cohort = CohortFactory(name="Spring class")
    resident = UserFactory(language=language)
    now = timezone.now()
    application = Application.objects.create(
        cohort=cohort, resident=resident, status="enrolled", enrolled_at=now,
        consent_given_at=now, **application_answers(),
    )  # fmt: skip
    starts = now + datetime.timedelta(days=3)
    ClassSession.objects.create(
        cohort=cohort, module=module, starts_at=starts, ends_at=starts + datetime.timedelta(hours=3)
    )
    ClassSession.objects.create(
        cohort=cohort, starts_at=starts + datetime.timedelta(days=7),
        ends_at=starts + datetime.timedelta(days=7, hours=3),
    )  # fmt: skip
    extra = CohortExtra.objects.create(
        cohort=cohort, title="Ride-along shift", starts_at=starts + datetime.timedelta(days=1),
        ends_at=starts + datetime.timedelta(days=1, hours=4), place="East Patrol Division",
        capacity=2, waiver_text="At my own risk.", waiver_version="2026-1",
    )  # fmt: skip
    ExtraSignup.objects.create(
        extra=extra, application=application, waiver_version="2026-1", waiver_agreed_at=now
    )
    return resident, module, extra


def events(body: bytes) -> list:
    return icalendar.Calendar.from_ical(body).walk("VEVENT")


def test_a_spanish_residents_calendar_names_modules_and_links_in_spanish():
    resident, module, extra = a_resident_with_a_class_and_an_extra("es")
    spanish = published_translation(module, "es", title="Hablar primero")
    found = {str(e["summary"]): e for e in events(calendars.calendar_for_resident(resident))}
    class_event = found["Spring class: Hablar primero"]
    assert str(class_event["url"]) == f"{settings.SITE_BASE_URL}{spanish.url}"
    assert spanish.url.startswith("/es/")
    extra_event = found["Spring class: Ride-along shift"]
    assert str(extra_event["url"]).endswith(f"/es/my-academy/extras/{extra.pk}/")
    assert extra_event["description"].params["LANGUAGE"] == "es"
    assert f"Spring class: {translated('es', 'Class')}" in found  # a session with no module


def test_a_module_not_yet_translated_keeps_its_english_title_in_the_calendar():
    resident, module, _extra = a_resident_with_a_class_and_an_extra("vi")
    summaries = [str(e["summary"]) for e in events(calendars.calendar_for_resident(resident))]
    assert f"Spring class: {module.title}" in summaries


def test_the_calendar_feed_is_written_in_its_subscribers_language_at_one_address(client):
    resident, module, extra = a_resident_with_a_class_and_an_extra("es")
    published_translation(module, "es", title="Hablar primero")
    feed = calendars.calendar_feed_renew(resident=resident)
    path = reverse("calendar_feed", args=[feed.token])
    assert not path.startswith("/es/")
    body = client.get(path).content
    summaries = [str(e["summary"]) for e in events(body)]
    assert "Spring class: Hablar primero" in summaries


def test_an_instructors_calendar_is_in_the_instructors_language():
    _home, _curriculum, (module,) = make_academy(module_count=1)
    published_translation(module, "vi", title="Nói chuyện trước")
    instructor = UserFactory(language="vi")
    cohort = CohortFactory(name="Spring class")
    starts = timezone.now() + datetime.timedelta(days=3)
    session = ClassSession.objects.create(
        cohort=cohort, module=module, starts_at=starts, ends_at=starts + datetime.timedelta(hours=3)
    )
    session.instructors.add(instructor)
    session.instructors.commit()
    (event,) = events(calendars.calendar_for_instructor(instructor))
    assert str(event["summary"]) == "Spring class: Nói chuyện trước"
