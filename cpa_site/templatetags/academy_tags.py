from django import template
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Site

from cpa_site import page_cache
from enrollment.selectors import cohorts_taking_applications_exist

register = template.Library()


def _nav_items(request) -> list[dict]:
    """The landing page, the curriculum and pages marked 'show in menus', for this site."""
    site = Site.find_for_request(request) if request else None
    home = site.root_page.specific if site else None
    items = []
    if home is not None:
        items.append({"title": "Home", "url": home.url, "page_id": home.pk})
        for child in home.get_children().live().in_menu():
            items.append({"title": child.title, "url": child.url, "page_id": child.pk})
        items.insert(
            2 if len(items) > 1 else 1,
            {"title": "Upcoming classes", "url": reverse("cohort_list"), "page_id": None},
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
    items = page_cache.memo(("site_nav", host), ("site",), lambda: _nav_items(request))
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
