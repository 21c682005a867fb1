"""Readers of Spanish and Vietnamese get every module: its translation where one is live, else
the English module marked as English; English words under a Spanish page carry lang="en"."""

import pytest

from courses.models import ModulePage
from tests.courses.factories import translate
from tests.support.factories import ContentPageFactory, make_academy
from tests.support.languages import translated

pytestmark = pytest.mark.django_db


@pytest.fixture
def academy():
    home, curriculum, modules = make_academy(module_count=2)
    for page in [home, curriculum, *modules]:
        page.save_revision().publish()
    return home, curriculum, [ModulePage.objects.get(pk=m.pk) for m in modules]


@pytest.fixture
def spanish_site(academy):
    """A Spanish landing page and curriculum; only the first module is translated."""
    home, curriculum, modules = academy
    return translate(home, "es"), translate(curriculum, "es"), translate(modules[0], "es")


def test_the_spanish_curriculum_lists_every_module_english_ones_marked(
    client, academy, spanish_site
):
    _, _, modules = academy
    _, curriculum, spanish_module = spanish_site
    html = client.get(curriculum.url).content.decode()

    assert f'href="{spanish_module.url}"' in html
    assert f"<span>{spanish_module.title}</span>" in html
    english = modules[1]
    assert f'href="{english.url}"' in html, "the untranslated module, in English"
    assert f'<span lang="en">{english.title}</span>' in html
    assert f'<p lang="en">{english.summary}</p>' in html
    assert html.count("module-card__language") == 1, "only the English one is labelled"


def test_the_spanish_landing_page_lists_every_module_and_menu_page(client, academy, spanish_site):
    home, _, modules = academy
    about = ContentPageFactory(parent=home, show_in_menus=True)
    about.save_revision().publish()
    spanish_home, _, spanish_module = spanish_site

    html = client.get("/es/").content.decode()
    assert '<html lang="es"' in html
    assert spanish_home.title in html
    assert f'href="{spanish_module.url}"' in html and f'href="{modules[1].url}"' in html
    assert f'<a href="{about.url}" lang="en">{about.title}</a>' in html


def test_the_spanish_landing_page_finds_its_copies_among_its_own_pages_without_asking_again(
    client, academy, spanish_site
):
    """A translated tree mirrors its original: the Spanish copies of the menu pages and modules
    are the Spanish landing page's and curriculum's own children, read once, not looked up again
    by translation."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    home, _, modules = academy
    about = ContentPageFactory(parent=home, show_in_menus=True, title="About the academy")
    about.save_revision().publish()
    spanish_about = translate(about, "es")
    _, _, spanish_module = spanish_site

    client.get("/es/")
    with CaptureQueriesContext(connection) as queries:
        html = client.get("/es/").content.decode()
    assert f'<a href="{spanish_about.url}">{spanish_about.title}</a>' in html
    assert about.url not in html
    assert f'href="{spanish_module.url}"' in html and f'href="{modules[1].url}"' in html
    by_translation = [q["sql"] for q in queries if '"translation_key" IN (' in q["sql"]]
    assert by_translation == []


def test_an_english_page_shown_under_spanish_has_lang_on_its_words(client, academy):
    home, _, _ = academy
    html = client.get("/es/").content.decode()
    assert '<html lang="es"' in html
    assert f'<h1 lang="en">{home.title}</h1>' in html


def test_a_translated_page_has_no_lang_of_its_own(client, spanish_site):
    _, _, spanish_module = spanish_site
    html = client.get(spanish_module.url).content.decode()
    assert f"<h1>{spanish_module.title}</h1>" in html


def test_an_alias_holds_english_words_even_under_spanish(client, academy):
    _, _, modules = academy
    spanish_module = translate(modules[0], "es")
    alias = spanish_module.get_parent()  # the curriculum, made an alias of the English one
    assert alias.alias_of_id
    html = client.get(alias.url).content.decode()
    assert f'<h1 lang="en">{alias.title}</h1>' in html


def test_search_looks_in_the_readers_language_and_says_so(client, academy, spanish_site):
    _, _, modules = academy
    _, _, spanish_module = spanish_site
    html = client.get("/es/search/", {"q": "Officers"}).content.decode()
    searches = translated("es", "This searches the pages written in %(language)s.")
    assert searches % {"language": "español"} in html or searches % {"language": "Español"} in html
    assert f'href="{spanish_module.url}"' in html
    assert f'href="{modules[0].url}"' not in html

    english = client.get("/search/", {"q": "Officers"}).content.decode()
    assert "written in English" in english
    assert f'href="{modules[0].url}"' in english and spanish_module.url not in english
