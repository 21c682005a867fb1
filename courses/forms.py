from django import forms
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
        raise forms.ValidationError("Give a whole number.", code="required")

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
            self.add_error("number", f"Module {number} already exists: “{clash[0].title}”.")
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
                f"There are only {len(questions)} question{'s' if len(questions) != 1 else ''} "
                "to draw from. Add questions or draw fewer.",
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
                message = "No policy reference in this module has that title. " + (
                    "Copy the title of one from the Content tab, or leave this empty."
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


class QuizAnswerForm(forms.Form):
    """One field per question of the attempt, in the order shown; nothing says which is right."""

    def __init__(self, *args, snapshot: dict, disabled: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        total = len(snapshot["questions"])
        for number, question in enumerate(snapshot["questions"], 1):
            choices = [(choice["id"], choice["text"]) for choice in question["choices"]]
            if question["kind"] == MULTIPLE:
                field = forms.MultipleChoiceField(
                    choices=choices,
                    widget=forms.CheckboxSelectMultiple,
                    help_text="Tick every answer you think is right.",
                )
            else:
                field = forms.ChoiceField(
                    choices=choices,
                    widget=forms.RadioSelect,
                    help_text="Choose one answer.",
                )
            field.label = f"Question {number} of {total}: {question['text']}"
            field.error_messages["required"] = f"Please answer question {number}."
            field.disabled = disabled
            self.fields[quiz_answer_field_name(question["id"])] = field
