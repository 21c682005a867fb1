"""Residents who read Spanish or Vietnamese, in a real browser.

A Spanish-speaking visitor signs up on the Spanish pages, confirms the address, signs in,
applies for a class, takes a module's quiz in Spanish and gets the worker's emails in Spanish.
The Vietnamese pages are scanned with axe and say `lang="vi"` (and `lang="en"` on what is still
English). Words are looked up in the catalogues (es(...), vi(...)), each checked to differ from
the English, so the test reads the page in the language a resident would.
"""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, pgettext
from playwright.sync_api import Page, expect
from wagtail.models import Locale

from courses.academy import AcademyWordsTranslation
from courses.models import AcademyHomePage, ContentPage, ModulePage, QuizAttempt
from cpa_site.languages import user_language
from enrollment.models import Application
from tests.browser.conftest import assert_accessible
from tests.browser.test_resident_journey import answer, link_in

EMAIL = "lucia.herrera@example.org"
PASSWORD = "farol-del-puerto-2026"
SPRING = "Spring evening class"  # the demo's open first-come class
PHONE = {"width": 390, "height": 844}


def words(language: str, english: str, context: str = "") -> str:
    """The catalogue's words for `english` in `language`; never the English itself."""
    with translation.override(language):
        translated = pgettext(context, english) if context else gettext(english)
    assert translated != english, f"{english!r} has no {language} translation"
    return translated


def es(english: str, context: str = "") -> str:
    return words("es", english, context)


def vi(english: str) -> str:
    return words("vi", english)


def h1(page: Page):
    return page.get_by_role("heading", level=1)


def spanish_academy_name() -> str:
    return AcademyWordsTranslation.objects.get(language="es").name


def test_a_spanish_speaker_signs_up_applies_takes_a_quiz_and_gets_spanish_emails(
    new_page, mail_worker, axe_log
):
    page = new_page(locale="es-US")
    page.goto("/es/")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    home = AcademyHomePage.objects.get(locale__language_code="es")
    expect(h1(page)).to_have_text(home.title)
    axe_log.scan(page, "landing page in Spanish")

    # Sign-up: the language of the page is offered as the resident's language.
    page.get_by_role("navigation", name=es("Your account")).get_by_role(
        "link", name=es("Create an account")
    ).click()
    expect(page).to_have_url(re.compile(r"/es/accounts/signup/$"))
    expect(h1(page)).to_have_text(es("Create an account"))
    expect(page.locator("select[name=language]")).to_have_value("es")
    axe_log.scan(page, "sign-up form in Spanish")
    page.get_by_role("button", name=es("Create an account")).click()
    expect(page.get_by_label(es("First name"))).to_have_attribute("aria-invalid", "true")
    axe_log.scan(page, "sign-up form with errors, in Spanish")
    page.get_by_label(es("First name")).fill("Lucía")
    page.get_by_label(es("Last name")).fill("Herrera")
    page.locator("input[name=email]").fill(EMAIL)
    page.locator("input[name=password1]").fill(PASSWORD)
    page.locator("input[name=password2]").fill(PASSWORD)
    page.get_by_role("button", name=es("Create an account")).click()
    expect(h1(page)).to_have_text(es("Check your email"))

    # allauth's confirmation email, from the web process, in Spanish with a Spanish link.
    (confirmation,) = [m for m in mail.outbox if m.to == [EMAIL]]
    assert confirmation.extra_headers.get("Content-Language") == "es"
    page.goto(link_in(confirmation.body, "/es/accounts/confirm-email/[^/\\s]+/"))
    page.get_by_role("button", name=es("Confirm my email address")).click()
    assert EmailAddress.objects.get(email=EMAIL).verified
    assert user_language(EmailAddress.objects.get(email=EMAIL).user) == "es"

    # Signing in from an English page still lands in Spanish: the account's language.
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_text(es("Signed in as %(name)s") % {"name": "Lucía"})).to_be_attached()
    assert "/es/" in page.url

    # Upcoming classes and the application, in Spanish.
    page.get_by_role("navigation", name=es("Main", "navigation")).first.get_by_role(
        "link", name=es("Upcoming classes")
    ).click()
    expect(h1(page)).to_have_text(es("Upcoming classes"))
    axe_log.scan(page, "upcoming classes in Spanish")
    apply_label = es("Apply for %(cohort)s") % {"cohort": SPRING}
    page.get_by_role("link", name=apply_label).click()
    expect(page).to_have_url(re.compile(r"/es/classes/\d+/apply/$"))
    page.get_by_role("button", name=es("Send my application")).click()
    expect(page).to_have_title(re.compile(r"^Error: "))  # the same word in Spanish
    expect(page.get_by_role("alert")).to_contain_text(es("Please enter your date of birth."))
    axe_log.scan(page, "application form with errors, in Spanish")
    page.locator("input[name=date_of_birth]").fill("1986-03-11")
    page.locator("[name=address]").fill("1200 Southwest Boulevard, Kansas City, MO")
    page.locator("input[name=phone]").fill("816-555-0144")
    page.locator("input[name=residency_basis][value=lives]").check()
    page.locator("input[name=emergency_contact_name]").fill("Mateo Herrera")
    page.locator("input[name=emergency_contact_phone]").fill("816-555-0145")
    page.locator("[name=motivation]").fill("Quiero entender cómo se forma a los agentes.")
    page.get_by_role(
        "checkbox", name=es("I agree to the background check described above.")
    ).check()
    page.get_by_role("button", name=es("Send my application")).click()
    expect(h1(page)).to_have_text(es("My academy"))
    seat_message = es("You have a seat in %(cohort)s. We have emailed you the details.")
    expect(page.get_by_role("status")).to_contain_text(seat_message % {"cohort": SPRING})
    axe_log.scan(page, "My academy in Spanish, enrolled")
    assert Application.objects.get(resident__email=EMAIL, cohort__name=SPRING).status == "enrolled"

    # The real worker's email about the seat: Spanish subject, body and links.
    subject = es("You have a seat in {cohort}").format(cohort=SPRING)
    seat = mail_worker.wait_for(EMAIL, subject, prefix=spanish_academy_name())
    assert seat["Content-Language"] == "es"
    text = seat.get_body(preferencelist=("plain",)).get_content()
    html = seat.get_body(preferencelist=("html",)).get_content()
    assert "/es/my-academy/" in text
    assert '<html lang="es"' in html
    assert "Hola" in text or "Hola" in html

    # A module's quiz in Spanish: the attempt keeps its language and counts for the module.
    spanish = Locale.objects.get(language_code="es")
    module = ModulePage.objects.live().filter(locale=spanish, number=3).get()
    page.goto(module.url)
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(h1(page)).to_have_text(module.title)
    page.get_by_role("link", name=es("Take the quiz")).click()
    attempt = QuizAttempt.objects.get(resident__email=EMAIL, submitted_at__isnull=True)
    assert attempt.language == "es"
    assert attempt.module.locale.language_code == "en", "attempts count on the English module"
    spanish_questions = {block.id: block.value["text"] for block in module.quiz_questions}
    for question in attempt.snapshot["questions"]:
        assert question["text"] == spanish_questions[question["id"]]
    axe_log.scan(page, "quiz in Spanish")
    answer(page, attempt, right=True, question_label=es("Question %(number)s of %(total)s:"))
    page.get_by_role("button", name=es("Submit my answers")).click()
    expect(page.get_by_role("region", name=es("You passed"))).to_be_visible()
    axe_log.scan(page, "quiz result in Spanish")
    attempt.refresh_from_db()
    assert attempt.passed and attempt.language == "es"
    axe_log.assert_clean()


@pytest.fixture
def phone(browser, live_server, demo_academy) -> Page:
    context = browser.new_context(viewport=PHONE, base_url=live_server.url)
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


def test_the_vietnamese_pages_say_lang_vi_and_pass_axe_on_a_phone(phone):
    page = phone
    vietnamese = Locale.objects.get(language_code="vi")
    home = AcademyHomePage.objects.get(locale=vietnamese)
    translated_module = ModulePage.objects.live().filter(locale=vietnamese).first()
    english_only = ModulePage.objects.live().filter(locale__language_code="en", number=1).get()
    about = ContentPage.objects.live().filter(locale=vietnamese).first()
    with translation.override("vi"):
        addresses = [
            home.url,
            translated_module.url,
            about.url,
            reverse("cohort_list"),
            reverse("account_login"),
            reverse("account_signup"),
            reverse("search") + "?q=camera",
            reverse("privacy"),
        ]
    for address in addresses:
        assert address.startswith("/vi/"), address
        page.goto(address)
        expect(page.locator("html")).to_have_attribute("lang", "vi")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], address
        assert_accessible(page, f"{address} in Vietnamese at 390 px")
        switcher = page.get_by_role("navigation", name=vi("Language"))
        expect(switcher.get_by_role("link", name="Tiếng Việt")).to_have_attribute(
            "aria-current", "true"
        )
        expect(switcher.get_by_role("link", name="English")).to_have_attribute("lang", "en")

    # The curriculum in Vietnamese lists a module that has no Vietnamese copy in English,
    # marked as such for screen readers.
    page.goto(home.url)
    card = page.locator(".module-card").filter(has_text=english_only.title)
    expect(card.locator(f"[lang=en]:has-text('{english_only.title}')")).to_have_count(1)

    # The switcher keeps the page: from the Vietnamese module to its English original.
    page.goto(translated_module.url)
    page.get_by_role("navigation", name=vi("Language")).get_by_role("link", name="English").click()
    english = translated_module.get_translation(Locale.objects.get(language_code="en"))
    expect(page).to_have_url(re.compile(re.escape(english.url) + "$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
