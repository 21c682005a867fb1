"""What a signed-in page costs: the header links built once per process until a page changes,
the admin-access check in one query with the same answer as Django's permission check, asked
once per session until groups or permissions change.

The header links are kept only outside transactions, so the first tests commit."""

import pytest
from django.contrib.auth.models import AnonymousUser, Group, Permission
from django.contrib.sessions.backends.db import SessionStore
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cpa_site.middleware import has_admin_access
from tests.support.factories import ContentPageFactory, UserFactory, make_academy


def _nav_links(html: str) -> list[str]:
    nav = html.split('<ul class="site-nav">', 1)[1].split("</ul>", 1)[0]
    return [part.split("<", 1)[0] for part in nav.split('">')[1:]]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_header_links_cost_no_query_once_built_and_follow_a_new_menu_page_at_once():
    home, _, _ = make_academy(module_count=1)
    resident = UserFactory()
    browser = Client()
    browser.force_login(resident)
    browser.get("/my-academy/")
    with CaptureQueriesContext(connection) as built:
        browser.get("/my-academy/")
    assert not any("wagtailcore_site" in q["sql"] for q in built.captured_queries)

    about = ContentPageFactory(parent=home, title="About the academy", show_in_menus=True)
    about.save_revision().publish()

    links = _nav_links(browser.get("/my-academy/").content.decode())
    assert "About the academy" in links
    about.unpublish()
    assert "About the academy" not in _nav_links(browser.get("/my-academy/").content.decode())


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_current_header_link_is_marked_for_each_page_from_the_shared_links():
    make_academy(module_count=1)
    browser = Client()
    browser.get("/")
    classes = browser.get("/classes/").content.decode()
    assert 'aria-current="page">Upcoming classes' in classes
    home = browser.get("/").content.decode()
    assert 'aria-current="page">Home' in home
    assert 'aria-current="page">Upcoming classes' not in home


@pytest.mark.django_db
def test_admin_access_check_agrees_with_django_permissions_for_every_kind_of_user():
    call_command("setup_roles", verbosity=0)
    access = Permission.objects.get(codename="access_admin", content_type__app_label="wagtailadmin")
    direct = UserFactory()
    direct.user_permissions.add(access)
    inactive = UserFactory(groups=["Coordinators"], is_active=False)
    plain_group = Group.objects.create(name="Newsletter readers")
    reader = UserFactory()
    reader.groups.add(plain_group)
    people = {
        "resident": UserFactory(),
        "instructor": UserFactory(groups=["Instructors"]),
        "coordinator": UserFactory(groups=["Coordinators"]),
        "superuser": UserFactory(is_superuser=True),
        "direct permission": direct,
        "inactive coordinator": inactive,
        "group without admin": reader,
    }
    for who, user in people.items():
        fresh = type(user).objects.get(pk=user.pk)  # no permission cache from the setup
        assert has_admin_access(fresh) == fresh.has_perm("wagtailadmin.access_admin"), who
    assert [w for w, u in people.items() if has_admin_access(u)] == [
        "instructor", "coordinator", "superuser", "direct permission"
    ]  # fmt: skip
    assert has_admin_access(AnonymousUser()) is False


@pytest.mark.django_db
def test_resident_pages_do_not_load_every_permission_of_the_resident(client):
    make_academy(module_count=1)
    client.force_login(UserFactory())
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/my-academy/").status_code == 200
    permission_queries = [q for q in queries.captured_queries if "auth_permission" in q["sql"]]
    assert len(permission_queries) == 1


@pytest.mark.django_db
def test_admin_access_is_asked_once_per_session_until_groups_or_permissions_change():
    call_command("setup_roles", verbosity=0)
    user = UserFactory()
    session = SessionStore()

    def fresh_answer():
        return has_admin_access(type(user).objects.get(pk=user.pk), session)

    assert fresh_answer() is False
    with CaptureQueriesContext(connection) as queries:
        assert fresh_answer() is False
    assert not any("auth_permission" in q["sql"] for q in queries.captured_queries)

    coordinators = Group.objects.get(name="Coordinators")
    user.groups.add(coordinators)
    assert fresh_answer() is True
    access = Permission.objects.get(codename="access_admin", content_type__app_label="wagtailadmin")
    coordinators.permissions.remove(access)
    assert fresh_answer() is False
    user.user_permissions.add(access)
    assert fresh_answer() is True
    user.user_permissions.clear()
    assert fresh_answer() is False


@pytest.mark.django_db
def test_a_session_never_answers_for_another_user():
    call_command("setup_roles", verbosity=0)
    session = SessionStore()
    assert has_admin_access(UserFactory(groups=["Coordinators"]), session) is True
    assert has_admin_access(UserFactory(), session) is False


@pytest.mark.django_db
def test_second_signed_in_request_asks_nothing_about_permissions(client):
    make_academy(module_count=1)
    client.force_login(UserFactory())
    client.get("/my-academy/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/my-academy/").status_code == 200
    assert not any("auth_permission" in q["sql"] for q in queries.captured_queries)
