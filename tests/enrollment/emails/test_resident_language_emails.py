"""Every email in its recipient's language: rendered under it, links under its prefix, dates
written its way, announcements in the resident's translation, and no query per language."""

import datetime
import email
import re
import zoneinfo

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from courses.models import ModulePage
from enrollment.emails import rendering
from enrollment.emails.announcements import announcement_fan_out
from enrollment.emails.catalogue import SUBJECTS
from enrollment.emails.delivery import notifications_deliver_batch
from enrollment.emails.rendering import notification_render
from enrollment.models import (
    Announcement,
    AnnouncementTranslation,
    Application,
    Certificate,
    ClassSession,
    CohortExtra,
    Notification,
)
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
# A Thursday in December: Spanish writes it "jueves, 3 de diciembre de 2026".
DECEMBER_EVENING = datetime.datetime(2026, 12, 3, 18, 30, tzinfo=ZONE)
ONLY_IN_ENGLISH = "This announcement is only available in English."


def enrolled(cohort, resident):
    now = timezone.now()
    return Application.objects.create(
        cohort=cohort, resident=resident, status="enrolled", enrolled_at=now,
        consent_given_at=now, **application_answers(),
    )  # fmt: skip


def reminder_for(resident, *, starts_at=DECEMBER_EVENING, module=None):
    cohort = CohortFactory(name="Spring class")
    application = enrolled(cohort, resident)
    session = ClassSession.objects.create(
        cohort=cohort, module=module, starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=3),
    )  # fmt: skip
    return Notification(
        kind="class_reminder_24h", key=f"k-{resident.pk}", recipient=resident, cohort=cohort,
        application=application, session=session, session_sequence=0,
    )  # fmt: skip


def links(text: str) -> list[str]:
    return re.findall(r"https?://[^\s\"<>]+", text)


def site_paths(text: str) -> list[str]:
    """The paths of the links to the site itself."""
    return [url.removeprefix(settings.SITE_BASE_URL) for url in links(text) if
            url.startswith(settings.SITE_BASE_URL)]  # fmt: skip


def test_a_spanish_residents_email_is_rendered_in_spanish(monkeypatch):
    rendered_in = []
    render = rendering.render_to_string

    def recording(*args, **kwargs):
        rendered_in.append(translation.get_language())
        return render(*args, **kwargs)

    monkeypatch.setattr(rendering, "render_to_string", recording)
    resident = UserFactory(first_name="Ana", language="es")
    message = notification_render(reminder_for(resident))
    html = message.alternatives[0][0]

    assert set(rendered_in) == {"es"}
    assert translation.get_language() == "en"  # the override ends with the email
    assert '<html lang="es">' in html
    assert message.extra_headers["Content-Language"] == "es"
    for body in (message.body, html):
        assert "jueves, 3 de diciembre de 2026, 18:30" in body
        paths = site_paths(body)
        assert "/es/my-academy/" in paths
        assert any(path.startswith("/es/emails/unsubscribe/") for path in paths)
        assert all(path.startswith("/es/") for path in paths), paths
    assert message.extra_headers["List-Unsubscribe"].startswith(f"<{settings.SITE_BASE_URL}/es/")


def test_an_english_residents_email_stays_unprefixed_and_says_it_is_english():
    message = notification_render(reminder_for(UserFactory()))
    html = message.alternatives[0][0]
    assert '<html lang="en">' in html
    assert message.extra_headers["Content-Language"] == "en"
    assert "/my-academy/" in site_paths(message.body)
    assert not any(path.startswith(("/es/", "/vi/")) for path in site_paths(message.body))
    assert "Thursday" in message.body and "December 3, 2026" in message.body


def test_a_spanish_residents_subject_is_translated():
    message = notification_render(reminder_for(UserFactory(language="es")))
    assert "Recordatorio" in message.subject
    assert "mañana" in message.subject or "pronto" in message.subject


@pytest.mark.parametrize("kind", sorted(SUBJECTS))
def test_every_email_kind_renders_in_a_vietnamese_residents_language(kind):
    cohort = CohortFactory(name="Spring class")
    resident = UserFactory(first_name="Lan", email="lan@example.org", language="vi")
    application = Application.objects.create(
        cohort=cohort, resident=resident, status="offered", decision_reason="Class is full",
        offer_expires_at=cohort.applications_close_at,
        consent_given_at=cohort.applications_open_at, **application_answers(),
    )  # fmt: skip
    session = ClassSession.objects.create(
        cohort=cohort, module=ModulePage.objects.first(), starts_at=DECEMBER_EVENING,
        ends_at=DECEMBER_EVENING + datetime.timedelta(hours=3),
    )  # fmt: skip
    announcement = Announcement.objects.create(cohort=cohort, subject="Parking", body="North lot")
    Certificate.objects.create(application=application, code="ABCDEFGHJK")
    extra = CohortExtra.objects.create(
        cohort=cohort, title="Ride-along shift", starts_at=session.starts_at,
        ends_at=session.ends_at, place="East Patrol Division", capacity=2,
        waiver_text="At my own risk.", waiver_version="2026-1",
    )  # fmt: skip
    notification = Notification(
        kind=kind, key=f"k-{kind}", recipient=resident, cohort=cohort, application=application,
        session=session if kind.startswith(("session", "class", "quiz")) else None,
        session_sequence=0, announcement=announcement if kind == "announcement" else None,
        extra=extra if kind.startswith("extra") else None,
    )  # fmt: skip
    message = notification_render(notification)
    html = message.alternatives[0][0]
    assert '<html lang="vi">' in html
    assert message.extra_headers["Content-Language"] == "vi"
    for body in (message.body, html):
        paths = site_paths(body)
        if kind != "instructor_session_changed":  # an instructor's email leads to the admin
            assert "/vi/my-academy/" in paths, kind
        # Pages with no Vietnamese copy yet (the English module) keep the English address, and
        # the admin has one address in every language (each user's own language).
        elsewhere = (session.module.url, "/admin/")
        assert all(p.startswith(("/vi/", *elsewhere)) for p in paths), paths
    if kind == "graduated":
        assert "/vi/v/ABCDEFGHJK/" in message.body
    if kind == "extra_signed_up":
        (ics,) = [a for a in message.attachments if a[0] == "academy-extra.ics"]
        assert f"/vi/my-academy/extras/{extra.pk}/" in ics[1].replace("\r\n ", "")


def a_class_with_residents_reading(*languages, module=None):
    cohort = CohortFactory(name="Spring class")
    starts = timezone.now() + datetime.timedelta(hours=20)
    ClassSession.objects.create(
        cohort=cohort, module=module, starts_at=starts, ends_at=starts + datetime.timedelta(hours=3)
    )
    residents = [UserFactory(language=language) for language in languages]
    for resident in residents:
        enrolled(cohort, resident)
    return cohort, residents


def delivered_to(resident):
    (message,) = [m for m in mail.outbox if m.to == [resident.email]]
    return message


def test_a_class_reminder_names_the_module_as_each_resident_reads_it():
    _home, _curriculum, (english,) = make_academy(module_count=1)
    cohort, (reader_en, reader_es) = a_class_with_residents_reading("en", "es", module=english)
    spanish = published_translation(english, "es", title="Hablar primero")
    from enrollment.emails import reminders

    reminders.class_reminders_queue_due()
    ids = list(Notification.objects.values_list("pk", flat=True))
    assert notifications_deliver_batch(notification_ids=ids).counts == {"sent": 2}

    in_spanish, in_english = delivered_to(reader_es), delivered_to(reader_en)
    assert "Hablar primero" in in_spanish.body and english.title not in in_spanish.body
    assert english.title in in_english.body and "Hablar primero" not in in_english.body
    ics = {name: body for name, body, _type in in_spanish.attachments}["academy-class.ics"]
    unfolded = ics.replace("\r\n ", "")
    assert "Hablar primero" in unfolded and spanish.url in unfolded
    english_ics = {n: b for n, b, _t in in_english.attachments}["academy-class.ics"]
    assert english.title in english_ics.replace("\r\n ", "")


def an_announcement_to(*languages, translations=()):
    cohort, residents = a_class_with_residents_reading(*languages)
    announcement = Announcement.objects.create(
        cohort=cohort, subject="Parking tonight", body="Use lot B.", sent_at=timezone.now()
    )
    for language, subject, body in translations:
        AnnouncementTranslation.objects.create(
            announcement=announcement, language=language, subject=subject, body=body
        )
    announcement_fan_out(announcement_id=announcement.pk)
    return announcement, residents


def test_each_resident_gets_the_announcement_in_their_language_or_english_with_a_line():
    _announcement, (reader_en, reader_es, reader_vi) = an_announcement_to(
        "en", "es", "vi", translations=[("es", "Estacionamiento esta noche", "Use el lote B.")]
    )
    ids = list(Notification.objects.values_list("pk", flat=True))
    assert notifications_deliver_batch(notification_ids=ids).counts == {"sent": 3}

    spanish = delivered_to(reader_es)
    assert spanish.subject.endswith("Spring class: Estacionamiento esta noche")
    for body in (spanish.body, spanish.alternatives[0][0]):
        assert "Use el lote B." in body and "Use lot B." not in body
        assert translated("es", ONLY_IN_ENGLISH) not in body
    assert '<div lang="es">' in spanish.alternatives[0][0]

    vietnamese = delivered_to(reader_vi)
    assert vietnamese.subject.endswith("Spring class: Parking tonight")
    assert vietnamese.extra_headers["Content-Language"] == "vi"
    for body in (vietnamese.body, vietnamese.alternatives[0][0]):
        assert "Use lot B." in body and translated("vi", ONLY_IN_ENGLISH) in body
    html = vietnamese.alternatives[0][0]
    assert '<html lang="vi">' in html and '<div lang="en">' in html  # the English text marked

    english = delivered_to(reader_en)
    assert "Use lot B." in english.body and ONLY_IN_ENGLISH not in english.body


def test_the_coordinators_preview_shows_the_email_for_each_language():
    cohort = CohortFactory()
    announcement = Announcement.objects.create(cohort=cohort, subject="Parking", body="Lot B.")
    AnnouncementTranslation.objects.create(
        announcement=announcement, language="vi", subject="Bãi đậu xe", body="Bãi B."
    )
    previews = {p["language"]: p for p in rendering.announcement_previews(announcement)}
    assert "Lot B." in previews["en"]["text"] and ONLY_IN_ENGLISH not in previews["en"]["text"]
    assert previews["es"]["only_in_english"]
    assert translated("es", ONLY_IN_ENGLISH) in previews["es"]["text"]
    assert "/es/emails/unsubscribe/" in previews["es"]["text"]
    assert "Bãi B." in previews["vi"]["text"] and not previews["vi"]["only_in_english"]


def delivery_queries(*languages, translations=()) -> int:
    """The queries a delivery batch makes for an announcement to residents of `languages`."""
    Notification.objects.all().delete()
    an_announcement_to(*languages, translations=translations)
    ids = list(Notification.objects.values_list("pk", flat=True))
    with CaptureQueriesContext(connection) as queries:
        notifications_deliver_batch(notification_ids=ids)
    return len(queries)


def test_residents_languages_cost_no_query_per_email_in_a_fan_out():
    """Their languages and the announcement's translations are read with the batch's own
    queries: a batch to residents of three languages costs what one to English readers does."""
    translations = [("es", "Estacionamiento", "Lote B."), ("vi", "Bãi đậu xe", "Bãi B.")]
    english_only = delivery_queries(*["en"] * 6, translations=translations)
    mixed = delivery_queries(*["en", "es", "vi"] * 2, translations=translations)
    assert mixed == english_only
    # And growing the class adds only each email's own outcome UPDATE.
    bigger = delivery_queries(*["en", "es", "vi"] * 4, translations=translations)
    assert bigger - mixed == 6


def test_residents_who_never_chose_a_language_cost_no_query_either():
    cohort, residents = a_class_with_residents_reading("en", "es")
    residents.append(UserFactory())  # no profile at all
    enrolled(cohort, residents[-1])
    Announcement.objects.create(cohort=cohort, subject="A", body="B", sent_at=timezone.now())
    announcement_fan_out(announcement_id=Announcement.objects.get().pk)
    ids = list(Notification.objects.values_list("pk", flat=True))
    with CaptureQueriesContext(connection) as queries:
        notifications_deliver_batch(notification_ids=ids)
    profile_reads = [q for q in queries if "userprofile" in q["sql"].lower()]
    assert len(profile_reads) == 1  # the claim's own join
    message = delivered_to(residents[-1])
    assert message.extra_headers["Content-Language"] == "en"


def test_a_delivered_email_carries_its_language_on_the_wire():
    """What the mail server receives: Content-Language and the HTML part's lang."""
    resident = UserFactory(language="es")
    notification = reminder_for(resident)
    notification.save()
    notifications_deliver_batch(notification_ids=[notification.pk])
    parsed = email.message_from_bytes(delivered_to(resident).message().as_bytes())
    assert parsed["Content-Language"] == "es"
    html = next(p for p in parsed.walk() if p.get_content_type() == "text/html")
    assert '<html lang="es">' in html.get_payload(decode=True).decode()
