"""Sign-in lockout, staff session limits, second factor for staff, reauthentication."""

import datetime
import time

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from axes.models import AccessAttempt
from django.contrib.auth.password_validation import validate_password
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from courses.roles import COORDINATORS, roles_ensure
from cpa_site.middleware import LAST_SEEN_AT, SIGNED_IN_AT
from tests.support.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "lantern-orchard-2026"
ATTACKER_IP = "203.0.113.66"
OFFICE_IP = "198.51.100.10"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def coordinator():
    roles_ensure()
    user = UserFactory(email="coord@example.org", password=PASSWORD, groups=[COORDINATORS])
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def sign_in(client, email, password, ip):
    return client.post(
        reverse("account_login"), {"login": email, "password": password}, REMOTE_ADDR=ip
    )


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


# --- Lockout ------------------------------------------------------------------------------------


def test_five_failures_lock_that_email_from_that_address_for_15_minutes(client, coordinator):
    for attempt in range(4):
        response = sign_in(client, "Coord@example.org", "wrong-password", ATTACKER_IP)
        assert response.status_code == 200, attempt
    response = sign_in(client, "coord@example.org", "wrong-password", ATTACKER_IP)
    assert response.status_code == 429
    assert "Sign-in paused for 15 minutes" in response.content.decode()
    # Even the right password is refused from that address while the lock lasts.
    response = sign_in(client, "coord@example.org", PASSWORD, ATTACKER_IP)
    assert response.status_code == 429
    assert not signed_in(client)
    # Failures during the lock do not extend it.
    attempt = AccessAttempt.objects.get()
    assert attempt.failures_since_start == 5
    assert attempt.username == "coord@example.org"


def test_an_attacker_cannot_lock_the_coordinator_out_from_elsewhere(client, coordinator):
    for _ in range(8):
        sign_in(client, "coord@example.org", "wrong-password", ATTACKER_IP)
    response = sign_in(client, "coord@example.org", PASSWORD, OFFICE_IP)
    assert response.status_code == 302
    assert signed_in(client)


def test_the_lock_ends_after_15_minutes(client, coordinator):
    for _ in range(5):
        sign_in(client, "coord@example.org", "wrong-password", ATTACKER_IP)
    assert sign_in(client, "coord@example.org", PASSWORD, ATTACKER_IP).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=16))
    cache.clear()
    response = sign_in(client, "coord@example.org", PASSWORD, ATTACKER_IP)
    assert response.status_code == 302
    assert signed_in(client)


def test_wagtails_admin_sign_in_is_locked_the_same_way(client, coordinator):
    coordinator.username = "coord@example.org"
    coordinator.save()
    for _ in range(5):
        response = client.post(
            reverse("wagtailadmin_login"),
            {"username": "coord@example.org", "password": "nope-nope-nope"},
            REMOTE_ADDR=ATTACKER_IP,
        )
    assert response.status_code == 429
    response = client.post(
        reverse("wagtailadmin_login"),
        {"username": "coord@example.org", "password": PASSWORD},
        REMOTE_ADDR=ATTACKER_IP,
    )
    assert response.status_code == 429
    assert not signed_in(client)


def test_lockout_logs_name_no_email_or_address(client, coordinator, caplog):
    for _ in range(5):
        sign_in(client, "coord@example.org", "wrong-password", ATTACKER_IP)
    text = caplog.text
    assert "coord@example.org" not in text and ATTACKER_IP not in text


# --- Passwords and session key ------------------------------------------------------------------


def test_common_short_and_numeric_passwords_are_refused():
    for weak in ("password123", "short1", "1234567890123"):
        with pytest.raises(ValidationError):
            validate_password(weak)


def test_the_session_key_changes_at_sign_in(client, coordinator):
    client.get(reverse("account_login"))
    client.session.save()
    before = client.session.session_key
    sign_in(client, "coord@example.org", PASSWORD, OFFICE_IP)
    assert signed_in(client)
    assert client.session.session_key != before


# --- Staff session limits -----------------------------------------------------------------------


def _age_session(client, *, idle: float, since_sign_in: float):
    session = client.session
    now = time.time()
    session[LAST_SEEN_AT] = now - idle
    session[SIGNED_IN_AT] = now - since_sign_in
    session.save()


def test_staff_sessions_end_after_30_minutes_idle(client, coordinator):
    client.force_login(coordinator)
    assert client.get("/admin/").status_code == 200
    _age_session(client, idle=29 * 60, since_sign_in=60 * 60)
    assert client.get("/admin/").status_code == 200
    _age_session(client, idle=31 * 60, since_sign_in=60 * 60)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert not signed_in(client)


def test_staff_sessions_end_12_hours_after_sign_in_even_when_busy(client, coordinator):
    client.force_login(coordinator)
    _age_session(client, idle=60, since_sign_in=12 * 3600 + 60)
    response = client.get(reverse("my_academy"))
    assert response.status_code == 302
    assert not signed_in(client)


def test_residents_keep_djangos_default_session(client):
    resident = UserFactory()
    client.force_login(resident)
    _age_session(client, idle=5 * 3600, since_sign_in=48 * 3600)
    assert client.get(reverse("my_academy")).status_code == 200
    assert signed_in(client)


# --- Second factor for staff --------------------------------------------------------------------


def test_staff_without_totp_are_sent_to_set_it_up_when_required(client, coordinator, settings):
    settings.STAFF_REQUIRE_MFA = True
    client.force_login(coordinator)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_staff_with_totp_must_give_the_code_to_reach_the_admin(client, coordinator, settings):
    settings.STAFF_REQUIRE_MFA = True
    secret = generate_totp_secret()
    TOTP.activate(coordinator, secret)
    # Signed in without the code (as Wagtail's own form would): sent back to sign in.
    client.force_login(coordinator)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    # The admin's sign-in address leads to the same page.
    response = client.get(reverse("wagtailadmin_login") + "?next=/admin/")
    assert response["Location"] == reverse("account_login") + "?next=%2Fadmin%2F"
    # Password, then the code.
    response = sign_in(client, "coord@example.org", PASSWORD, OFFICE_IP)
    assert response["Location"] == reverse("mfa_authenticate")
    assert not signed_in(client)
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    response = client.post(reverse("mfa_authenticate"), {"code": code})
    assert response.status_code == 302
    assert signed_in(client)
    assert client.get("/admin/").status_code == 200


def test_residents_may_set_up_a_second_factor(client):
    client.force_login(UserFactory())
    assert client.get(reverse("mfa_index")).status_code == 200


# --- Reauthentication ---------------------------------------------------------------------------


def test_changing_the_email_asks_for_the_password_again(client, coordinator):
    sign_in(client, "coord@example.org", PASSWORD, OFFICE_IP)
    session = client.session
    # An old sign-in: more than allauth's reauthentication window ago.
    for record in session["account_authentication_methods"]:
        record["at"] = time.time() - 3600
    session.save()
    response = client.post(reverse("account_email"), {"action_add": "", "email": "new@example.org"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert not EmailAddress.objects.filter(email="new@example.org").exists()


def test_changing_the_password_asks_for_the_current_one(client, coordinator):
    sign_in(client, "coord@example.org", PASSWORD, OFFICE_IP)
    response = client.post(
        reverse("account_change_password"),
        {
            "oldpassword": "not-it-at-all",
            "password1": "new-lantern-22",
            "password2": "new-lantern-22",
        },
    )
    assert response.status_code == 200
    coordinator.refresh_from_db()
    assert coordinator.check_password(PASSWORD)


# --- Abuse: application rate limit and uploads ---------------------------------------------------


def test_a_flood_of_application_posts_is_limited_per_resident(client, settings):
    from enrollment.models import Application
    from tests.support.factories import CohortFactory

    settings.APPLICATION_POST_RATE = (3, 3600)
    client.force_login(UserFactory())
    url = reverse("application_create", args=[CohortFactory().pk])
    for _ in range(3):
        assert client.post(url, {"phone": "x"}).status_code == 400
    response = client.post(url, {"phone": "x"})
    assert response.status_code == 429
    assert "Wait an hour" in response.content.decode()
    assert Application.objects.count() == 0


def test_ten_typos_in_the_application_form_do_not_stop_the_resident_applying(client, settings):
    from enrollment.models import Application
    from tests.support.factories import CohortFactory, application_post

    settings.APPLICATION_SUBMIT_RATE = (10, 3600)
    client.force_login(UserFactory())
    cohort = CohortFactory()
    url = reverse("application_create", args=[cohort.pk])
    for _ in range(10):
        assert client.post(url, {**application_post(), "phone": "x"}).status_code == 400
    response = client.post(url, application_post())
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Application.objects.filter(cohort=cohort).count() == 1


def test_complete_applications_are_limited_per_resident(client, settings):
    from enrollment.models import Application
    from tests.support.factories import CohortFactory, application_post

    settings.APPLICATION_SUBMIT_RATE = (2, 3600)
    client.force_login(UserFactory())
    cohorts = [CohortFactory() for _ in range(3)]
    for cohort in cohorts[:2]:
        url = reverse("application_create", args=[cohort.pk])
        assert client.post(url, application_post()).status_code == 302
    url = reverse("application_create", args=[cohorts[2].pk])
    response = client.post(url, application_post())
    assert response.status_code == 429
    assert 'value="816-555-0142"' in response.content.decode()  # nothing typed is lost
    assert Application.objects.count() == 2


def test_uploads_of_other_kinds_are_refused(client, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from wagtail.documents.models import Document

    roles_ensure()
    client.force_login(UserFactory(groups=[COORDINATORS]))
    upload = SimpleUploadedFile("payload.html", b"<script>alert(1)</script>", "text/html")
    response = client.post(
        reverse("wagtaildocs:add"), {"title": "Payload", "file": upload, "collection": 1}
    )
    assert response.status_code == 200  # the form again, with the error
    assert not Document.objects.filter(title="Payload").exists()
    assert settings.WAGTAILDOCS_MAX_UPLOAD_SIZE <= 10 * 1024 * 1024
