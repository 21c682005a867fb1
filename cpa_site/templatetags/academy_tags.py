from django import template
from django.conf import settings
from django.urls import reverse, translate_url
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.models import Locale, Page, Site

from cpa_site import page_cache
from cpa_site.languages import in_language
from enrollment.selectors import cohorts_taking_applications_exist

register = template.Library()


def _nav_items(request) -> list[dict]:
    """The landing page, the curriculum and pages marked 'show in menus', for this site, in the
    active language (its own copy of the landing page, or the English one until it has one)."""
    site = Site.find_for_request(request) if request else None
    home = site.root_page.localized.specific if site else None
    items = []
    if home is not None:
        items.append({"title": _("Home"), "url": home.url, "page_id": home.pk})
        for child in home.get_children().live().in_menu():
            items.append({"title": child.title, "url": child.url, "page_id": child.pk})
        items.insert(
            2 if len(items) > 1 else 1,
            {"title": _("Upcoming classes"), "url": reverse("cohort_list"), "page_id": None},
        )
    return items


@register.simple_tag
def classes_take_applications() -> bool:
    """Whether a class takes applications now: the landing page then leads to the class list."""
    return cohorts_taking_applications_exist(now=timezone.now())


@register.filter
def may_use_admin(user) -> bool:
    """The editors' user bar only for those who may edit: decided with the one query the staff
    session check already made, instead of loading every permission of every resident."""
    from cpa_site.middleware import has_admin_access

    return user is not None and has_admin_access(user)


@register.inclusion_tag("components/site_nav.html", takes_context=True)
def site_nav(context):
    """Header links, built once per process until a page is published, moved or deleted."""
    request = context.get("request")
    host = request.get_host() if request else ""
    language = translation.get_language()
    items = page_cache.memo(("site_nav", host, language), ("site",), lambda: _nav_items(request))
    current = context.get("page")
    current_path = request.path if request else ""
    marked = []
    for item in items:
        current_here = bool(
            (current is not None and item["page_id"] and current.pk == item["page_id"])
            or (item["url"] and item["url"] != "/" and current_path.startswith(item["url"]))
        )
        marked.append({**item, "current": current_here})
    return {"items": marked, "request": request}


def _page_in_each_language(page) -> dict[str, Page]:
    """The live copies of a page, by language code (the page's own included)."""
    copies = page.get_translations(inclusive=True).live().select_related("locale")
    return {copy.locale.language_code: copy for copy in copies}


def _homes_in_each_language(request) -> dict[str, Page]:
    site = Site.find_for_request(request) if request else None
    if site is None:
        return {}
    return _page_in_each_language(site.root_page)


@register.inclusion_tag("components/language_links.html", takes_context=True)
def language_links(context, alternates: bool = False, homes_only: bool = False):
    """This page in each of the site's languages: the page's own translation where it has one,
    else that language's landing page; for other pages the same address under the language's
    prefix. With `alternates`, only the true equivalents, as <link rel="alternate" hreflang>;
    with `homes_only` (error pages), each language's landing page. Every page shows them twice
    (in its head and its header): they are worked out once per request and page."""
    request = context.get("request")
    page = context.get("page")
    made = {} if request is None else request.__dict__.setdefault("cpa_language_links", {})
    key = (page.pk if isinstance(page, Page) else None, homes_only, translation.get_language())
    if key not in made:
        made[key] = _language_links(request, page, homes_only)
    links = made[key]
    return {"links": links, "alternates": alternates, "default_language": settings.LANGUAGE_CODE}


def _language_links(request, page, homes_only: bool) -> list[dict]:
    current = translation.get_language()
    copies = {}
    if isinstance(page, Page) and page.pk:
        copies = page_cache.memo(
            ("page_languages", page.pk),
            ("site", page_cache.page_family_token(page)),
            lambda: _page_in_each_language(page),
        )
    host = request.get_host() if request else ""
    homes = page_cache.memo(
        ("home_languages", host), ("site",), lambda: _homes_in_each_language(request)
    )
    links = []
    for code, name in settings.LANGUAGES:
        home_url = homes[code].url if code in homes else _language_root(code)
        if homes_only:
            url, equivalent = home_url, False
        elif isinstance(page, Page) and page.pk:
            found = copies.get(code)
            url = found.url if found else home_url
            equivalent = found is not None
        else:
            url = translate_url(request.get_full_path(), code) if request else None
            equivalent = url is not None
        if url:
            links.append(
                {
                    "code": code,
                    "name": name,
                    "url": url,
                    "current": code == current,
                    "equivalent": equivalent,
                    "absolute": request.build_absolute_uri(url) if request else url,
                }
            )
    return links


def _language_root(code: str) -> str:
    with in_language(code):
        return reverse("wagtail_serve", args=[""])


@register.simple_tag
def content_language(page) -> str:
    """The language a page's own words are written in (its locale), for `lang` attributes."""
    try:
        return page.locale.language_code
    except (AttributeError, Locale.DoesNotExist):
        return translation.get_language()
