"""Resident accounts: sign up with an email, confirm it, sign in, reset a forgotten password."""

import re
from html.parser import HTMLParser
from urllib.parse import urlparse

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from cpa_site.demo import DEMO_ACCOUNTS, demo_academy_load
from tests.support.factories import AcademySettingsFactory, UserFactory, make_academy

pytestmark = pytest.mark.django_db

PASSWORD = "lantern-orchard-2026"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    # allauth counts sign-ups and failed sign-ins in the cache; each test starts at zero.
    cache.clear()
    yield
    cache.clear()


def sign_up(client, email="rosa@example.org", password=PASSWORD, password2=None):
    return client.post(
        reverse("account_signup"),
        {
            "first_name": "Rosa",
            "last_name": "Rivera",
            "email": email,
            "password1": password,
            "password2": password if password2 is None else password2,
        },
    )


def sign_in(client, email, password):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def is_signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def link_in(message) -> str:
    """The path of the one link an email carries."""
    urls = re.findall(r"https?://\S+", message.body)
    assert len(urls) == 1, message.body
    return urlparse(urls[0]).path


def verified_resident(email="pat@example.org", password=PASSWORD):
    user = UserFactory(email=email, first_name="Pat", password=password)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


class FormControls(HTMLParser):
    """Every visible input of a page, the ids labels point at, and every id on the page."""

    def __init__(self, html: str):
        super().__init__()
        self.inputs: list[dict] = []
        self.label_targets: set[str] = set()
        self.ids: set[str] = set()
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "label" and "for" in attrs:
            self.label_targets.add(attrs["for"])
        if tag in {"input", "select", "textarea"} and attrs.get("type") != "hidden":
            self.inputs.append(attrs)

    def input(self, name: str) -> dict:
        return next(i for i in self.inputs if i.get("name") == name)


def test_sign_up_sends_one_confirmation_email_and_no_sign_in_until_its_link_is_followed(client):
    AcademySettingsFactory(contact_email="academy@example.org")
    response = sign_up(client)

    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["rosa@example.org"]
    assert message.subject == "Citizens Police Academy: Confirm your email address"
    assert "Hello Rosa," in message.body
    assert "academy@example.org" in message.body
    user = get_user_model().objects.get(email="rosa@example.org")
    assert (user.username, user.first_name, user.last_name) == (
        "rosa@example.org",
        "Rosa",
        "Rivera",
    )
    assert not is_signed_in(client)

    stranger = Client()
    response = sign_in(stranger, "rosa@example.org", PASSWORD)
    assert not is_signed_in(stranger)
    assert response.url == reverse("account_email_verification_sent")
    assert not EmailAddress.objects.get(email="rosa@example.org").verified


def test_following_the_confirmation_link_verifies_the_email_and_then_signing_in_works(client):
    make_academy(module_count=1)
    sign_up(client)
    confirm_path = link_in(mail.outbox[0])

    page = client.get(confirm_path)
    assert page.status_code == 200
    assert "rosa@example.org" in page.content.decode()
    client.post(confirm_path)
    assert EmailAddress.objects.get(email="rosa@example.org").verified

    resident = Client()
    response = sign_in(resident, "rosa@example.org", PASSWORD)
    assert response.status_code == 302
    assert response.url == "/"
    assert is_signed_in(resident)
    header = resident.get("/").content.decode().split("</header>")[0]
    assert "Signed in as Rosa" in header
    assert f'href="{reverse("account_logout")}">Sign out</a>' in header
    assert "Create an account" not in header


def test_wrong_password_shows_a_plain_error_and_keeps_the_email_typed(client):
    verified_resident()

    response = sign_in(client, "pat@example.org", "not-my-password-at-all")

    assert response.status_code == 200
    assert not is_signed_in(client)
    html = response.content.decode()
    alert = html.split('role="alert"')[1].split("</div>")[0]
    assert "The email or password is not right. Check both and try again." in alert
    assert FormControls(html).input("login")["value"] == "pat@example.org"


def test_sign_up_with_an_email_already_in_use_reveals_nothing_and_tells_the_owner(client):
    verified_resident(email="pat@example.org")
    fresh = sign_up(Client(), email="new-person@example.org")

    response = sign_up(client, email="Pat@Example.org")

    assert response.status_code == fresh.status_code == 302
    assert response.url == fresh.url, "the same answer as for a new email"
    assert get_user_model().objects.filter(email__iexact="pat@example.org").count() == 1
    to_owner = [
        m for m in mail.outbox if m.to == ["Pat@Example.org"] or m.to == ["pat@example.org"]
    ]
    assert len(to_owner) == 1
    assert reverse("account_reset_password") in to_owner[0].body


@pytest.mark.parametrize(
    ("password", "reason"),
    [("qwertyuiop", "This password is too common."), ("lantern7", "This password is too short.")],
)
def test_weak_password_is_refused_next_to_the_password_field(client, password, reason):
    response = sign_up(client, password=password)

    assert response.status_code == 200
    html = response.content.decode()
    error = re.search(r'<p class="field__error" id="id_password1_error">([^<]*)</p>', html)
    assert error and reason in error.group(1)
    assert FormControls(html).input("password1")["aria-invalid"] == "true"
    assert not get_user_model().objects.filter(email="rosa@example.org").exists()
    assert mail.outbox == []


def test_password_reset_emails_one_link_that_sets_a_new_password_which_then_works(client):
    verified_resident()

    response = client.post(reverse("account_reset_password"), {"email": "pat@example.org"})
    assert response.url == reverse("account_reset_password_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Citizens Police Academy: Choose a new password"
    assert message.to == ["pat@example.org"]

    form_page = client.get(link_in(message), follow=True)
    assert "Choose a new password" in form_page.content.decode()
    set_password_path = form_page.redirect_chain[-1][0]
    new_password = "copper-kettle-harbor-9"
    response = client.post(
        set_password_path, {"password1": new_password, "password2": new_password}
    )
    assert response.url == reverse("account_reset_password_from_key_done")

    resident = Client()
    sign_in(resident, "pat@example.org", PASSWORD)
    assert not is_signed_in(resident), "the old password no longer works"
    sign_in(resident, "pat@example.org", new_password)
    assert is_signed_in(resident)


def test_password_reset_answers_the_same_for_an_unknown_email(client):
    verified_resident()
    known = client.post(reverse("account_reset_password"), {"email": "pat@example.org"})
    unknown = client.post(reverse("account_reset_password"), {"email": "nobody@example.org"})

    assert unknown.status_code == known.status_code == 302
    assert unknown.url == known.url
    assert not any(
        "Choose a new password" in m.subject for m in mail.outbox if m.to == ["nobody@example.org"]
    )


def test_sign_up_form_labels_every_input_and_ties_errors_to_them(client):
    page = FormControls(client.get(reverse("account_signup")).content.decode())
    for control in page.inputs:
        assert control["id"] in page.label_targets, control
    assert "placeholder" not in page.input("email")
    assert "id_first_name_helptext" in page.input("first_name")["aria-describedby"]

    html = client.post(reverse("account_signup"), {}).content.decode()
    page = FormControls(html)
    assert 'role="alert"' in html
    assert '<p class="field__error" id="id_first_name_error">Enter your first name.</p>' in html
    for name in ("first_name", "last_name", "email", "password1", "password2"):
        control = page.input(name)
        assert control["aria-invalid"] == "true", name
        error_id = f"{control['id']}_error"
        assert error_id in control["aria-describedby"].split(), name
        assert error_id in page.ids, name


def test_header_offers_sign_in_and_account_creation_when_signed_out(client):
    make_academy(module_count=1)
    header = client.get("/").content.decode().split("</header>")[0]
    assert f'<a href="{reverse("account_login")}">Sign in</a>' in header
    assert f'<a href="{reverse("account_signup")}">Create an account</a>' in header
    assert "Sign out" not in header


def test_sign_out_asks_first_and_signs_out_on_the_button(client):
    verified_resident()
    sign_in(client, "pat@example.org", PASSWORD)

    page = client.get(reverse("account_logout"))
    assert is_signed_in(client)
    assert '<button type="submit">Sign out</button>' in page.content.decode()
    response = client.post(reverse("account_logout"))
    assert response.url == "/"
    assert not is_signed_in(client)


@pytest.mark.parametrize(
    ("url_name", "heading", "signed_in"),
    [
        ("account_signup", "Create an account", False),
        ("account_login", "Sign in", False),
        ("account_email_verification_sent", "Check your email", False),
        ("account_reset_password", "Reset your password", False),
        ("account_reset_password_done", "Check your email", False),
        ("account_logout", "Sign out", True),
        ("account_change_password", "Change your password", True),
        ("account_email", "Your email addresses", True),
    ],
)
def test_account_pages_use_the_site_layout_with_one_heading(client, url_name, heading, signed_in):
    if signed_in:
        client.force_login(verified_resident())
    response = client.get(reverse(url_name))

    assert response.status_code == 200
    html = response.content.decode()
    assert f"<title>{heading} | Citizens Police Academy</title>" in html
    assert '<a class="skip-link" href="#main">' in html
    assert html.count("<h1") == 1
    assert f"<h1>{heading}</h1>" in html
    assert "<script" not in html


def test_an_expired_or_wrong_confirmation_link_says_what_to_do(client):
    response = client.get(reverse("account_confirm_email", args=["not-a-real-key"]))
    assert response.status_code == 200
    assert "This link has expired or has already been used." in response.content.decode()


def test_demo_accounts_sign_in_with_their_email_and_password():
    demo_academy_load()
    for email, _first, _last, _group, password in DEMO_ACCOUNTS:
        address = EmailAddress.objects.get(email=email)
        assert address.verified and address.primary, email
        client = Client()
        response = sign_in(client, email, password)
        assert response.status_code == 302, email
        assert is_signed_in(client), email


def test_every_page_links_a_signed_in_resident_to_their_account_pages(client, django_user_model):
    resident = django_user_model.objects.create_user(
        username="links@example.org", email="links@example.org", password="a-long-passphrase-1"
    )
    client.force_login(resident)
    home = client.get(reverse("cohort_list")).content.decode()
    assert f'href="{reverse("account_email")}"' in home
    assert "Your account" in home
    account = client.get(reverse("account_email")).content.decode()
    for name in ("account_email", "account_change_password", "mfa_index"):
        assert f'href="{reverse(name)}"' in account, name


def test_the_admin_sign_in_form_asks_for_the_email_address_and_accepts_it(client):
    from django.contrib.auth.models import Permission

    staff = get_user_model().objects.create_user(
        username="not-the-email", email="staff@example.org", password="a-long-passphrase-1"
    )
    staff.user_permissions.add(Permission.objects.get(codename="access_admin"))
    page = client.get("/admin/login/").content.decode()
    assert "Email address" in page
    assert "Username" not in page
    response = client.post(
        "/admin/login/", {"username": "staff@example.org", "password": "a-long-passphrase-1"}
    )
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200
