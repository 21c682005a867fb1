import subprocess
import sys

import pytest
from django.conf import settings

from tests.support.factories import make_academy

pytestmark = pytest.mark.django_db


def test_base_layout_has_skip_link_landmarks_and_own_stylesheet(client):
    make_academy(module_count=1)
    html = client.get("/").content.decode()
    assert '<a class="skip-link" href="#main">' in html
    assert '<main id="main"' in html
    assert '<nav aria-label="Main">' in html
    assert "<footer" in html
    assert '<html lang="en">' in html
    assert "https://" not in html.split("<body")[0], "no third-party assets in <head>"


def test_unknown_page_is_a_404_in_the_site_layout(client):
    make_academy(module_count=1)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "We could not find that page" in html
    assert 'class="skip-link"' in html


def test_search_finds_modules_by_their_content(client):
    _, _, modules = make_academy(module_count=3)
    response = client.get("/search/", {"q": "talk first"})
    assert response.status_code == 200
    assert modules[0].title in response.content.decode()


def test_search_with_an_overlong_query_says_so(client):
    make_academy(module_count=1)
    response = client.get("/search/", {"q": "x" * 500})
    assert response.status_code == 200
    assert "200 characters or fewer" in response.content.decode()


def test_production_settings_pass_the_deploy_check():
    env = {
        "DJANGO_SETTINGS_MODULE": "cpa_site.settings.production",
        "SECRET_KEY": "p" * 20 + "-real-looking-secret-kJ8s9dF0aLq2Zx7Vb3Nm4",
        "ALLOWED_HOSTS": "academy.example.org",
        "PATH": "/usr/bin:/bin",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_settings_refuse_to_start_without_a_secret():
    env = {
        "DJANGO_SETTINGS_MODULE": "cpa_site.settings.production",
        "ALLOWED_HOSTS": "academy.example.org",
        "PATH": "/usr/bin:/bin",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr
