"""The form a graduate logs volunteer hours with; the rules are the service's
(alumni.volunteer_hours_log), which puts each refusal beside its field."""

from django import forms
from django.utils.translation import gettext_lazy as _


class VolunteerHoursForm(forms.Form):
    worked_on = forms.DateField(
        label=_("Day you volunteered"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": _("Give the day you volunteered.")},
    )
    # Typed as text and read by the service: "1,5" and "1.5" both work, and a wrong value gets
    # the service's plain message instead of the browser's.
    hours = forms.CharField(
        label=_("Hours"),
        max_length=10,
        help_text=_("In quarter hours, at most 24: for example 2, 1.5 or 0.75."),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        error_messages={"required": _("Write how many hours, for example 2 or 1.5.")},
    )
    activity = forms.CharField(
        label=_("What you did"),
        max_length=300,
        help_text=_("A few words, for example: helped at the open day."),
        error_messages={"required": _("Say in a few words what you did.")},
    )
