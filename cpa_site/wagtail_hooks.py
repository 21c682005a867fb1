"""The admin's look, site-wide (one small stylesheet beside Wagtail's own), and the page
cache's note of which page is being served."""

from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks

from . import page_cache


@hooks.register("insert_global_admin_css")
def admin_stylesheet():
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin.css"))


@hooks.register("before_serve_page")
def note_page_family(page, request, serve_args, serve_kwargs):
    """The anonymous page cache files each copy under the served page's family token."""
    page_cache.note_page_family(request, page)
