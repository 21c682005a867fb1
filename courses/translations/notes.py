"""Notes for editors about a translated page, shown in the admin only (never on the page):
for now, that a translation was machine-drafted and waits for a fluent speaker's check."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TranslationNote(models.Model):
    """One note on one translated page; removed once a fluent speaker has checked it."""

    class Kind(models.TextChoices):
        MACHINE_DRAFTED = (
            "machine_drafted",
            _("Machine-drafted, to be checked by a fluent speaker."),
        )

    page = models.OneToOneField(
        "wagtailcore.Page",
        on_delete=models.CASCADE,
        related_name="translation_note",
        verbose_name=_("page"),
    )
    kind = models.CharField(
        _("note"), max_length=30, choices=Kind.choices, default=Kind.MACHINE_DRAFTED
    )
    added_at = models.DateTimeField(_("added"), default=timezone.now)

    class Meta:
        app_label = "courses"
        verbose_name = _("translation note")

    def __str__(self):
        return f"{self.get_kind_display()} ({self.page_id})"
