from django import forms
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.blocks import StreamBlockValidationError, StructBlockValidationError

from .blocks import MULTIPLE

QUIZ_SETTINGS_DEFAULTS = ("quiz_pass_mark", "quiz_attempts_allowed")


class ModulePageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A post without the quiz tab's fields keeps them as they are (see clean_<field>).
        for name in QUIZ_SETTINGS_DEFAULTS:
            if name in self.fields:
                self.fields[name].required = False

    def _quiz_setting(self, name: str):
        value = self.cleaned_data.get(name)
        if value is not None:
            return value
        field = self.fields[name]
        if field.widget.value_omitted_from_data(self.data, self.files, self.add_prefix(name)):
            return getattr(self.instance, name)
        raise forms.ValidationError(_("Give a whole number."), code="required")

    def clean_quiz_pass_mark(self):
        return self._quiz_setting("quiz_pass_mark")

    def clean_quiz_attempts_allowed(self):
        return self._quiz_setting("quiz_attempts_allowed")

    def clean(self):
        """Two modules of one curriculum cannot share a number: the order would be unclear."""
        cleaned = super().clean()
        self._clean_quiz(cleaned)
        number = cleaned.get("number")
        parent = self.parent_page
        if number is None or parent is None:
            return cleaned
        siblings = parent.get_children().type(self._meta.model).specific()
        clash = [page for page in siblings if page.number == number and page.pk != self.instance.pk]
        if clash:
            self.add_error(
                "number",
                _("Module %(number)s already exists: “%(title)s”.")
                % {"number": number, "title": clash[0].title},
            )
        return cleaned

    def _clean_quiz(self, cleaned):
        """Rules a draft may break but a published quiz may not."""
        if self.is_deferred_validation or "quiz_questions" not in cleaned:
            return
        questions = [child for child in cleaned["quiz_questions"] if child.block_type == "question"]
        draw = cleaned.get("quiz_draw_count")
        if draw and draw > len(questions):
            self.add_error(
                "quiz_draw_count",
                ngettext(
                    "There is only %(count)s question to draw from. Add questions or draw fewer.",
                    "There are only %(count)s questions to draw from. Add questions or draw fewer.",
                    len(questions),
                )
                % {"count": len(questions)},
            )
        body = cleaned.get("body")
        if body is None:
            return
        titles = {
            block.value["title"].strip().casefold()
            for block in body
            if block.block_type == "policy_reference"
        }
        errors = {}
        for index, child in enumerate(cleaned["quiz_questions"]):
            title = (child.value.get("policy_title") or "").strip()
            if title and title.casefold() not in titles:
                message = _(
                    "No policy reference in this module has that title. Copy the title of one "
                    "from the Content tab, or leave this empty."
                )
                errors[index] = StructBlockValidationError(
                    block_errors={"policy_title": forms.ValidationError(message)}
                )
        if errors:
            self.add_error("quiz_questions", StreamBlockValidationError(block_errors=errors))


# --- Taking a quiz ------------------------------------------------------------------------------

ANSWER_PREFIX = "q-"


def quiz_answer_field_name(question_id: str) -> str:
    return f"{ANSWER_PREFIX}{question_id}"


def quiz_answers_initial(snapshot: dict, answers: dict[str, list[str]]) -> dict:
    """Saved answers as the form's initial values, so a resumed quiz shows them ticked."""
    initial = {}
    for question in snapshot["questions"]:
        chosen = answers.get(question["id"])
        if chosen:
            name = quiz_answer_field_name(question["id"])
            initial[name] = chosen if question["kind"] == MULTIPLE else chosen[0]
    return initial


def quiz_answers_from_post(data) -> dict[str, list[str]]:
    """Every `q-<question id>` value posted, exactly as sent (the service checks them)."""
    return {
        key.removeprefix(ANSWER_PREFIX): data.getlist(key)
        for key in data
        if key.startswith(ANSWER_PREFIX)
    }


def _in_language(text: str, language: str):
    """The quiz's own words, marked with their language when the page around them is in
    another (an attempt keeps its language)."""
    if not language or language == translation.get_language():
        return text
    return format_html('<span lang="{}">{}</span>', language, text)


class QuizAnswerForm(forms.Form):
    """One field per question of the attempt, in the order shown; nothing says which is right.
    `language`: the language the attempt's questions are in."""

    def __init__(self, *args, snapshot: dict, disabled: bool = False, language: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        total = len(snapshot["questions"])
        for number, question in enumerate(snapshot["questions"], 1):
            choices = [
                (choice["id"], _in_language(choice["text"], language))
                for choice in question["choices"]
            ]
            if question["kind"] == MULTIPLE:
                field = forms.MultipleChoiceField(
                    choices=choices,
                    widget=forms.CheckboxSelectMultiple,
                    help_text=_("Tick every answer you think is right."),
                )
            else:
                field = forms.ChoiceField(
                    choices=choices,
                    widget=forms.RadioSelect,
                    help_text=_("Choose one answer."),
                )
            field.label = format_html(
                "{} {}",
                _("Question %(number)s of %(total)s:") % {"number": number, "total": total},
                _in_language(question["text"], language),
            )
            field.error_messages["required"] = _("Please answer question %(number)s.") % {
                "number": number
            }
            field.disabled = disabled
            self.fields[quiz_answer_field_name(question["id"])] = field
