"""The anonymous page cache: who gets a cached page, what is never stored, when it is purged.

The cache stores nothing rendered inside a transaction, so these tests commit (transaction=True).
"""

import pytest
from django.test import Client
from wagtail.models import PageViewRestriction

from enrollment import services
from tests.support.factories import CohortFactory, UserFactory, application_answers, make_academy

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_anonymous_second_request_is_served_from_the_cache_without_a_query(
    client, django_assert_num_queries
):
    _, _, modules = make_academy(module_count=2)
    for url in ("/", modules[0].url):
        first = client.get(url)
        assert first.status_code == 200
        assert first["X-Page-Cache"] == "miss"
        with django_assert_num_queries(0):
            second = client.get(url)
        assert second["X-Page-Cache"] == "hit"
        assert second.content == first.content
        assert second["Content-Type"] == first["Content-Type"]


def test_signed_in_resident_is_never_served_the_cached_page_nor_stores_one(client):
    _, _, modules = make_academy(module_count=1)
    resident = UserFactory(first_name="Rosa")
    signed_in = Client()
    signed_in.force_login(resident)

    # Signed in first: nothing is stored, so the next visitor gets a fresh anonymous page.
    mine = signed_in.get(modules[0].url)
    assert "Signed in as Rosa" in mine.content.decode()
    assert "X-Page-Cache" not in mine
    anonymous = client.get(modules[0].url)
    assert anonymous["X-Page-Cache"] == "miss"
    assert "Signed in as" not in anonymous.content.decode()

    # Anonymous page cached: the signed-in resident still gets their own.
    assert client.get(modules[0].url)["X-Page-Cache"] == "hit"
    again = signed_in.get(modules[0].url)
    assert "X-Page-Cache" not in again
    assert "Signed in as Rosa" in again.content.decode()


def test_publishing_a_module_shows_its_new_title_at_once_on_every_page(client):
    _, curriculum, modules = make_academy(module_count=2)
    module = modules[0]
    for url in ("/", curriculum.url, module.url):
        client.get(url)
        assert client.get(url)["X-Page-Cache"] == "hit"

    module.title = "Crisis intervention, revised"
    module.save_revision().publish()

    for url in ("/", curriculum.url, module.url):
        response = client.get(url)
        assert response["X-Page-Cache"] == "miss"
        assert "Crisis intervention, revised" in response.content.decode()


def test_unpublishing_a_module_takes_it_off_at_once(client):
    _, _, modules = make_academy(module_count=2)
    url = modules[1].url
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"

    modules[1].unpublish()

    assert client.get(url).status_code == 404
    assert modules[1].title not in client.get("/").content.decode()


def test_class_list_shows_the_new_seat_count_as_soon_as_someone_applies(client):
    cohort = CohortFactory(capacity=25)
    client.get("/classes/")
    cached = client.get("/classes/")
    assert cached["X-Page-Cache"] == "hit"
    assert "25 of 25" in cached.content.decode()

    services.application_submit(
        cohort_id=cohort.pk,
        resident=UserFactory(),
        answers=application_answers(),
        consent_given=True,
    )

    fresh = client.get("/classes/")
    assert fresh["X-Page-Cache"] == "miss"
    assert "24 of 25" in fresh.content.decode()


def test_a_seat_taken_under_the_cohorts_lock_renews_the_class_list_once_committed(client):
    """Applying asks nothing of the shared cache while the cohort's lock is held: the class
    list's copies are retired when the seat is committed (and not before, nor never)."""
    from django.db import transaction

    from cpa_site import page_cache

    cohort = CohortFactory(capacity=25)
    before = page_cache.generation("cohorts")
    with transaction.atomic():
        services.application_submit(
            cohort_id=cohort.pk, resident=UserFactory(), answers=application_answers(),
            consent_given=True,
        )  # fmt: skip
        assert page_cache.generation("cohorts") == before
    assert page_cache.generation("cohorts") != before
    assert "24 of 25" in client.get("/classes/").content.decode()


def test_page_with_a_csrf_token_is_never_stored(client):
    home, _, _ = make_academy(module_count=1)
    PageViewRestriction.objects.create(
        page=home, restriction_type=PageViewRestriction.PASSWORD, password="let-me-in-2026"
    )
    for _ in range(2):
        response = client.get("/")
        assert response.status_code == 200
        assert "csrfmiddlewaretoken" in response.content.decode()
        assert "X-Page-Cache" not in response


def test_visitor_with_a_messages_cookie_gets_a_fresh_page(client):
    make_academy(module_count=1)
    client.get("/")
    assert client.get("/")["X-Page-Cache"] == "hit"
    client.cookies["messages"] = "anything"
    assert "X-Page-Cache" not in client.get("/")


def test_search_and_forms_are_not_cached(client):
    make_academy(module_count=1)
    for url in ("/search/?q=talk", "/accounts/login/"):
        client.get(url)
        assert "X-Page-Cache" not in client.get(url)


@pytest.mark.django_db(transaction=False)
def test_nothing_rendered_inside_a_transaction_is_stored(client):
    make_academy(module_count=1)
    client.get("/")
    assert "X-Page-Cache" not in client.get("/")


def test_purge_made_by_another_process_is_seen_within_the_token_check_interval(client, monkeypatch):
    from django.core.cache import cache

    from cpa_site import page_cache

    _, _, modules = make_academy(module_count=1)
    url = modules[0].url
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"

    # Another process purged: only the shared token changed, not this process's copy of it.
    cache.set("page-cache:token:site", "renewed-elsewhere", timeout=None)
    monkeypatch.setattr(page_cache, "TOKEN_CHECK_SECONDS", 0)

    assert client.get(url)["X-Page-Cache"] == "miss"


def test_request_with_an_authorization_header_gets_a_fresh_page(client):
    make_academy(module_count=1)
    client.get("/")
    assert client.get("/")["X-Page-Cache"] == "hit"
    assert "X-Page-Cache" not in client.get("/", HTTP_AUTHORIZATION="Basic eDp5")


def _cached(client, *urls):
    for url in urls:
        client.get(url)
        assert client.get(url)["X-Page-Cache"] == "hit", url


def test_publishing_a_module_keeps_the_copies_of_pages_that_do_not_show_it(client):
    """Module 1's page links to module 2 only: publishing module 4 retires its own copy, its
    neighbours' (3, 5), the curriculum's and the landing page's; module 1 and the privacy
    page stay cached."""
    _, curriculum, modules = make_academy(module_count=5)
    first, third, fourth, fifth = modules[0], modules[2], modules[3], modules[4]
    kept = (first.url, "/privacy/")
    retired = ("/", curriculum.url, third.url, fourth.url, fifth.url)
    _cached(client, *kept, *retired)

    fourth.title = "Use of force, revised"
    fourth.save_revision().publish()

    for url in kept:
        assert client.get(url)["X-Page-Cache"] == "hit", url
    for url in retired:
        response = client.get(url)
        assert response["X-Page-Cache"] == "miss", url
        assert "Use of force, revised" in response.content.decode(), url


def test_a_module_given_another_number_retires_its_old_neighbours(client):
    _, _, modules = make_academy(module_count=5)
    second, fifth = modules[1], modules[4]
    _cached(client, modules[0].url, modules[2].url)

    second.number = 9  # from between modules 1 and 3 to after module 5
    second.save_revision().publish()

    for neighbour in (modules[0], modules[2], fifth):
        response = client.get(neighbour.url)
        assert response["X-Page-Cache"] == "miss", neighbour.number
    assert second.title not in client.get(modules[0].url).content.decode()
    assert second.title in client.get(fifth.url).content.decode()


def test_publishing_a_menu_page_retires_every_page(client):
    from tests.support.factories import ContentPageFactory

    home, _, modules = make_academy(module_count=2)
    about = ContentPageFactory(parent=home, title="About the academy", show_in_menus=True)
    about.save_revision().publish()
    _cached(client, modules[0].url, "/privacy/")

    about.title = "About our academy"
    about.save_revision().publish()

    for url in (modules[0].url, "/privacy/"):
        response = client.get(url)
        assert response["X-Page-Cache"] == "miss"
        assert "About our academy" in response.content.decode()
