import re
from dataclasses import dataclass
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.reports import ReportView

from cpa_site.exports import escape_formula

from . import selectors, services
from .forms import QuizAnswerForm, quiz_answers_from_post, quiz_answers_initial
from .models import ContentPage, ModulePage, QuizAttempt
from .services import QuizError

MAX_QUERY_LENGTH = 200


def search_terms(query: str) -> str:
    """The query as words and "quoted phrases" of words only: the search backends read other
    characters as syntax (SQLite's full-text search refuses an unpaired quote or an apostrophe
    inside a phrase with an error). An unpaired quote means no phrases at all."""
    parts = query.split('"')
    if len(parts) % 2 == 0:
        parts = [query.replace('"', " ")]
    terms = []
    for index, part in enumerate(parts):
        words = re.findall(r"\w+", part)
        if words and index % 2:
            terms.append('"' + " ".join(words) + '"')
        else:
            terms.extend(words)
    return " ".join(terms)


@require_safe
def search(request):
    """Search the academy's published modules and pages (Wagtail's database backend)."""
    query = request.GET.get("q", "").strip()
    error = ""
    results = []
    if len(query) > MAX_QUERY_LENGTH:
        error = f"Please use {MAX_QUERY_LENGTH} characters or fewer."
    elif any(ord(c) < 32 for c in query):
        error = "Please use letters, numbers and ordinary punctuation only."
        query = "".join(c for c in query if ord(c) >= 32)
    elif query:
        terms = search_terms(query)
        if terms:
            modules = list(ModulePage.objects.live().public().search(terms))
            pages = list(ContentPage.objects.live().public().search(terms))
            results = modules + pages
    page = Paginator(results, 10).get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        "courses/search.html",
        {"query": query, "results": page, "error": error, "result_count": len(results)},
    )


# --- Quizzes ------------------------------------------------------------------------------------

# How each refusal reaches the browser: the message is always the service's plain sentence.
QUIZ_ERROR_STATUS = {
    "invalid_answer": 400,
    "already_submitted": 409,
    "no_attempts_left": 403,
    "already_passed": 403,
    "no_quiz": 404,
    "conflict": 409,
}


def _quiz_refused(request, exc: QuizError, *, module: ModulePage, attempt=None):
    return TemplateResponse(
        request,
        "courses/quiz_refused.html",
        {"module": module, "message": exc.message, "attempt": attempt},
        status=QUIZ_ERROR_STATUS.get(exc.code, 400),
    )


def _quiz_form(request, attempt: QuizAttempt, form: QuizAnswerForm, *, status: int = 200):
    return TemplateResponse(
        request,
        "courses/quiz_take.html",
        {
            "module": attempt.module,
            "attempt": attempt,
            "form": form,
            "status": selectors.quiz_status(request.user, attempt.module),
        },
        status=status,
    )


@never_cache  # a shared cache must never hand one resident's quiz to another
@login_required
@require_safe
def quiz_take(request, module_id: int):
    """Start the quiz, or resume the attempt already under way."""
    module = get_object_or_404(ModulePage.objects.live(), pk=module_id)
    try:
        attempt = services.quiz_attempt_start(module=module, resident=request.user)
    except QuizError as exc:
        status = selectors.quiz_status(request.user, module)
        if exc.code == "already_passed" and status.last_attempt_id:
            messages.info(request, exc.message)
            return redirect("quiz_result", attempt_id=status.last_attempt_id)
        last = QuizAttempt.objects.filter(pk=status.last_attempt_id).first()
        return _quiz_refused(request, exc, module=module, attempt=last)
    initial = quiz_answers_initial(attempt.snapshot, attempt.answers or {})
    return _quiz_form(request, attempt, QuizAnswerForm(snapshot=attempt.snapshot, initial=initial))


@never_cache
@login_required
@require_POST
def quiz_submit(request, attempt_id: int):
    """Grade once; refuse answers the attempt did not ask for, with nothing recorded."""
    attempt = get_object_or_404(
        QuizAttempt.objects.select_related("module"), pk=attempt_id, resident=request.user
    )
    answers = quiz_answers_from_post(request.POST)
    if "save" in request.POST:
        return _quiz_save(request, attempt, answers)
    try:
        if not attempt.is_submitted:
            services.quiz_answers_check(attempt.snapshot, services.quiz_answers_normalise(answers))
            form = QuizAnswerForm(request.POST, snapshot=attempt.snapshot)
            if not form.is_valid():
                return _quiz_form(request, attempt, form, status=400)
        attempt = services.quiz_attempt_submit(
            attempt_id=attempt.pk, resident=request.user, answers=answers
        )
    except QuizAttempt.DoesNotExist:
        raise Http404 from None
    except QuizError as exc:
        return _quiz_refused(request, exc, module=attempt.module, attempt=attempt)
    return redirect("quiz_result", attempt_id=attempt.pk)


def _quiz_save(request, attempt: QuizAttempt, answers):
    """ "Save and finish later": keep the answers, grade nothing, back to the module."""
    try:
        services.quiz_answers_save(attempt_id=attempt.pk, resident=request.user, answers=answers)
    except QuizAttempt.DoesNotExist:
        raise Http404 from None
    except QuizError as exc:
        return _quiz_refused(request, exc, module=attempt.module, attempt=attempt)
    if request.headers.get("X-Requested-With") == "fetch":
        return HttpResponse(status=204)  # saved as they tick (static/js/quiz-autosave.js)
    messages.success(
        request,
        "Your answers are saved. Come back to the quiz any time to finish it; "
        "they count once you submit them.",
    )
    return redirect(attempt.module.get_url(request=request) or reverse("my_academy"))


@never_cache
@login_required
@require_safe
def quiz_result(request, attempt_id: int):
    """Score, pass or fail, and each question with the right answers and the explanation."""
    attempt = get_object_or_404(
        QuizAttempt.objects.select_related("module"), pk=attempt_id, resident=request.user
    )
    if not attempt.is_submitted:
        return redirect("quiz_take", module_id=attempt.module_id)
    return TemplateResponse(
        request,
        "courses/quiz_result.html",
        {
            "module": attempt.module,
            "attempt": attempt,
            "review": services.quiz_review(attempt.snapshot, attempt.answers),
            "status": selectors.quiz_status(request.user, attempt.module),
        },
    )


# --- Quiz results in the Wagtail admin ----------------------------------------------------------


def _percent(value) -> str:
    return "–" if value is None else f"{float(value):.1f}%"


class QuizReportView(ReportView):
    """Staff who write or run the course see quiz results; residents' names need `takers_only`."""

    takers_only = False
    header_icon = "tasks"

    def dispatch(self, request, *args, **kwargs):
        allowed = (
            selectors.can_see_quiz_takers(request.user)
            if self.takers_only
            else selectors.can_see_quiz_results(request.user)
        )
        if not allowed:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def preprocess_field_value(self, field, value, export_format):
        if isinstance(value, float | Decimal):
            value = round(float(value), 1)
        return escape_formula(super().preprocess_field_value(field, value, export_format))


class QuizResultsView(QuizReportView):
    page_title = "Quiz results"
    index_url_name = "courses_quiz_results"
    index_results_url_name = "courses_quiz_results_results"
    results_template_name = "courses/admin/quiz_results_results.html"
    columns = [
        TitleColumn(
            "title",
            label="Module",
            url_name="courses_quiz_questions",
            accessor=lambda module: f"{module.number}. {module.title}",
        ),
        Column("quiz_attempt_count", label="Attempts"),
        Column("quiz_resident_count", label="Residents"),
        Column("quiz_passed_count", label="Residents passed"),
        Column("pass_rate", label="Pass rate", accessor=lambda m: _percent(m.quiz_pass_rate)),
        Column(
            "average_score",
            label="Average score",
            accessor=lambda m: _percent(m.quiz_average_score),
        ),
    ]
    list_export = [
        "number",
        "title",
        "quiz_attempt_count",
        "quiz_resident_count",
        "quiz_passed_count",
        "quiz_pass_rate",
        "quiz_average_score",
    ]
    export_headings = {
        "number": "Module",
        "title": "Title",
        "quiz_attempt_count": "Attempts",
        "quiz_resident_count": "Residents",
        "quiz_passed_count": "Residents passed",
        "quiz_pass_rate": "Pass rate (% of residents)",
        "quiz_average_score": "Average score (%)",
    }

    def get_filename(self):
        return f"quiz-results-{timezone.localdate():%Y-%m-%d}"

    def get_queryset(self):
        return selectors.quiz_results_by_module()


@dataclass
class QuizChoiceRow:
    """One answer of one question: a row of the per-question spreadsheet."""

    rank: int
    question: str
    question_right_rate: float
    shown: int
    answer: str
    right_answer: str
    picked: int
    picked_rate: float


class QuizModuleReportView(QuizReportView):
    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.module = get_object_or_404(ModulePage, pk=kwargs["module_id"])

    def get_index_url(self):
        return reverse(self.index_url_name, args=[self.module.pk])

    def get_index_results_url(self):
        return reverse(self.index_results_url_name, args=[self.module.pk])

    def get_breadcrumbs_items(self):
        return [{"url": reverse("courses_quiz_results"), "label": "Quiz results"}] + [
            {"url": "", "label": self.get_page_title()}
        ]

    def get_page_subtitle(self):
        return f"Module {self.module.number}: {self.module.title}"

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["module"] = self.module
        context["can_see_takers"] = selectors.can_see_quiz_takers(self.request.user)
        return context


class QuizQuestionResultsView(QuizModuleReportView):
    """Per question: how often each answer was picked and the share right; most-missed first."""

    page_title = "Quiz questions"
    index_url_name = "courses_quiz_questions"
    index_results_url_name = "courses_quiz_questions_results"
    results_template_name = "courses/admin/quiz_questions_results.html"
    paginate_by = None
    list_export = [
        "rank",
        "question",
        "question_right_rate",
        "shown",
        "answer",
        "right_answer",
        "picked",
        "picked_rate",
    ]
    export_headings = {
        "rank": "Most missed",
        "question": "Question",
        "question_right_rate": "Answered right (%)",
        "shown": "Times asked",
        "answer": "Answer",
        "right_answer": "Right answer",
        "picked": "Times picked",
        "picked_rate": "Picked (% of times asked)",
    }

    def get_filename(self):
        return f"quiz-questions-module-{self.module.number}-{timezone.localdate():%Y-%m-%d}"

    @cached_property
    def questions(self):
        return selectors.quiz_question_stats(self.module)

    def get_queryset(self):
        return [
            QuizChoiceRow(
                rank=rank,
                question=question.text,
                question_right_rate=question.right_rate,
                shown=question.shown,
                answer=choice.text,
                right_answer="yes" if choice.correct else "no",
                picked=choice.picked,
                picked_rate=choice.share_of(question.shown),
            )
            for rank, question in enumerate(self.questions, 1)
            for choice in question.choice_list
        ]

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["questions"] = self.questions
        return context


class QuizAttemptsView(QuizModuleReportView):
    """Each submitted attempt with the resident's name: coordinators only."""

    takers_only = True
    page_title = "Quiz attempts"
    index_url_name = "courses_quiz_attempts"
    index_results_url_name = "courses_quiz_attempts_results"
    columns = [
        Column("resident", label="Resident", accessor=lambda a: a.resident.get_full_name()),
        Column("email", label="Email", accessor="resident.email"),
        Column("number", label="Attempt"),
        Column("submitted_at", label="Submitted", accessor=lambda a: _local(a.submitted_at)),
        Column("score", label="Score", accessor=lambda a: _percent(a.score)),
        Column("passed", label="Result", accessor=lambda a: "Passed" if a.passed else "Not passed"),
    ]
    list_export = [
        "resident.get_full_name",
        "resident.email",
        "number",
        "submitted_at",
        "score",
        "passed",
    ]
    export_headings = {
        "resident.get_full_name": "Resident",
        "resident.email": "Email",
        "number": "Attempt",
        "submitted_at": "Submitted",
        "score": "Score (%)",
        "passed": "Passed",
    }

    def get_filename(self):
        return f"quiz-attempts-module-{self.module.number}-{timezone.localdate():%Y-%m-%d}"

    def get_queryset(self):
        return selectors.quiz_attempts_for_module(self.module)


def _local(moment) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}" if moment else ""
