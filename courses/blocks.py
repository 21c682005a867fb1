"""The StreamField blocks instructors write modules with, each with icon, template, preview.

Over 400 lines: every block in one `blocks.py`, as bakerydemo keeps them (the house style), now
with labels in three languages and what wagtail-localize translates or copies.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]
# Optional text in a block defaults to "" rather than None: content stored before a field was
# added reads as empty text, which wagtail-localize can extract for translation (None crashes it).


class KeyFactBlock(blocks.StructBlock):
    figure = blocks.CharBlock(
        max_length=40, label=_("Figure"), help_text=_("A number or short phrase: '7 months'.")
    )
    label = blocks.CharBlock(
        max_length=200, label=_("Label"), help_text=_("What the figure means, in plain words.")
    )

    class Meta:
        icon = "info-circle"


class KeyFactsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(
        max_length=120, required=False, default="Key facts", label=_("Heading")
    )
    facts = blocks.ListBlock(KeyFactBlock(), min_num=1, label=_("Facts"))

    class Meta:
        icon = "list-ul"
        label = _("Key facts")
        template = "components/blocks/key_facts.html"
        preview_value = {
            "heading": "Key facts",
            "facts": [
                {"figure": "7 months", "label": "of training at the regional police academy"},
                {"figure": "3 days", "label": "of in-service training every year"},
            ],
        }
        description = _("A few figures with a short label each.")


class PolicyReferenceBlock(blocks.StructBlock):
    """Names the source a module explains, so residents can read it themselves.

    Only what is known is shown: the document's own date when known, otherwise the source
    that describes it and that source's date (a FAQ's publish date is not a policy's date).
    """

    title = blocks.CharBlock(max_length=200, label=_("Title"))
    issuing_body = blocks.CharBlock(
        max_length=200, label=_("Issued by"), help_text=_("Who wrote or issued it.")
    )
    # Stored as "effective_date" since the first modules; optional since a policy's own date
    # is often unknown.
    effective_date = blocks.DateBlock(
        required=False,
        label=_("Date of the document"),
        help_text=_("The document's own date (took effect or published). Only when known."),
    )
    described_in = blocks.CharBlock(
        max_length=200,
        required=False,
        default="",
        label=_("Described in"),
        help_text=_(
            "When its own date is unknown: the title of the public source that describes it, "
            "e.g. the department's FAQ."
        ),
    )
    described_on = blocks.DateBlock(
        required=False,
        label=_("Described on"),
        help_text=_("The date of that source."),
    )
    summary = blocks.TextBlock(
        required=False,
        default="",
        label=_("Summary"),
        help_text=_("One or two sentences on what it covers."),
    )
    url = blocks.URLBlock(required=False, default="", label=_("Link"))
    link_label = blocks.CharBlock(
        max_length=200,
        required=False,
        default="",
        label=_("Link label"),
        help_text=_("What the link leads to, e.g. 'The department's FAQ page'."),
    )
    document = DocumentChooserBlock(
        required=False, label=_("Document"), help_text=_("Or upload the document itself.")
    )

    def clean(self, value):
        cleaned = super().clean(value)
        errors = {}
        if not cleaned.get("url") and not cleaned.get("document"):
            errors["url"] = _("Give a link or choose a document, so residents can read the source.")
        elif cleaned.get("url") and not cleaned.get("link_label"):
            errors["link_label"] = _(
                "Say what the link leads to, so residents know what they will read."
            )
        if not cleaned.get("effective_date"):
            if not cleaned.get("described_in"):
                errors["described_in"] = _(
                    "Without the document's own date, name the source that describes it."
                )
            if not cleaned.get("described_on"):
                errors["described_on"] = _(
                    "Without the document's own date, give the date of the source that "
                    "describes it."
                )
        if errors:
            raise blocks.StructBlockValidationError(
                block_errors={
                    name: ErrorList([ValidationError(message)]) for name, message in errors.items()
                }
            )
        return cleaned

    class Meta:
        icon = "doc-full"
        label = _("Policy reference")
        template = "components/blocks/policy_reference.html"
        preview_value = {
            "title": "Response to resistance policy",
            "issuing_body": "City police department",
            "effective_date": datetime.date(2020, 1, 15),
            "described_in": "",
            "described_on": None,
            "summary": "How and when officers may use force, and how it is reviewed.",
            "url": "https://example.org/policies/response-to-resistance",
            "link_label": "The policy on the department's website",
        }
        description = _("A policy or public document the module explains, with what is known.")


class SourceQuoteBlock(blocks.StructBlock):
    """A sentence quoted word for word from a public source, so every claim can be checked.

    Not translated: a translation of the page shows the quote word for word, in the source's
    language (marked with `lang`), with its source as written (wagtail-localize copies the
    block from the original, as it does every block with no text to translate).
    """

    quote = blocks.TextBlock(label=_("Quote"), help_text=_("Copied word for word from the source."))
    source_title = blocks.CharBlock(max_length=200, label=_("Source"))
    issuing_body = blocks.CharBlock(
        max_length=200, required=False, default="", label=_("Published by")
    )
    source_date = blocks.DateBlock(required=False, label=_("Date of the source"))
    url = blocks.URLBlock(required=False, default="", label=_("Link to the source"))
    language = blocks.ChoiceBlock(
        choices=settings.WAGTAIL_CONTENT_LANGUAGES,
        default=settings.LANGUAGE_CODE,
        label=_("Language of the source"),
        help_text=_("The language the quote is written in; translations keep the quote as it is."),
    )

    def get_translatable_segments(self, value):
        """wagtail-localize: nothing to translate (the quote stays word for word)."""
        return []

    def restore_translated_segments(self, value, segments):
        return value

    class Meta:
        icon = "openquote"
        label = _("Source quote")
        template = "components/blocks/source_quote.html"
        preview_value = {
            "quote": "Officers undergo three days of in-service training every year.",
            "source_title": "Questions about the department's policies or training?",
            "issuing_body": "City police department",
            "source_date": datetime.date(2020, 5, 29),
            "url": "https://example.org/faq",
            "language": "en",
        }
        description = _("A sentence quoted word for word, and where it comes from.")


class KeptWhenOmittedStreamBlock(blocks.StreamBlock):
    """A stream that a form posted without it (a script, an older client) leaves as it was:
    its page field has a default, so Django skips fields left out of the data."""

    def value_from_datadict(self, data, files, prefix):
        if self.value_omitted_from_data(data, files, prefix):
            return self.to_python([])
        return super().value_from_datadict(data, files, prefix)


class ModuleSourcesBlock(KeptWhenOmittedStreamBlock):
    quote = SourceQuoteBlock()

    class Meta:
        required = False


class VideoBlock(blocks.StructBlock):
    """A video link with its transcript: nothing third-party loads until the resident clicks."""

    title = blocks.CharBlock(max_length=200, label=_("Title"))
    url = blocks.URLBlock(label=_("Video link"))
    duration = blocks.CharBlock(
        max_length=20,
        required=False,
        default="",
        label=_("Duration"),
        help_text=_("For example '4 min'."),
    )
    transcript = blocks.TextBlock(
        required=False,
        default="",
        label=_("Transcript"),
        help_text=_("A transcript or summary for people who cannot watch it."),
    )

    class Meta:
        icon = "media"
        label = _("Video")
        template = "components/blocks/video.html"
        preview_value = {
            "title": "A de-escalation training scene",
            "url": "https://example.org/video",
            "duration": "4 min",
            "transcript": "An officer talks a distressed man into putting down a bottle.",
        }


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        max_length=250,
        required=True,
        label=_("Text alternative"),
        help_text=_("Describe the picture for people who cannot see it."),
    )
    caption = blocks.CharBlock(max_length=250, required=False, default="", label=_("Caption"))

    class Meta:
        icon = "image"
        label = _("Image")
        template = "components/blocks/image.html"


class ScenarioBlock(blocks.StructBlock):
    """A situation the class talks through; questions, not answers."""

    title = blocks.CharBlock(max_length=200, label=_("Title"))
    situation = blocks.TextBlock(
        label=_("Situation"), help_text=_("What happens, in a few sentences.")
    )
    questions = blocks.ListBlock(
        blocks.CharBlock(max_length=300, label=_("Question")), min_num=1, label=_("Questions")
    )

    class Meta:
        icon = "group"
        label = _("Discussion scenario")
        template = "components/blocks/scenario.html"
        preview_value = {
            "title": "A crowded sidewalk",
            "situation": "A man is shouting at people passing by and will not calm down.",
            "questions": ["What would you say first?", "Who else might you call?"],
        }


class CalloutBlock(blocks.StructBlock):
    tone = blocks.ChoiceBlock(
        choices=[("note", _("Note")), ("tip", _("Good to know")), ("important", _("Important"))],
        default="note",
        label=_("Tone"),
    )
    heading = blocks.CharBlock(max_length=120, required=False, default="", label=_("Heading"))
    text = blocks.RichTextBlock(features=["bold", "italic", "link", "ul"], label=_("Text"))

    class Meta:
        icon = "warning"
        label = _("Callout")
        template = "components/blocks/callout.html"
        preview_value = {
            "tone": "tip",
            "heading": "Good to know",
            "text": "<p>You can read every policy on the department's website.</p>",
        }


class ModuleBodyBlock(blocks.StreamBlock):
    text = blocks.RichTextBlock(
        features=RICH_TEXT_FEATURES,
        label=_("Text"),
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
        label=_("Text"),
        icon="pilcrow",
        template="components/blocks/text.html",
        preview_value="<p>What the academy is, who may apply and how to apply.</p>",
    )
    key_facts = KeyFactsBlock()
    image = ImageBlock()
    callout = CalloutBlock()


# --- Quizzes -----------------------------------------------------------------------------------

SINGLE, MULTIPLE, TRUE_FALSE = "single", "multiple", "true_false"
QUESTION_KINDS = [
    (SINGLE, _("One right answer")),
    (MULTIPLE, _("Several right answers")),
    (TRUE_FALSE, _("True or false")),
]


def quiz_question_problems(kind: str, correct_flags: list[bool]) -> list[str]:
    """What stops a question from being published, in words an instructor can act on."""
    problems = []
    right = sum(1 for flag in correct_flags if flag)
    if kind == TRUE_FALSE and len(correct_flags) != 2:
        problems.append(
            gettext("A true-or-false question has exactly two answers: True and False.")
        )
    elif len(correct_flags) < 2:
        problems.append(gettext("Give at least two answers to choose from."))
    if right == 0:
        problems.append(gettext("Tick the right answer (at least one answer must be right)."))
    elif right > 1 and kind in (SINGLE, TRUE_FALSE):
        problems.append(
            gettext(
                "Only one answer can be right in this kind of question. Tick just one, or "
                "change the kind to “Several right answers”."
            )
        )
    return problems


class QuizChoiceBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=300, label=_("Answer"))
    # Not translated: wagtail-localize copies it from the original into every translation.
    correct = blocks.BooleanBlock(required=False, label=_("This answer is right"))

    class Meta:
        icon = "radio-full"
        label = _("Answer")


class QuizQuestionBlock(blocks.StructBlock):
    """One quiz question: its answers, which are right, and why (shown after answering)."""

    kind = blocks.ChoiceBlock(choices=QUESTION_KINDS, default=SINGLE, label=_("Kind"))
    text = blocks.CharBlock(max_length=500, label=_("Question"))
    choices = blocks.ListBlock(QuizChoiceBlock(), min_num=2, max_num=8, label=_("Answers"))
    explanation = blocks.TextBlock(
        label=_("Explanation"),
        help_text=_("Shown after the resident submits: why the right answer is right."),
    )
    policy_title = blocks.CharBlock(
        max_length=200,
        required=False,
        default="",
        label=_("Policy it tests"),
        help_text=_("Optional: the title of one of this module's policy references."),
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
        label = _("Question")
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
        description = _("A question with answers to choose from, the right ones and why.")


class QuizBlock(KeptWhenOmittedStreamBlock):
    question = QuizQuestionBlock()

    class Meta:
        required = False
