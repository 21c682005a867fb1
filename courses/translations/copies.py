"""Which copy of a page to show, link to or count, when a page exists in several languages.

Only Wagtail's models here (no courses.models), so page models can call these freely.
"""

from wagtail.models import Locale, Page


def locale_active() -> Locale:
    """The reader's language as a Wagtail locale (the default one when it has none)."""
    try:
        return Locale.get_active()
    except Locale.DoesNotExist:
        return Locale.get_default()


def page_in_default_language(page: Page) -> Page:
    """The page's copy in the site's default language (English), or the page itself when it
    has none: the copy that quiz attempts, cohorts and lists are kept against."""
    default = Locale.get_default()
    if page.locale_id == default.pk:
        return page
    return page.get_translation_or_none(default) or page


def content_language(page: Page) -> str:
    """The language a page's words are written in: an alias repeats its original's words, so
    it is in the original's language, whatever locale it sits in."""
    words = getattr(page, "words_language", "")
    if words:
        return words
    if page.alias_of_id:
        page = Page.objects.select_related("locale").get(pk=page.alias_of_id)
    return page.locale.language_code


def pages_for_reader(pages, locale: Locale | None = None, *, own=None) -> list[Page]:
    """Each of `pages` (default-language pages, in order) as a reader of `locale` (the active
    language) should get it: its live copy in that language where there is one, else the page
    itself. `own`: pages that exist only in that language, appended. Each page returned
    carries `words_language`, the language its words are in, for `lang` and "in English"."""
    locale = locale or locale_active()
    pages = list(pages)
    copies = {}
    if pages:
        copies = {
            copy.translation_key: copy
            for copy in type(pages[0])
            .objects.live()
            .filter(locale=locale, translation_key__in=[page.translation_key for page in pages])
            .select_related("locale")
        }
    listed = [copies.get(page.translation_key, page) for page in pages]
    if own is not None:
        keys = {page.translation_key for page in pages}
        listed += [page for page in own if page.translation_key not in keys]
    languages = {locale.pk: locale.language_code for locale in Locale.objects.all()}
    originals = _alias_languages([page for page in listed if page.alias_of_id])
    for page in listed:
        page.words_language = originals.get(page.pk) or languages[page.locale_id]
    return listed


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
