"""Pages in another language than the reader's: `lang` on their words, "in English" labels,
and the notice on a translation whose original changed since."""

from django import template
from django.utils.html import format_html
from django.utils.translation import get_language, get_language_info
from wagtail.models import Page

from courses.translations.copies import content_language
from courses.translations.status import SOURCE_CHANGED, translation_status

register = template.Library()


def _other_language(page) -> str:
    """The language of the page's words when it is not the reader's, else ""."""
    if not isinstance(page, Page):
        return ""
    words = content_language(page)
    return "" if words == get_language() else words


@register.simple_tag
def lang_attr(page):
    """` lang="en"` for an element holding the page's words when they are in another language
    than the page around them; nothing otherwise."""
    words = _other_language(page)
    return format_html(' lang="{}"', words) if words else ""


@register.simple_tag
def other_language_name(page) -> str:
    """The name of the page's language in the reader's ("inglés"), when it is another one."""
    words = _other_language(page)
    return str(get_language_info(words)["name_translated"]) if words else ""


@register.inclusion_tag("components/translation_notice.html", takes_context=True)
def translation_notice(context, page):
    """On a translation that is out of date (courses/translations/status.py): a short notice,
    in the reader's language, linking to the original page."""
    request = context.get("request")
    if not isinstance(page, Page) or not page.pk or getattr(request, "is_preview", False):
        return {"status": None}
    status = translation_status(page)
    if status is None or not status.out_of_date or not status.source.live:
        return {"status": None}
    return {
        "status": status,
        "changed": status.reason == SOURCE_CHANGED,
        "source_url": status.source.get_url(request=request),
        "source_language": status.source_language,
        "source_language_name": get_language_info(status.source_language)["name_translated"],
    }
