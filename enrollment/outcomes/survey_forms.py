"""The resident's survey form: one radio group per statement, and the open question."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models.surveys import AgreementScale, SurveyAttachment


class SurveyAnswerForm(forms.Form):
    """Fields named after each statement's id, labelled with the statement as it was asked."""

    def __init__(self, *args, attachment: SurveyAttachment, **kwargs):
        super().__init__(*args, **kwargs)
        self.attachment = attachment
        for number, statement in enumerate(attachment.statements_asked, 1):
            self.fields[f"statement_{statement['id']}"] = forms.TypedChoiceField(
                label=statement["text"],
                choices=AgreementScale.choices,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose one answer.")},
            )
            self.fields[f"statement_{statement['id']}"].number = number
        if attachment.free_text_question:
            self.fields["free_text"] = forms.CharField(
                label=attachment.free_text_question,
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 4}),
                help_text=_("Optional. Please do not write your name or anyone else's."),
            )

    def statement_fields(self):
        return [self[name] for name in self.fields if name.startswith("statement_")]

    def answers(self) -> dict[str, int]:
        """{statement id: value} of the valid answers (cleaned_data after is_valid)."""
        return {
            name.removeprefix("statement_"): value
            for name, value in self.cleaned_data.items()
            if name.startswith("statement_")
        }

    def field_name(self, statement_id: str) -> str:
        return f"statement_{statement_id}"
