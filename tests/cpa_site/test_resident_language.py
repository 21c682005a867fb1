"""Each resident's own language: chosen at sign-up, changed on the account pages, used after
signing in and in allauth's own emails."""

import re
from html.parser import HTMLParser
from urllib.parse import urlparse

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import translation
from wagtail.users.models import UserProfile

from cpa_site.languages import user_language, user_language_set
from tests.support.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "lantern-orchard-2026"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def in_language(name: str, language: str, *args) -> str:
    with translation.override(language):
        return reverse(name, args=args)


def sign_up(client, *, language=None, on="en", email="rosa@example.org"):
    data = {
        "first_name": "Rosa",
        "last_name": "Rivera",
        "email": email,
        "password1": PASSWORD,
        "password2": PASSWORD,
    }
    if language is not None:
        data["language"] = language
    return client.post(in_language("account_signup", on), data)


def verified_resident(email="pat@example.org", language=None):
    user = UserFactory(email=email, first_name="Pat", password=PASSWORD)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    if language:
        user_language_set(user=user, language=language)
    return user


class LanguageSelect(HTMLParser):
    """The language <select>'s options (value, lang, selected) and whether a label names it."""

    def __init__(self, html: str):
        super().__init__()
        self.options: list[dict] = []
        self.labelled = False
        self.in_select = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "label" and attrs.get("for") == "id_language":
            self.labelled = True
        if tag == "select" and attrs.get("name") == "language":
            self.in_select = True
        if tag == "option" and self.in_select:
            self.options.append(attrs)

    def handle_endtag(self, tag):
        if tag == "select":
            self.in_select = False

    def selected(self) -> str:
        return next(o["value"] for o in self.options if "selected" in o)


def test_the_sign_up_form_offers_each_language_named_in_itself_and_defaults_to_the_pages():
    for language in ("en", "es", "vi"):
        page = Client().get(in_language("account_signup", language)).content.decode()
        select = LanguageSelect(page)
        assert select.labelled
        assert [(o["value"], o.get("lang")) for o in select.options] == [
            ("en", "en"),
            ("es", "es"),
            ("vi", "vi"),
        ]
        assert select.selected() == language, language
    assert "Español" in page and "Tiếng Việt" in page


def test_sign_up_stores_the_language_chosen(client):
    response = sign_up(client, language="vi")
    assert response.status_code == 302
    user = get_user_model().objects.get(email="rosa@example.org")
    assert UserProfile.get_for_user(user).preferred_language == "vi"


def test_sign_up_without_a_choice_stores_the_language_of_the_page_signed_up_on(client):
    sign_up(client, on="es")
    user = get_user_model().objects.get(email="rosa@example.org")
    assert user_language(user) == "es"


def test_sign_up_refuses_a_language_not_offered_with_a_message_next_to_the_field(client):
    response = sign_up(client, language="fr")
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r'id="id_language_error">Choose one of the languages in the list\.</p>', html)
    assert not get_user_model().objects.filter(email="rosa@example.org").exists()


def test_the_confirmation_email_of_a_new_sign_up_is_in_their_language_and_links_there(client):
    sign_up(client, language="es")
    (message,) = mail.outbox
    assert message.extra_headers["Content-Language"] == "es"
    (link,) = re.findall(r"https?://\S+", message.body)
    assert urlparse(link).path.startswith("/es/accounts/confirm-email/")


def test_a_password_reset_asked_for_on_an_english_page_is_in_the_residents_language(client):
    verified_resident(language="vi")
    response = client.post(reverse("account_reset_password"), {"email": "pat@example.org"})
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.extra_headers["Content-Language"] == "vi"
    links = re.findall(r"https?://\S+", message.body)
    assert any(urlparse(link).path.startswith("/vi/accounts/password/reset/") for link in links)


def test_a_password_reset_for_an_unknown_address_is_in_the_language_of_the_page(client):
    response = client.post(
        in_language("account_reset_password", "es"), {"email": "nobody@example.org"}
    )
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.extra_headers["Content-Language"] == "es"


@override_settings(ACCOUNT_EMAIL_NOTIFICATIONS=True)
def test_allauths_security_notices_are_in_the_account_holders_language(client):
    resident = verified_resident(language="es")
    client.force_login(resident)
    client.post(
        reverse("account_change_password"),
        {
            "oldpassword": PASSWORD,
            "password1": "a-new-lantern-2027",
            "password2": "a-new-lantern-2027",
        },
    )
    notices = [m for m in mail.outbox if m.to == ["pat@example.org"]]
    assert notices, "allauth sends a notice when the password changes"
    assert {m.extra_headers["Content-Language"] for m in notices} == {"es"}


def test_residents_without_a_choice_read_english():
    resident = UserFactory()
    assert user_language(resident) == "en"
    UserProfile.get_for_user(resident)  # a profile with no language chosen (Wagtail's default)
    assert user_language(get_user_model().objects.get(pk=resident.pk)) == "en"


def test_a_stored_language_the_site_no_longer_offers_reads_as_english():
    resident = UserFactory()
    UserProfile.objects.create(user=resident, preferred_language="fr")
    assert user_language(resident) == "en"


def test_the_account_pages_link_to_the_language_page(client):
    client.force_login(verified_resident())
    page = client.get(reverse("account_email")).content.decode()
    assert f'href="{reverse("account_language")}"' in page
    language_page = client.get(reverse("account_language")).content.decode()
    assert f'href="{reverse("account_language")}" aria-current="page"' in language_page
    assert "<h1>Your language</h1>" in language_page


def test_the_language_page_needs_a_signed_in_person(client):
    response = client.get(reverse("account_language"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_the_language_page_shows_the_current_choice_and_changes_it(client):
    resident = verified_resident(language="es")
    client.force_login(resident)
    page = client.get(in_language("account_language", "es")).content.decode()
    assert LanguageSelect(page).selected() == "es"

    response = client.post(reverse("account_language"), {"language": "vi"})
    assert response.status_code == 302
    assert response.url == "/vi/accounts/language/"
    assert user_language(get_user_model().objects.get(pk=resident.pk)) == "vi"
    page = client.get(response.url).content.decode()
    assert '<html lang="vi"' in page
    assert LanguageSelect(page).selected() == "vi"


def test_the_language_page_refuses_a_language_not_offered_with_a_message_next_to_the_field(
    client,
):
    resident = verified_resident(language="es")
    client.force_login(resident)
    response = client.post(reverse("account_language"), {"language": "de"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_language_error">Choose one of the languages in the list.</p>' in html
    assert 'aria-invalid="true"' in html
    response = client.post(reverse("account_language"), {})
    assert 'id="id_language_error">Choose a language.</p>' in response.content.decode()
    assert user_language(get_user_model().objects.get(pk=resident.pk)) == "es"


def test_staff_and_residents_share_the_one_language_wagtail_keeps_for_the_admin():
    staff = UserFactory()
    user_language_set(user=staff, language="es")
    assert UserProfile.get_for_user(staff).get_preferred_language() == "es"
    with pytest.raises(ValueError):
        user_language_set(user=staff, language="xx")


def sign_in(client, email, *, next_url=None, on="en"):
    url = in_language("account_login", on)
    if next_url:
        url += f"?next={next_url}"
    return client.post(url, {"login": email, "password": PASSWORD})


def test_signing_in_lands_a_resident_in_their_language(client):
    verified_resident(language="es")
    response = sign_in(client, "pat@example.org")
    assert response.status_code == 302
    assert response.url == "/es/"


def test_signing_in_to_go_somewhere_goes_there_in_the_residents_language(client):
    verified_resident(language="vi")
    response = sign_in(client, "pat@example.org", next_url="/es/my-academy/", on="es")
    assert response.url == "/vi/my-academy/"


def test_signing_in_without_a_choice_lands_in_english(client):
    verified_resident()
    response = sign_in(client, "pat@example.org", next_url="/es/my-academy/", on="es")
    assert response.url == "/my-academy/"


def test_signing_in_to_the_admin_keeps_the_admin_address(client):
    verified_resident(language="es")
    response = sign_in(client, "pat@example.org", next_url="/admin/")
    assert response.url == "/admin/"
