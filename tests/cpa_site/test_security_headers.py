"""Transport and headers: the production settings, the Content Security Policy, the deploy check."""

import importlib
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from courses.roles import COORDINATORS, roles_ensure
from tests.support.factories import UserFactory, make_academy

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def production(monkeypatch):
    """The production settings module as a server would load it."""
    monkeypatch.setenv("SECRET_KEY", "p" * 60)
    monkeypatch.setenv("ALLOWED_HOSTS", "academy.example.org")
    monkeypatch.delenv("HTTPS_ONLY", raising=False)
    monkeypatch.delenv("STAFF_REQUIRE_MFA", raising=False)
    module = importlib.import_module("cpa_site.settings.production")
    return importlib.reload(module)


@pytest.fixture
def academy():
    cache.clear()
    make_academy(module_count=1)
    yield
    cache.clear()


def directives(header: str) -> dict[str, list[str]]:
    parsed = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            parsed[words[0]] = words[1:]
    return parsed


def test_production_is_https_only_with_hsts_and_secure_httponly_cookies(production):
    assert production.SECURE_SSL_REDIRECT is True
    assert production.SECURE_HSTS_SECONDS >= 31536000
    assert production.SECURE_HSTS_INCLUDE_SUBDOMAINS is True
    assert production.SESSION_COOKIE_SECURE is True
    assert production.SESSION_COOKIE_HTTPONLY is True
    assert production.CSRF_COOKIE_SECURE is True
    assert production.SECURE_CONTENT_TYPE_NOSNIFF is True
    assert production.SECURE_REFERRER_POLICY == "same-origin"
    assert production.X_FRAME_OPTIONS == "DENY"
    assert production.STAFF_REQUIRE_MFA is True
    assert "axes.middleware.AxesMiddleware" in production.MIDDLEWARE
    assert "cpa_site.middleware.ContentSecurityPolicyMiddleware" in production.MIDDLEWARE


def test_public_pages_send_the_strict_policy_and_the_other_headers(client, academy):
    for url in ("/", reverse("cohort_list"), reverse("account_login"), reverse("search")):
        response = client.get(url)
        assert response.status_code == 200, url
        policy = response["Content-Security-Policy"]
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy, url
        found = directives(policy)
        assert found["default-src"] == ["'self'"]
        assert found["script-src"] == ["'self'"] and found["style-src"] == ["'self'"]
        assert found["frame-ancestors"] == ["'none'"]
        assert found["form-action"] == ["'self'"]
        assert found["img-src"] == ["'self'", "data:"]
        assert found["object-src"] == ["'none'"]
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"
        assert response["X-Frame-Options"] == "DENY"


def test_pages_from_the_anonymous_page_cache_carry_the_policy_too(client, academy):
    first = client.get("/")
    second = client.get("/")
    assert second.status_code == 200
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]


def test_public_templates_have_no_inline_script_or_style():
    offenders = []
    for path in (ROOT / "templates").rglob("*.html"):
        relative = path.relative_to(ROOT / "templates").as_posix()
        if relative.startswith("emails/") or "/email/" in relative or "certificate_pdf" in relative:
            continue  # emails and the PDF are not web pages
        text = path.read_text()
        for marker in ("<style", " style=", "onclick=", "onload=", "onsubmit=", "onchange="):
            if marker in text:
                offenders.append((relative, marker))
        for line in text.splitlines():
            if "<script" in line and "src=" not in line:
                offenders.append((relative, "inline <script>"))
    # The admin's announcement preview keeps one inline style: the admin policy allows it.
    assert offenders == [("enrollment/admin/announcement_inspect.html", " style=")]


def test_the_admin_gets_wagtails_documented_allowances_only(client):
    roles_ensure()
    client.force_login(UserFactory(groups=[COORDINATORS]))
    response = client.get("/admin/")
    assert response.status_code == 200
    found = directives(response["Content-Security-Policy"])
    assert "'unsafe-inline'" in found["style-src"] and "'unsafe-inline'" in found["script-src"]
    assert found["frame-ancestors"] == ["'self'"]
    assert found["object-src"] == ["'none'"]


def test_wagtails_preview_may_be_framed_by_the_admin_itself(client, academy):
    from courses.models import ModulePage

    roles_ensure()
    client.force_login(UserFactory(groups=[COORDINATORS]))
    module = ModulePage.objects.first()
    response = client.get(reverse("wagtailadmin_pages:preview_on_edit", args=[module.pk]))
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert directives(response["Content-Security-Policy"])["frame-ancestors"] == ["'self'"]


@override_settings(
    SECURE_SSL_REDIRECT=True,
    SECURE_HSTS_SECONDS=31536000,
    SECURE_HSTS_INCLUDE_SUBDOMAINS=True,
    SESSION_COOKIE_SECURE=True,
    CSRF_COOKIE_SECURE=True,
)
def test_with_production_values_http_redirects_and_https_sends_hsts_and_secure_cookies(
    client, academy
):
    assert client.get("/").status_code == 301
    response = client.get(reverse("account_login"), secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert "includeSubDomains" in response["Strict-Transport-Security"]
    resident = UserFactory(password="lantern-orchard-2026")
    EmailAddress.objects.create(user=resident, email=resident.email, verified=True, primary=True)
    response = client.post(
        reverse("account_login"),
        {"login": resident.email, "password": "lantern-orchard-2026"},
        secure=True,
    )
    assert response.status_code == 302
    assert response.cookies["sessionid"]["secure"] and response.cookies["sessionid"]["httponly"]
    assert response.cookies["csrftoken"]["secure"]
    response = client.get(reverse("my_academy"), secure=True)
    assert "no-store" in response["Cache-Control"]


def test_manage_py_check_deploy_passes_with_no_warnings():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cpa_site.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "academy.example.org",
    }
    env.pop("HTTPS_ONLY", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
