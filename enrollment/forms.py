import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from . import questions
from .eligibility import eligibility_errors
from .models import Application, CohortQuestion

PHONE_HELP = _("A number we can reach you on, for example 816-555-0100.")


class ApplicationForm(forms.ModelForm):
    """The resident's answers; the cohort's eligibility rules are checked by the service."""

    consent = forms.BooleanField(
        required=False,
        label=_("I agree to the background check described above."),
    )

    class Meta:
        model = Application
        fields = Application.ANSWER_FIELDS
        labels = {
            "date_of_birth": _("Date of birth"),
            "address": _("Home address"),
            "phone": _("Phone number"),
            "residency_basis": _("How are you connected to the city?"),
            "emergency_contact_name": _("Emergency contact: name"),
            "emergency_contact_phone": _("Emergency contact: phone number"),
            "accessibility_needs": _("Anything we should arrange so you can take part? (optional)"),
            "motivation": _("Why would you like to join the academy?"),
        }
        help_texts = {
            "date_of_birth": _("The day, month and year, in the order the date box shows them."),
            "address": _("Street, city and ZIP code."),
            "phone": PHONE_HELP,
            "emergency_contact_phone": PHONE_HELP,
            "accessibility_needs": _(
                "For example step-free access, a sign language interpreter, large print."
            ),
            "motivation": _("A few sentences is plenty."),
        }
        widgets = {
            "date_of_birth": forms.DateInput(attrs={"type": "date", "autocomplete": "bday"}),
            "address": forms.Textarea(attrs={"rows": 3, "autocomplete": "street-address"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
            "residency_basis": forms.RadioSelect,
            "emergency_contact_name": forms.TextInput(attrs={"autocomplete": "off"}),
            "emergency_contact_phone": forms.TextInput(attrs={"inputmode": "tel"}),
            "accessibility_needs": forms.Textarea(attrs={"rows": 3}),
            "motivation": forms.Textarea(attrs={"rows": 5}),
        }
        error_messages = {
            "date_of_birth": {
                "required": _("Please enter your date of birth."),
                "invalid": _("Please enter a real date: the day, month and year you were born."),
            },
            "address": {"required": _("Please enter your home address.")},
            "phone": {"required": _("Please enter a phone number.")},
            "residency_basis": {"required": _("Please choose how you are connected to the city.")},
            "emergency_contact_name": {
                "required": _("Please name someone we can call in an emergency.")
            },
            "emergency_contact_phone": {
                "required": _("Please give your emergency contact's number.")
            },
            "motivation": {"required": _("Please tell us in a few words why you want to join.")},
        }

    def __init__(self, *args, cohort=None, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.cohort = cohort
        # Radios need no empty "---------" choice: nothing is picked until the resident picks.
        self.fields["residency_basis"].choices = Application.ResidencyBasis.choices
        self.cohort_questions = list(cohort.questions.all()) if cohort is not None else []
        for question in self.cohort_questions:
            self.fields[questions.question_field_name(question.pk)] = _question_field(question)

    def question_fields(self) -> list:
        """The cohort's own questions as bound fields, in the cohort's order (the template
        shows them after the fixed questions)."""
        return [self[questions.question_field_name(q.pk)] for q in self.cohort_questions]

    def question_answers(self) -> dict[int, str]:
        """The answers to the cohort's own questions, by question id, for the service."""
        return {
            q.pk: self.cleaned_data.get(questions.question_field_name(q.pk)) or ""
            for q in self.cohort_questions
        }

    def clean(self):
        """Show the cohort's eligibility problems together with the other field errors."""
        cleaned = super().clean()
        if self.cohort is not None:
            problems = eligibility_errors(
                cohort=self.cohort,
                answers=self.answers(),
                consent_given=bool(cleaned.get("consent")),
            )
            for field, message in problems.items():
                if field not in self.errors:
                    self.add_error(field, message)
        return cleaned

    def clean_date_of_birth(self):
        born = self.cleaned_data["date_of_birth"]
        if born and born < datetime.date(1900, 1, 1):
            raise forms.ValidationError(_("Please check the year: it looks too early."))
        return born

    def _clean_phone(self, name):
        value = self.cleaned_data.get(name, "").strip()
        digits = [c for c in value if c.isdigit()]
        if value and not 7 <= len(digits) <= 15:
            raise forms.ValidationError(_("Please enter a phone number with 7 to 15 digits."))
        if any(not (c.isdigit() or c in " +-().") for c in value):
            raise forms.ValidationError(_("Please use only digits, spaces and + - ( )."))
        return value

    def clean_phone(self):
        return self._clean_phone("phone")

    def clean_emergency_contact_phone(self):
        return self._clean_phone("emergency_contact_phone")

    def answers(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self.Meta.fields}


def _question_field(question: CohortQuestion) -> forms.Field:
    """A form field for one of the cohort's questions: yes/no and choices as radios, so "no"
    is an answer rather than an unticked box."""
    Kind = CohortQuestion.Kind
    label = (
        question.label
        if question.required
        else _("%(question)s (optional)") % {"question": question.label}
    )
    common = {
        "label": label,
        "help_text": question.help_text,
        "required": question.required,
        "error_messages": {
            "required": _("Please answer this question."),
            "invalid_choice": _("Please choose one of the answers listed."),
        },
    }
    if question.kind == Kind.YES_NO:
        choices = [(questions.YES, _("Yes")), (questions.NO, _("No"))]
        return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)
    if question.kind == Kind.CHOICE:
        choices = [(choice, choice) for choice in question.choice_list()]
        return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)
    if question.kind == Kind.LONG_TEXT:
        return forms.CharField(
            max_length=questions.LONG_TEXT_MAX_LENGTH,
            widget=forms.Textarea(attrs={"rows": 4}),
            **common,
        )
    return forms.CharField(max_length=questions.SHORT_TEXT_MAX_LENGTH, **common)


class ExtraSignupForm(forms.Form):
    waiver = forms.BooleanField(
        label=_("I have read the waiver above and I agree to it."),
        error_messages={"required": _("Please tick the box to agree to the waiver.")},
    )
