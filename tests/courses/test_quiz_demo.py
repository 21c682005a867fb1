import pytest

from courses import demo_data, services
from courses.blocks import quiz_question_problems
from courses.models import ModulePage
from cpa_site.demo import demo_academy_load
from tests.courses.factories import right_answers
from tests.support.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_every_demo_module_is_published_with_a_sound_quiz_of_4_to_6_questions():
    demo_academy_load()
    modules = list(ModulePage.objects.live().filter(locale__language_code="en").order_by("number"))
    assert len(modules) == len(demo_data.MODULES)
    resident = UserFactory()
    for module in modules:
        assert 4 <= len(module.quiz_questions) <= 6, module.title
        published = module.live_revision.as_object().quiz_questions.raw_data
        assert list(published) == list(module.quiz_questions.raw_data)
        for child in module.quiz_questions:
            flags = [choice["correct"] for choice in child.value["choices"]]
            assert quiz_question_problems(child.value["kind"], flags) == [], child.value["text"]
        attempt = services.quiz_attempt_start(module=module, resident=resident)
        graded = services.quiz_attempt_submit(
            attempt_id=attempt.pk, resident=resident, answers=right_answers(attempt.snapshot)
        )
        assert graded.passed, module.title


def test_reloading_the_demo_keeps_the_same_quiz_ids():
    demo_academy_load()
    before = {m.pk: [q.id for q in m.quiz_questions] for m in ModulePage.objects.all()}
    demo_academy_load()
    after = {m.pk: [q.id for q in m.quiz_questions] for m in ModulePage.objects.all()}
    assert before == after
