"""The delivery log ("Emails sent"): what was sent to whom and when, with failures to send
again."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import MenuItem
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet

from cpa_site.exports import FormulaSafeExportMixin

from ..emails.outbox import notification_resend
from ..models import Notification
from .base import LocalTimeInspectView, TrailMixin, can_decide


class NotificationIndexView(FormulaSafeExportMixin, IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("recipient", "cohort")

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if instance.status == Notification.Status.FAILED and can_decide(self.request.user):
            url = reverse(Notification.snippet_viewset.get_url_name("resend"), args=(instance.pk,))
            buttons.append(MenuItem(_("Send again"), url=url, icon_name="mail", priority=5))
        return buttons


class NotificationResendView(TrailMixin, WagtailAdminTemplateMixin, FormView):
    template_name = "enrollment/admin/notification_resend.html"
    form_class = forms.Form
    header_icon = "mail"

    def dispatch(self, request, *args, **kwargs):
        if not can_decide(request.user):
            raise PermissionDenied
        self.notification = get_object_or_404(Notification, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Send an email again")

    def get_trail(self):
        return [(_("Emails sent"), reverse(Notification.snippet_viewset.get_url_name("list")))]

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "notification": self.notification}

    def form_valid(self, form):
        notification_resend(notification_id=self.notification.pk)
        messages.success(self.request, _("Handed to the worker again."))
        return redirect(Notification.snippet_viewset.get_url_name("list"))


class NotificationViewSet(SnippetViewSet):
    model = Notification
    icon = "mail"
    menu_label = _("Emails sent")
    index_view_class = NotificationIndexView
    inspect_view_enabled = True
    inspect_view_class = LocalTimeInspectView
    list_display = [
        "kind",
        Column("recipient", label=_("To"), accessor="recipient"),
        Column("cohort", label=_("Cohort"), accessor="cohort"),
        "status",
        "created_at",
        "sent_at",
        "last_error",
    ]
    list_filter = ["cohort", "kind", "status"]
    search_fields = ["recipient__email", "recipient__last_name", "key"]
    search_backend_name = None
    ordering = ["-created_at"]
    list_export = ["kind", "recipient.email", "cohort.name", "status", "created_at", "sent_at"]
    export_filename = "emails-sent"

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("resend/<int:pk>/", NotificationResendView.as_view(), name="resend"),
        ]
