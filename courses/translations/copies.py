"""Which copy of a page to show, link to or count, when a page exists in several languages.

Only Wagtail's models here (no courses.models), so page models can call these freely.
"""

from django.conf import settings
from django.utils import translation
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page

from cpa_site import page_cache


def _locale_table() -> dict[str, dict] | None:
    """Every locale by id and by language code, kept per process while the "site" token holds
    (locales are added or removed in the admin's Locales; cpa_site/signals.py renews "site"):
    every page asks which language it is in several times, and the rows almost never change.
    None where nothing is kept (the page cache off, or inside a transaction): callers then ask
    the database as Wagtail does."""
    if not page_cache.memo_in_use():
        return None

    def build():
        locales = list(Locale.objects.all())
        return {
            "by_id": {locale.pk: locale for locale in locales},
            "by_code": {locale.language_code: locale for locale in locales},
        }

    return page_cache.memo(("locales",), ("site",), build)


def locale_for_language(language_code: str) -> Locale:
    """As Wagtail's Locale.objects.get_for_language, from the table above when it is kept."""
    table = _locale_table()
    if table is None:
        try:
            return Locale.objects.get_for_language(language_code)
        except LookupError as exc:
            raise Locale.DoesNotExist(language_code) from exc
    try:
        code = get_supported_content_language_variant(language_code)
    except LookupError as exc:
        raise Locale.DoesNotExist(language_code) from exc
    locale = table["by_code"].get(code)
    if locale is None:
        raise Locale.DoesNotExist(code)
    return locale


def locale_default() -> Locale:
    """The site's default language (settings.LANGUAGE_CODE) as a locale."""
    return locale_for_language(settings.LANGUAGE_CODE)


def locale_active() -> Locale:
    """The reader's language as a Wagtail locale (the default one when it has none)."""
    try:
        return locale_for_language(translation.get_language())
    except Locale.DoesNotExist:
        return locale_default()


def page_in_default_language(page: Page) -> Page:
    """The page's copy in the site's default language (English), or the page itself when it
    has none: the copy that quiz attempts, cohorts and lists are kept against."""
    default = locale_default()
    if page.locale_id == default.pk:
        return page
    return page.get_translation_or_none(default) or page


def content_language(page: Page) -> str:
    """The language a page's words are written in: an alias repeats its original's words, so
    it is in the original's language, whatever locale it sits in."""
    words = getattr(page, "words_language", "")
    if words:
        return words
    table = _locale_table()
    if page.alias_of_id:
        page = Page.objects.select_related("locale").get(pk=page.alias_of_id)
    if table is None or page.locale_id not in table["by_id"]:
        return page.locale.language_code  # read once per page object, then kept on it
    return table["by_id"][page.locale_id].language_code


def pages_for_reader(
    pages, locale: Locale | None = None, *, own=None, fields: tuple | None = None, among=None
) -> list[Page]:
    """Each of `pages` (default-language pages, in order) as a reader of `locale` (the active
    language) should get it: its live copy in that language where there is one, else the page
    itself. `own`: pages that exist only in that language, appended. Each page returned
    carries `words_language`, the language its words are in, for `lang` and "in English".
    `fields`: only these are read of the copies (a list's own), else all but their bodies.
    `among`: where the copies are when that is known and read already (a translated page's
    own children: a translated tree mirrors its original), so that nothing more is asked."""
    locale = locale or locale_active()
    pages = list(pages)
    copies = _copies(pages, locale, fields=fields, among=among)
    listed = [copies.get(page.translation_key, page) for page in pages]
    if own is not None:
        keys = {page.translation_key for page in pages}
        listed += [page for page in own if page.translation_key not in keys]
    table = _locale_table()
    if table is None or any(page.locale_id not in table["by_id"] for page in listed):
        languages = {each.pk: each.language_code for each in Locale.objects.all()}
    else:
        languages = {pk: each.language_code for pk, each in table["by_id"].items()}
    originals = _alias_languages([page for page in listed if page.alias_of_id])
    for page in listed:
        page.words_language = originals.get(page.pk) or languages[page.locale_id]
    return listed


def _copies(pages: list, locale: Locale, *, fields, among) -> dict:
    """{translation key: the page's live copy in `locale`}, for pages_for_reader."""
    # A reader of the pages' own language (English, mostly) gets the pages themselves.
    if all(page.locale_id == locale.pk for page in pages):
        return {}
    if among is not None:
        among = list(among)
        if all(page.locale_id == locale.pk for page in among):
            return {page.translation_key: page for page in among}
    found = (
        type(pages[0])
        .objects.live()
        .filter(locale=locale, translation_key__in=[page.translation_key for page in pages])
        .select_related("locale")
    )
    # Lists show titles and summaries, never bodies.
    found = found.only(*fields, "locale") if fields else found.defer_streamfields()
    return {copy.translation_key: copy for copy in found}


def _alias_languages(aliases: list[Page]) -> dict[int, str]:
    """Alias id -> the language of its original's words, in one query."""
    if not aliases:
        return {}
    originals = dict(
        Page.objects.filter(pk__in=[alias.alias_of_id for alias in aliases]).values_list(
            "pk", "locale__language_code"
        )
    )
    return {alias.pk: originals[alias.alias_of_id] for alias in aliases}
