from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import reports
from .selectors import can_see_quiz_results


class QuizResultsMenuItem(MenuItem):
    def is_shown(self, request):
        return can_see_quiz_results(request.user)


@hooks.register("register_admin_urls")
def register_quiz_results_urls():
    return [
        path("quiz-results/", reports.QuizResultsView.as_view(), name="courses_quiz_results"),
        path(
            "quiz-results/results/",
            reports.QuizResultsView.as_view(results_only=True),
            name="courses_quiz_results_results",
        ),
        path(
            "quiz-results/<int:module_id>/",
            reports.QuizQuestionResultsView.as_view(),
            name="courses_quiz_questions",
        ),
        path(
            "quiz-results/<int:module_id>/results/",
            reports.QuizQuestionResultsView.as_view(results_only=True),
            name="courses_quiz_questions_results",
        ),
        path(
            "quiz-results/<int:module_id>/attempts/",
            reports.QuizAttemptsView.as_view(),
            name="courses_quiz_attempts",
        ),
        path(
            "quiz-results/<int:module_id>/attempts/results/",
            reports.QuizAttemptsView.as_view(results_only=True),
            name="courses_quiz_attempts_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_quiz_results_menu_item():
    return QuizResultsMenuItem(
        "Quiz results",
        reverse("courses_quiz_results"),
        name="quiz-results",
        icon_name="tasks",
        order=1000,
    )
