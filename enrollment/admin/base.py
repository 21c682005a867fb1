"""What every coordinator screen shares: who may use it, breadcrumbs and local times."""

import datetime

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from wagtail.snippets.views.snippets import InspectView

from ..models import Cohort


def can_decide(user) -> bool:
    """Decisions on applications and residents' personal data are for coordinators."""
    return user.has_perm("enrollment.decide_application")


def cohort_url(name: str, *args) -> str:
    return reverse(Cohort.snippet_viewset.get_url_name(name), args=args)


def cohort_trail(cohort) -> list[tuple[str, str]]:
    return [(_("Cohorts"), cohort_url("list")), (cohort.name, cohort_url("inspect", cohort.pk))]


class TrailMixin:
    """Breadcrumbs for our own admin screens, ending with the screen's title (Wagtail shows
    the last one as the page's heading; without a trail it showed only "Home")."""

    def get_trail(self) -> list[tuple[str, str]]:
        """(label, url) of the screens above this one, below Home."""
        return []

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            *({"url": url, "label": label} for label, url in self.get_trail()),
            {"url": "", "label": self.get_header_title()},
        ]


class CoordinatorOnlyMixin:
    """The cohort screens: checked on the server for every request, whatever the menu shows."""

    permission = "enrollment.change_cohort"

    def has_permission(self, user) -> bool:
        """Whether `user` may use this screen (a screen shared with others widens it)."""
        return user.has_perm(self.permission)

    def dispatch(self, request, *args, **kwargs):
        if not self.has_permission(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class CoordinatorBulkActionMixin:
    """Bulk actions on applications: refused outright to anyone else (Wagtail's own check would
    still show them the confirmation page listing the chosen applicants)."""

    def check_perm(self, obj):
        return can_decide(self.request.user)

    def dispatch(self, request, *args, **kwargs):
        if not can_decide(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class LocalTimeInspectView(InspectView):
    """Times in the academy's time zone (Wagtail shows a stored time as it is, in UTC), yes or
    no for a setting (not "True"/"False"), and a dash for an empty one instead of "None"."""

    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        if isinstance(value, bool):
            return _("Yes") if value else _("No")
        if isinstance(value, datetime.datetime) and timezone.is_aware(value):
            local = timezone.localtime(value)
            return f"{date_format(local, 'DATETIME_FORMAT')} {local:%Z}"
        return "-" if value is None else value
