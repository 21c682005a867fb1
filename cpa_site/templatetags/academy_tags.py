from django import template
from django.urls import reverse
from wagtail.models import Site

register = template.Library()


@register.inclusion_tag("components/site_nav.html", takes_context=True)
def site_nav(context):
    """Header links: the landing page, the curriculum and pages marked 'show in menus'."""
    request = context.get("request")
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
    current = context.get("page")
    current_path = request.path if request else ""
    for item in items:
        item["current"] = bool(
            (current is not None and item["page_id"] and current.pk == item["page_id"])
            or (item["url"] and item["url"] != "/" and current_path.startswith(item["url"]))
        )
    return {"items": items, "request": request}
