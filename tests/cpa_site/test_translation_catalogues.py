"""The Spanish and Vietnamese catalogues hold every word the site marks for translation,
translated, none fuzzy, with the same placeholders, and the compiled .mo files match them."""

import re
import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.test import override_settings

from cpa_site.management.commands import catalogues_update
from tests.conftest import REQUIRE_SERVICES

LOCALE_DIR = Path(settings.BASE_DIR) / "cpa_site" / "locale"
LANGUAGES = catalogues_update.translated_languages()
SOURCES = ("cpa_site", "courses", "enrollment", "templates")  # what catalogues_update reads
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")


def catalogue(code: str) -> polib.POFile:
    return polib.pofile(str(LOCALE_DIR / code / "LC_MESSAGES" / "django.po"))


def entry_key(entry) -> tuple:
    return (entry.msgctxt, entry.msgid, entry.msgid_plural)


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> dict[str, polib.POFile]:
    """What makemessages finds in the code today, in a scratch locale folder."""
    if shutil.which("xgettext") is None:
        message = "xgettext (Debian's gettext package) is not installed"
        if REQUIRE_SERVICES:
            pytest.fail(f"REQUIRE_SERVICES=1 but {message}", pytrace=False)
        pytest.skip(message)
    # makemessages writes into any folder named locale it walks past (cpa_site/locale): it runs
    # on a copy of the code without the catalogues, so the committed ones are never touched.
    copy = tmp_path_factory.mktemp("code")
    for part in SOURCES:
        shutil.copytree(
            Path(settings.BASE_DIR) / part, copy / part, ignore=shutil.ignore_patterns("locale")
        )
    scratch = tmp_path_factory.mktemp("locale")
    monkeypatch = pytest.MonkeyPatch()
    monkeypatch.chdir(copy)
    try:
        with override_settings(LOCALE_PATHS=[scratch]):
            catalogues_update.extract()
    finally:
        monkeypatch.undo()
    return {
        code: polib.pofile(str(scratch / code / "LC_MESSAGES" / "django.po")) for code in LANGUAGES
    }


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_word_marked_in_the_code_is_in_the_catalogue(extracted, code):
    committed = {entry_key(entry) for entry in catalogue(code) if not entry.obsolete}
    missing = [entry.msgid for entry in extracted[code] if entry_key(entry) not in committed]
    assert not missing, (
        f"{len(missing)} words not in {code}'s catalogue (run make messages): {missing[:10]}"
    )


@pytest.mark.parametrize("code", LANGUAGES)
def test_the_catalogue_has_no_untranslated_fuzzy_or_left_over_entries(code):
    po = catalogue(code)
    assert len(po) > 0
    untranslated = [entry.msgid for entry in po.untranslated_entries()]
    assert not untranslated, f"{len(untranslated)} untranslated in {code}: {untranslated[:10]}"
    fuzzy = [entry.msgid for entry in po.fuzzy_entries()]
    assert not fuzzy, f"{len(fuzzy)} fuzzy in {code}: {fuzzy[:10]}"
    obsolete = [entry.msgid for entry in po.obsolete_entries()]
    assert not obsolete, f"{len(obsolete)} obsolete in {code}: {obsolete[:10]}"


@pytest.mark.parametrize("code", LANGUAGES)
def test_each_translation_keeps_the_placeholders_of_its_english(code):
    wrong = []
    for entry in catalogue(code).translated_entries():
        if not entry.msgid_plural:
            if placeholders(entry.msgid) != placeholders(entry.msgstr):
                wrong.append((entry.msgid, entry.msgstr))
            continue
        # Plural forms name only values the English plural names (a singular form may leave
        # the count out, as English "one" sometimes does).
        wanted = set(placeholders(entry.msgid_plural))
        wrong += [(entry.msgid_plural, form) for form in entry.msgstr_plural.values()
                  if not set(placeholders(form)) <= wanted]  # fmt: skip
    assert not wrong, f"placeholders differ in {code}: {wrong[:5]}"


@pytest.mark.parametrize("code", LANGUAGES)
def test_the_compiled_catalogue_matches_its_source(code):
    po = catalogue(code)
    mo = polib.mofile(str(LOCALE_DIR / code / "LC_MESSAGES" / "django.mo"))

    def as_dict(entries):
        return {
            entry_key(e): (e.msgstr, tuple(sorted(e.msgstr_plural.items())))
            for e in entries
            if e.msgid
        }

    assert as_dict(mo) == as_dict(po.translated_entries()), "run make messages to compile"


def test_the_placeholder_check_tells_a_dropped_value():
    assert placeholders("Class on %(day)s at %(time)s") != placeholders("Clase el %(day)s")
    assert placeholders("Class on %(day)s") == placeholders("Clase el %(day)s")
