"""What a page costs when it is rendered afresh (after a publish retired its copy): the
database is asked the same few times however many modules the academy has, the locale table
is read once per process (and again when a locale is added), and the module pager still skips
what is not live.

The locale table is kept only outside transactions, so these tests commit (transaction=True).
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale

from courses.translations.copies import locale_for_language
from tests.support.factories import CohortFactory, make_academy

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

AFRESH = {"HTTP_AUTHORIZATION": "Bench uncached"}  # never served from the page cache


def _queries(client, url) -> list[str]:
    client.get(url, **AFRESH)  # the first render reads the locale table
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **AFRESH)
    assert response.status_code == 200 and "X-Page-Cache" not in response
    return [query["sql"] for query in queries.captured_queries]


@pytest.mark.parametrize("module_count", [2, 8])
def test_the_landing_page_rendered_afresh_asks_the_same_seven_times_for_two_modules_or_eight(
    client, module_count
):
    make_academy(module_count=module_count)
    CohortFactory()
    sql = _queries(client, "/")
    # Wagtail's site, locale, page, ancestors and view-restriction look-ups, then ours: the
    # curriculum and menu pages together, and the modules (whether classes take applications
    # is kept).
    assert len(sql) == 7, sql
    assert not [s for s in sql if 'FROM "enrollment_cohort"' in s], sql
    assert len([s for s in sql if 'FROM "wagtailcore_locale"' in s]) == 1, sql


@pytest.mark.parametrize("module_count", [3, 9])
def test_a_module_page_rendered_afresh_asks_the_same_nine_times_and_its_pager_once(
    client, module_count
):
    _, _, modules = make_academy(module_count=module_count)
    sql = _queries(client, modules[1].url)
    # Wagtail's site, locale and landing page, the module by its address in one query (the
    # landing page's route), ancestors and view restrictions, then the breadcrumb's
    # curriculum, the objectives and one query for the previous and next modules.
    assert len(sql) == 9, sql
    by_address = [s for s in sql if '"wagtailcore_page"."url_path" = ' in s]
    assert len(by_address) == 1 and 'FROM "courses_modulepage"' in by_address[0], sql
    assert len([s for s in sql if 'FROM "wagtailcore_locale"' in s]) == 1, sql
    siblings = [s for s in sql if '"courses_modulepage"."page_ptr_id" = ' in s and " NOT (" in s]
    assert len(siblings) == 1, sql


def test_the_pager_links_the_nearest_live_modules(client):
    _, _, modules = make_academy(module_count=4)
    first, second, third, fourth = modules
    second.unpublish()
    html = client.get(first.url, **AFRESH).content.decode()
    assert f'href="{third.url}" rel="next"' in html and 'rel="prev"' not in html
    html = client.get(third.url, **AFRESH).content.decode()
    assert f'href="{first.url}" rel="prev"' in html and f'href="{fourth.url}" rel="next"' in html
    html = client.get(fourth.url, **AFRESH).content.decode()
    assert "This is the last module." in html


def test_a_locale_added_in_the_admin_is_known_at_once(client):
    make_academy(module_count=1)
    Locale.objects.filter(language_code="vi").delete()
    client.get("/", **AFRESH)  # the table is read without Vietnamese
    with pytest.raises(Locale.DoesNotExist):
        locale_for_language("vi")
    added = Locale.objects.create(language_code="vi")
    assert locale_for_language("vi") == added


@pytest.mark.django_db(transaction=False)
@pytest.mark.parametrize("url", ["landing", "module"])
def test_inside_a_transaction_pages_still_ask_the_same_for_two_modules_or_eight(client, url):
    """Nothing is kept there (nor with the page cache off): the locale table is asked for once
    a listing, never once a module."""
    from tests.support.factories import ModulePageFactory

    _, curriculum, modules = make_academy(module_count=2)
    path = "/" if url == "landing" else modules[0].url
    few = len(_queries(client, path))
    for number in range(3, 9):
        ModulePageFactory(parent=curriculum, number=number)
    assert len(_queries(client, path)) == few


def test_a_module_found_by_its_address_is_served_as_wagtail_would_route_it(client):
    """The landing page's shortcut for modules: the live module, a 404 for one unpublished or
    misspelled, and the curriculum and other pages still routed the usual way."""
    home, curriculum, modules = make_academy(module_count=3)
    first, second, _ = modules
    response = client.get(first.url, **AFRESH)
    assert response.status_code == 200 and first.title in response.content.decode()
    assert response.context["page"].specific == first
    second.unpublish()
    assert client.get(second.url, **AFRESH).status_code == 404
    assert client.get(first.url.rstrip("/") + "-nope/", **AFRESH).status_code == 404
    assert client.get(curriculum.url, **AFRESH).status_code == 200
    assert client.get(first.url + "more/", **AFRESH).status_code == 404


def test_a_module_moved_to_a_new_address_is_found_there_and_not_at_the_old_one(client):
    """Found by the address Wagtail keeps up to date (url_path), so a new slug is routed at
    once, and the old address is no longer served: Wagtail's redirects send it on."""
    _, _, modules = make_academy(module_count=2)
    module = modules[0]
    old_url = module.url
    module.slug = "a-new-address"
    module.save_revision().publish()
    module.refresh_from_db()
    assert module.url != old_url
    assert client.get(module.url, **AFRESH).status_code == 200
    old = client.get(old_url, **AFRESH)
    assert old.status_code in (301, 302) and old["Location"].endswith(module.url), old


CALL_TO_ACT = "See classes and apply"


def test_the_landing_pages_call_to_apply_follows_each_class_change_and_the_clock(client):
    """Whether a class takes applications is kept per process, but a cohort saved shows on the
    next render, and a window opening or closing shows at that moment without any save."""
    import datetime

    from django.utils import timezone

    from enrollment.selectors import cohorts_taking_applications_exist

    make_academy(module_count=1)
    assert CALL_TO_ACT not in client.get("/", **AFRESH).content.decode()
    cohort = CohortFactory()
    assert CALL_TO_ACT in client.get("/", **AFRESH).content.decode()
    cohort.status = "closed"
    cohort.save()
    assert CALL_TO_ACT not in client.get("/", **AFRESH).content.decode()

    now = timezone.now()
    cohort.status = "open"
    cohort.applications_open_at = now + datetime.timedelta(hours=1)
    cohort.applications_close_at = now + datetime.timedelta(hours=2)
    cohort.save()
    assert CALL_TO_ACT not in client.get("/", **AFRESH).content.decode()
    with CaptureQueriesContext(connection) as queries:
        before = cohorts_taking_applications_exist(now=now + datetime.timedelta(minutes=59))
        during = cohorts_taking_applications_exist(now=now + datetime.timedelta(minutes=61))
        after = cohorts_taking_applications_exist(now=now + datetime.timedelta(hours=2))
    assert (before, during, after) == (False, True, False)
    assert len(queries) == 0, [q["sql"] for q in queries.captured_queries]


def test_a_pages_language_links_are_worked_out_once_for_its_head_and_its_header(
    client, monkeypatch
):
    """The <link rel="alternate"> tags and the visible language links are the same list."""
    from cpa_site.templatetags import academy_tags

    _, _, modules = make_academy(module_count=2)
    made = []
    work_out = academy_tags._language_links

    def counted(*args, **kwargs):
        made.append(args)
        return work_out(*args, **kwargs)

    monkeypatch.setattr(academy_tags, "_language_links", counted)
    html = client.get(modules[0].url, **AFRESH).content.decode()
    assert len(made) == 1
    assert 'rel="alternate" hreflang="en"' in html and 'class="language-links"' in html
