"""The admin's look, site-wide: one small stylesheet beside Wagtail's own."""

from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks


@hooks.register("insert_global_admin_css")
def admin_stylesheet():
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin.css"))
