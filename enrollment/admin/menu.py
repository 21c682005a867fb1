"""One "Academy" menu in the admin sidebar for the coordinators' day-to-day screens."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from ..outcomes.survey_admin import SurveyAttachmentViewSet, SurveyViewSet
from .announcements import AnnouncementViewSet
from .applications import ApplicationViewSet
from .cohorts import CohortViewSet
from .emails_sent import NotificationViewSet


class AcademyViewSetGroup(SnippetViewSetGroup):
    """Cohorts, Applications, Announcements, Emails sent, Surveys and Surveys of cohorts, in
    that order. Wagtail shows each item only to those with a permission on its model, and the
    menu only if one is shown."""

    items = (
        CohortViewSet,
        ApplicationViewSet,
        AnnouncementViewSet,
        NotificationViewSet,
        SurveyViewSet,
        SurveyAttachmentViewSet,
    )
    menu_label = _("Academy")
    menu_icon = "clipboard-list"
    menu_order = 200
