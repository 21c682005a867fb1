"""The StreamField blocks instructors write modules with, each with icon, template, preview."""

import datetime

from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]


class KeyFactBlock(blocks.StructBlock):
    figure = blocks.CharBlock(max_length=40, help_text="A number or short phrase: '7 months'.")
    label = blocks.CharBlock(max_length=200, help_text="What the figure means, in plain words.")

    class Meta:
        icon = "info-circle"


class KeyFactsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120, required=False, default="Key facts")
    facts = blocks.ListBlock(KeyFactBlock(), min_num=1)

    class Meta:
        icon = "list-ul"
        label = "Key facts"
        template = "components/blocks/key_facts.html"
        preview_value = {
            "heading": "Key facts",
            "facts": [
                {"figure": "7 months", "label": "of training at the regional police academy"},
                {"figure": "3 days", "label": "of in-service training every year"},
            ],
        }
        description = "A few figures with a short label each."


class PolicyReferenceBlock(blocks.StructBlock):
    """Names the source a module explains, so residents can read it themselves."""

    title = blocks.CharBlock(max_length=200)
    issuing_body = blocks.CharBlock(max_length=200, help_text="Who wrote or issued it.")
    effective_date = blocks.DateBlock(help_text="The date it took effect or was published.")
    summary = blocks.TextBlock(required=False, help_text="One or two sentences on what it covers.")
    url = blocks.URLBlock(required=False, label="Link")
    document = DocumentChooserBlock(required=False, help_text="Or upload the document itself.")

    def clean(self, value):
        cleaned = super().clean(value)
        if not cleaned.get("url") and not cleaned.get("document"):
            message = "Give a link or choose a document, so residents can read the source."
            raise blocks.StructBlockValidationError(
                block_errors={"url": ErrorList([ValidationError(message)])}
            )
        return cleaned

    class Meta:
        icon = "doc-full"
        label = "Policy reference"
        template = "components/blocks/policy_reference.html"
        preview_value = {
            "title": "Response to resistance policy",
            "issuing_body": "City police department",
            "effective_date": datetime.date(2020, 5, 29),
            "summary": "How and when officers may use force, and how it is reviewed.",
            "url": "https://example.org/policies",
        }
        description = "A policy or public document the module explains, with its date."


class VideoBlock(blocks.StructBlock):
    """A video link with its transcript: nothing third-party loads until the resident clicks."""

    title = blocks.CharBlock(max_length=200)
    url = blocks.URLBlock(label="Video link")
    duration = blocks.CharBlock(max_length=20, required=False, help_text="For example '4 min'.")
    transcript = blocks.TextBlock(
        required=False, help_text="A transcript or summary for people who cannot watch it."
    )

    class Meta:
        icon = "media"
        label = "Video"
        template = "components/blocks/video.html"
        preview_value = {
            "title": "A de-escalation training scene",
            "url": "https://example.org/video",
            "duration": "4 min",
            "transcript": "An officer talks a distressed man into putting down a bottle.",
        }


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(
        max_length=250,
        required=True,
        help_text="Describe the picture for people who cannot see it.",
    )
    caption = blocks.CharBlock(max_length=250, required=False)

    class Meta:
        icon = "image"
        label = "Image"
        template = "components/blocks/image.html"


class ScenarioBlock(blocks.StructBlock):
    """A situation the class talks through; questions, not answers."""

    title = blocks.CharBlock(max_length=200)
    situation = blocks.TextBlock(help_text="What happens, in a few sentences.")
    questions = blocks.ListBlock(blocks.CharBlock(max_length=300), min_num=1)

    class Meta:
        icon = "group"
        label = "Discussion scenario"
        template = "components/blocks/scenario.html"
        preview_value = {
            "title": "A crowded sidewalk",
            "situation": "A man is shouting at people passing by and will not calm down.",
            "questions": ["What would you say first?", "Who else might you call?"],
        }


class CalloutBlock(blocks.StructBlock):
    tone = blocks.ChoiceBlock(
        choices=[("note", "Note"), ("tip", "Good to know"), ("important", "Important")],
        default="note",
    )
    heading = blocks.CharBlock(max_length=120, required=False)
    text = blocks.RichTextBlock(features=["bold", "italic", "link", "ul"])

    class Meta:
        icon = "warning"
        label = "Callout"
        template = "components/blocks/callout.html"
        preview_value = {
            "tone": "tip",
            "heading": "Good to know",
            "text": "<p>You can read every policy on the department's website.</p>",
        }


class ModuleBodyBlock(blocks.StreamBlock):
    text = blocks.RichTextBlock(
        features=RICH_TEXT_FEATURES,
        icon="pilcrow",
        template="components/blocks/text.html",
        preview_value="<p>Officers learn to slow a situation down and talk first.</p>",
    )
    key_facts = KeyFactsBlock()
    policy_reference = PolicyReferenceBlock()
    video = VideoBlock()
    image = ImageBlock()
    scenario = ScenarioBlock()
    callout = CalloutBlock()


class ContentBodyBlock(blocks.StreamBlock):
    text = blocks.RichTextBlock(
        features=RICH_TEXT_FEATURES,
        icon="pilcrow",
        template="components/blocks/text.html",
        preview_value="<p>The academy is free and open to adults in the city.</p>",
    )
    key_facts = KeyFactsBlock()
    image = ImageBlock()
    callout = CalloutBlock()


# --- Quizzes -----------------------------------------------------------------------------------

SINGLE, MULTIPLE, TRUE_FALSE = "single", "multiple", "true_false"
QUESTION_KINDS = [
    (SINGLE, "One right answer"),
    (MULTIPLE, "Several right answers"),
    (TRUE_FALSE, "True or false"),
]


def quiz_question_problems(kind: str, correct_flags: list[bool]) -> list[str]:
    """What stops a question from being published, in words an instructor can act on."""
    problems = []
    right = sum(1 for flag in correct_flags if flag)
    if kind == TRUE_FALSE and len(correct_flags) != 2:
        problems.append("A true-or-false question has exactly two answers: True and False.")
    elif len(correct_flags) < 2:
        problems.append("Give at least two answers to choose from.")
    if right == 0:
        problems.append("Tick the right answer (at least one answer must be right).")
    elif right > 1 and kind in (SINGLE, TRUE_FALSE):
        problems.append(
            "Only one answer can be right in this kind of question. Tick just one, or change "
            "the kind to “Several right answers”."
        )
    return problems


class QuizChoiceBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=300, label="Answer")
    correct = blocks.BooleanBlock(required=False, label="This answer is right")

    class Meta:
        icon = "radio-full"
        label = "Answer"


class QuizQuestionBlock(blocks.StructBlock):
    """One quiz question: its answers, which are right, and why (shown after answering)."""

    kind = blocks.ChoiceBlock(choices=QUESTION_KINDS, default=SINGLE)
    text = blocks.CharBlock(max_length=500, label="Question")
    choices = blocks.ListBlock(QuizChoiceBlock(), min_num=2, max_num=8, label="Answers")
    explanation = blocks.TextBlock(
        help_text="Shown after the resident submits: why the right answer is right."
    )
    policy_title = blocks.CharBlock(
        max_length=200,
        required=False,
        label="Policy it tests",
        help_text="Optional: the title of one of this module's policy references.",
    )

    def clean(self, value):
        cleaned = super().clean(value)
        if self.is_deferred_validation:
            return cleaned  # a draft may hold an unfinished question; publishing may not
        flags = [bool(choice["correct"]) for choice in cleaned["choices"]]
        problems = quiz_question_problems(cleaned["kind"], flags)
        if problems:
            raise blocks.StructBlockValidationError(
                block_errors={
                    "choices": blocks.ListBlockValidationError(
                        non_block_errors=ErrorList([ValidationError(p) for p in problems])
                    )
                }
            )
        return cleaned

    class Meta:
        icon = "help"
        label = "Question"
        template = "components/quiz_question.html"
        preview_value = {
            "kind": SINGLE,
            "text": "How many days of in-service training does every officer take each year?",
            "choices": [
                {"text": "Three", "correct": True},
                {"text": "One", "correct": False},
                {"text": "Ten", "correct": False},
            ],
            "explanation": "Every officer takes three days of in-service training a year.",
            "policy_title": "",
        }
        description = "A question with answers to choose from, the right ones and why."


class QuizBlock(blocks.StreamBlock):
    question = QuizQuestionBlock()

    class Meta:
        required = False

    def value_from_datadict(self, data, files, prefix):
        # A form posted without the quiz (a script, an older client) keeps the quiz as it was:
        # ModulePage.quiz_questions has a default, so Django skips fields left out of the data.
        if self.value_omitted_from_data(data, files, prefix):
            return self.to_python([])
        return super().value_from_datadict(data, files, prefix)
