"""Quiz questions as StreamField's raw JSON, and published modules that carry them."""

import uuid

from courses.models import CurriculumIndexPage, ModulePage
from tests.support.factories import ModulePageFactory, make_academy


def question(
    text="How many days of in-service training a year?",
    choices=(("Three", True), ("One", False), ("Ten", False)),
    *,
    kind="single",
    explanation="Every officer takes three days a year.",
    policy_title="",
) -> dict:
    return {
        "type": "question",
        "id": str(uuid.uuid4()),
        "value": {
            "kind": kind,
            "text": text,
            "choices": [
                {"type": "item", "id": str(uuid.uuid4()), "value": {"text": t, "correct": c}}
                for t, c in choices
            ],
            "explanation": explanation,
            "policy_title": policy_title,
        },
    }


def three_kinds() -> list[dict]:
    """A single-choice, a true-or-false and a several-answers question, in that order."""
    return [
        question(),
        question(
            "Supervisors take the same number of in-service days.",
            (("True", False), ("False", True)),
            kind="true_false",
            explanation="Supervisors take extra days.",
        ),
        question(
            "Which topics are part of in-service training?",
            (("Bias", True), ("First aid", True), ("Fundraising", False), ("Stress", True)),
            kind="multiple",
            explanation="Fundraising is not training.",
        ),
    ]


def quiz_module(questions=None, **fields) -> ModulePage:
    """A published module (with a live revision) whose quiz is not shuffled unless asked."""
    curriculum = CurriculumIndexPage.objects.first() or make_academy(module_count=0)[1]
    taken = ModulePage.objects.child_of(curriculum).values_list("number", flat=True)
    fields.setdefault("number", max(taken, default=0) + 1)
    fields.setdefault("quiz_shuffle_questions", False)
    fields.setdefault("quiz_shuffle_choices", False)
    module = ModulePageFactory(
        parent=curriculum,
        quiz_questions=three_kinds() if questions is None else questions,
        **fields,
    )
    module.save_revision().publish()
    module.refresh_from_db()
    return module


def right_answers(snapshot: dict) -> dict[str, list[str]]:
    return {q["id"]: [c["id"] for c in q["choices"] if c["correct"]] for q in snapshot["questions"]}


def wrong_answers(snapshot: dict) -> dict[str, list[str]]:
    return {
        q["id"]: [next(c["id"] for c in q["choices"] if not c["correct"])]
        for q in snapshot["questions"]
    }


# --- Translations (wagtail-localize, as an editor uses it) --------------------------------------


def tagged(language: str):
    """A stand-in translator: every sentence prefixed with its language, e.g. "[es] Three"."""
    return lambda text: f"[{language}] {text}"


def translation_of(page, language: str):
    """wagtail-localize's record of `page`'s translation into `language`."""
    from wagtail_localize.models import Translation

    return Translation.objects.get(
        source__object_id=page.translation_key,
        source__locale=page.locale,
        target_locale__language_code=language,
    )


def sentences_translate(page, language: str, translate=None) -> int:
    """Translate every sentence of `page`'s translation source not yet translated into
    `language` (what a translator types in the segment editor). Returns how many."""
    from wagtail_localize.models import StringSegment, StringTranslation

    translate = translate or tagged(language)
    translation = translation_of(page, language)
    done = 0
    for segment in StringSegment.objects.filter(source=translation.source).select_related(
        "string", "context"
    ):
        _, created = StringTranslation.objects.get_or_create(
            translation_of=segment.string,
            locale=translation.target_locale,
            context=segment.context,
            defaults={"data": translate(segment.string.data), "translation_type": "manual"},
        )
        done += created
    return done


def translate(page, language: str = "es", *, translate_with=None, publish: bool = True):
    """Translate `page` as an editor does: "Translate this page", every sentence, "Publish".
    Pages above it that have no copy in the language become aliases (wagtail-localize).
    Returns the translated page, reloaded."""
    from django.test import TestCase
    from wagtail.models import Locale
    from wagtail_localize.operations import TranslationCreator

    locale = Locale.objects.get(language_code=language)
    page = page.specific
    with TestCase.captureOnCommitCallbacks(execute=True):
        TranslationCreator(None, [locale]).create_translations(page)
        sentences_translate(page, language, translate_with)
        if publish:
            translation_of(page, language).save_target(publish=True)
    return type(page).objects.get(translation_key=page.translation_key, locale=locale)


def publish_again(page, **changes):
    """The original changed and published again (a coordinator's edit)."""
    page = type(page.specific).objects.get(pk=page.pk)
    for name, value in changes.items():
        setattr(page, name, value)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def sync(page, language: str = "es"):
    """ "Sync translated pages" without publishing: the new text waits for translation."""
    translation_of(page, language).source.update_from_db()
