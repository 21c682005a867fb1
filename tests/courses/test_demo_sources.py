"""Nothing invented in the department's name: what the demo says about KCPD is quoted from its
FAQ, and the demo academy's example facts are never stated as the department's."""

import re
import tomllib

import pytest
from django.utils.html import escape
from wagtail.models import Page

from courses import demo_data
from courses.academy import AcademySettings
from courses.models import AcademyHomePage, ContentPage, CurriculumIndexPage, ModulePage
from cpa_site.demo import demo_academy_load

MODULES = demo_data.MODULES
IDS = [module["slug"] for module in MODULES]

# The demo academy's example facts (Academy settings, example cohorts) that the department's
# FAQ does not state; page and module prose must not state them either.
INVENTED_CLAIMS = {
    "a meeting place at the regional academy": r"(?<!Kansas City )Regional Police Academy"
    r"|Academy Way|classroom B",
    "a weekday": r"\bWednesdays?\b",
    "an age limit": r"\b18 ?\+|\b(aged|age) 18\b|\b18 (or|and) (older|over)\b",
    "who may apply": r"live, work or study",
    "a cost": r"free of charge|\bis free\b|\bfree (evening )?course\b|\bno fee\b"
    r"|\bcosts? nothing\b",
    "a length": r"\beight weeks\b|\b8 weeks\b",
    "evening hours": r"\b6 ?(to|-|–) ?9 ?(p\.? ?m\.?)",
    "records that rule applicants out": r"rule (an )?applicants? out|records? (can|may|will) rule",
    "an attendance rule": r"miss at most one|at most one absence",
    "a certificate promised": r"graduates (receive|get) a certificate",
    "an alumni group": r"\balumni\b",
}


def normalised(text: str) -> str:
    """Whitespace is the only difference a quote may have from the source."""
    return " ".join(text.split())


SOURCE_TEXT = normalised(demo_data.FAQ_TEXT.read_text(encoding="utf-8"))


def quoted_from_source(quote: str) -> bool:
    return normalised(quote) in SOURCE_TEXT


def claims_in(text: str) -> list[str]:
    """The invented claims a text states, however its lines are wrapped."""
    text = normalised(text)
    return [
        claim
        for claim, pattern in INVENTED_CLAIMS.items()
        if re.search(pattern, text, flags=re.IGNORECASE)
    ]


def test_the_kept_copy_of_the_faq_is_the_faq_the_modules_cite():
    assert demo_data.FAQ_TEXT.is_file()
    first_line = demo_data.FAQ_TEXT.read_text(encoding="utf-8").splitlines()[0]
    assert first_line == demo_data.FAQ_TITLE
    assert "Publish Date 05/29/2020" in SOURCE_TEXT
    assert demo_data.FAQ_DATE == "2020-05-29"


@pytest.mark.parametrize("module", MODULES, ids=IDS)
def test_every_quote_in_a_modules_sources_is_word_for_word_in_the_faq(module):
    for _kind, value in module["sources"]:
        assert quoted_from_source(value["quote"]), value["quote"]
        assert value["source_title"] == demo_data.FAQ_TITLE
        assert value["source_date"] == demo_data.FAQ_DATE


@pytest.mark.parametrize("module", MODULES, ids=IDS)
def test_an_altered_quote_is_not_found_in_the_faq(module):
    """The check above would catch a quote changed by one word, one letter or its end."""
    for _kind, value in module["sources"]:
        quote = value["quote"]
        words = quote.split()
        assert not quoted_from_source(" ".join(words[:-1] + ["indeed"]))
        assert not quoted_from_source(quote.replace(words[0], words[0] + "s", 1))
        assert not quoted_from_source(quote.rstrip(".") + " every week.")


@pytest.mark.parametrize("module", MODULES, ids=IDS)
def test_every_module_quotes_at_least_one_sentence_of_its_source(module):
    assert len(module["sources"]) >= 1


def _prose_files() -> dict[str, str]:
    """The demo's module and page files, and academy.toml without its example settings."""
    files = {path.name: path.read_text(encoding="utf-8") for path in demo_data.module_paths()}
    files["pages.toml"] = (demo_data.DEMO_DIR / "pages.toml").read_text(encoding="utf-8")
    academy = tomllib.loads((demo_data.DEMO_DIR / "academy.toml").read_text(encoding="utf-8"))
    del academy["settings"]
    files["academy.toml"] = repr(academy)
    return files


@pytest.mark.parametrize("name", sorted(_prose_files()))
def test_demo_files_state_none_of_the_example_facts_as_the_departments(name):
    assert claims_in(_prose_files()[name]) == [], name


def test_the_claim_check_recognises_each_invented_claim():
    """A check that finds nothing proves nothing: each old sentence is still caught."""
    old_sentences = [
        "Sessions take place in the Regional Police Academy classroom.",
        "for example Wednesdays from 6 to 9 p.m.",
        "Anyone aged 18 or over who lives, works or studies in the city.",
        "adults aged 18 and over who live, work or study in the city",
        "Nothing. The academy is free.",
        "for about eight weeks",
        "Some records can rule an applicant out.",
        "Come to the sessions: you can miss at most one.",
        "Graduates receive a certificate.",
        "an alumni group meets a few times a year",
    ]
    for sentence in old_sentences:
        assert claims_in(sentence), sentence
    assert claims_in("seven months at the Kansas City\nRegional Police Academy") == []


@pytest.mark.django_db
def test_loaded_pages_state_none_of_the_example_facts_as_the_departments(client):
    demo_academy_load()
    academy = AcademySettings.objects.get()
    # The example settings are the demo academy's own and may be shown: remove their words.
    settings_words = [
        escape(getattr(academy, field.name))
        for field in AcademySettings._meta.get_fields()
        if isinstance(getattr(academy, field.name, None), str) and getattr(academy, field.name)
    ]
    pages = Page.objects.live().type(AcademyHomePage, CurriculumIndexPage, ModulePage, ContentPage)
    assert pages.count() >= 11
    for page in pages:
        html = client.get(page.url).content.decode()
        main = re.search(r"<main\b.*?</main>", html, flags=re.S).group(0)
        for words in settings_words:
            main = main.replace(words, "")
        assert claims_in(main) == [], page.url


@pytest.mark.django_db
def test_module_page_shows_its_quotes_under_sources_with_the_faq_linked(client):
    demo_academy_load()
    module = ModulePage.objects.get(number=6)
    html = client.get(module.url).content.decode()
    assert '<h2 id="source-quotes-heading">Sources</h2>' in html
    for _kind, value in MODULES[5]["sources"]:
        assert f"<p>{escape(value['quote'])}</p>" in html
    assert f'href="{demo_data.FAQ_URL}"' in html
    assert escape(demo_data.FAQ_TITLE) in html
    assert "issuer&#x27;s website" not in html and "issuer's website" not in html


@pytest.mark.django_db
def test_demo_classes_meet_at_an_obviously_made_up_place():
    from enrollment.models import Cohort

    demo_academy_load()
    for cohort in Cohort.objects.all():
        assert cohort.place_name.startswith("Example "), cohort.place_name
        assert "Kansas City" not in cohort.place_address, cohort.place_address
