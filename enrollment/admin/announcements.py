"""Announcements: a coordinator writes to a cohort (in English, with a translation per language
if they like), previews the email as readers of each language will get it, sends it, and
follows its delivery."""

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets import Button
from wagtail.snippets.views.snippets import CreateView as SnippetCreateView
from wagtail.snippets.views.snippets import SnippetViewSet

from ..emails.announcements import announcement_progress, announcement_send
from ..emails.rendering import announcement_preview_text, announcement_previews
from ..exceptions import EnrollmentError
from ..models import ANNOUNCEMENT_TRANSLATION_LANGUAGES, Announcement
from .base import LocalTimeInspectView, TrailMixin


class AnnouncementInspectView(LocalTimeInspectView):
    """Preview of the email as residents will read it, in each language, and delivery
    progress once sent."""

    template_name = "enrollment/admin/announcement_inspect_languages.html"

    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        if self.object.sent_at is None:
            url = reverse(
                Announcement.snippet_viewset.get_url_name("send"), args=(quote(self.object.pk),)
            )
            buttons.append(Button(_("Send to the cohort"), url=url, icon_name="mail", priority=5))
        return buttons

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["progress"] = announcement_progress(self.object)
        # The email as it will be sent: same template, Academy settings and signature.
        context["preview_text"] = announcement_preview_text(self.object)
        # And as readers of each other language get it: its translation, or English with a line.
        context["previews"] = announcement_previews(self.object)[1:]
        return context


class AnnouncementSendView(TrailMixin, WagtailAdminTemplateMixin, FormView):
    template_name = "enrollment/admin/announcement_send.html"
    form_class = forms.Form
    header_icon = "mail"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("enrollment.add_announcement"):
            raise PermissionDenied
        self.announcement = get_object_or_404(
            Announcement.objects.select_related("cohort").prefetch_related("translations"),
            pk=kwargs["pk"],
        )
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Send: %(subject)s") % {"subject": self.announcement.subject}

    def get_trail(self):
        viewset = Announcement.snippet_viewset
        inspect = reverse(viewset.get_url_name("inspect"), args=(quote(self.announcement.pk),))
        return [
            (_("Announcements"), reverse(viewset.get_url_name("list"))),
            (self.announcement.subject, inspect),
        ]

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "announcement": self.announcement,
            "progress": announcement_progress(self.announcement),
        }

    def form_valid(self, form):
        try:
            announcement_send(announcement_id=self.announcement.pk, actor=self.request.user)
        except EnrollmentError as exc:
            messages.error(self.request, exc.message)
        else:
            messages.success(self.request, _("Sending: the worker is emailing the cohort now."))
        return redirect(
            Announcement.snippet_viewset.get_url_name("inspect"), quote(self.announcement.pk)
        )


class AnnouncementCreateView(SnippetCreateView):
    def get_initial_form_instance(self):
        """Who wrote it, for the announcement's page and the audit trail."""
        instance = super().get_initial_form_instance() or Announcement()
        instance.created_by = self.request.user
        return instance


class AnnouncementViewSet(SnippetViewSet):
    model = Announcement
    icon = "mail"
    menu_label = gettext_lazy("Announcements")
    inspect_view_enabled = True
    inspect_view_class = AnnouncementInspectView
    add_view_class = AnnouncementCreateView
    list_display = ["subject", "cohort", "created_at", "sent_at"]
    list_filter = ["cohort"]
    search_fields = ["subject"]
    search_backend_name = None
    panels = [
        FieldPanel("cohort"),
        FieldPanel("subject"),
        FieldPanel("body"),
        InlinePanel(
            "translations",
            heading=gettext_lazy("Translations"),
            label=gettext_lazy("Translation"),
            help_text=gettext_lazy(
                "Optional: the subject and message in another language. Residents who read "
                "that language get it; the others get the English one, with a line in their "
                "language saying it is only available in English."
            ),
            max_num=len(ANNOUNCEMENT_TRANSLATION_LANGUAGES),
        ),
    ]

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("send/<int:pk>/", AnnouncementSendView.as_view(), name="send"),
        ]
