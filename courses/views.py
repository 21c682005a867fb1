"""Residents' quiz pages (take, submit, result) and the site search."""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from . import selectors, services
from .forms import QuizAnswerForm, quiz_answers_from_post, quiz_answers_initial
from .models import ContentPage, ModulePage, QuizAttempt
from .services import QuizError
from .translations.copies import locale_active

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
    """Search the academy's published modules and pages in the reader's language (Wagtail's
    database backend); the page says which language it searched."""
    query = request.GET.get("q", "").strip()
    error = ""
    results = []
    locale = locale_active()
    if len(query) > MAX_QUERY_LENGTH:
        error = _("Please use %(max)s characters or fewer.") % {"max": MAX_QUERY_LENGTH}
    elif any(ord(c) < 32 for c in query):
        error = _("Please use letters, numbers and ordinary punctuation only.")
        query = "".join(c for c in query if ord(c) >= 32)
    elif query:
        terms = search_terms(query)
        if terms:
            modules = ModulePage.objects.live().public().filter(locale=locale).search(terms)
            pages = ContentPage.objects.live().public().filter(locale=locale).search(terms)
            # Aliases repeat another language's words under this language's address.
            results = [page for page in [*modules, *pages] if not page.alias_of_id]
    page = Paginator(results, 10).get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        "courses/search.html",
        {
            "query": query,
            "results": page,
            "error": error,
            "result_count": len(results),
            "searched_language": locale.get_display_name(),
        },
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
            "module": attempt.module_as_taken(),
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
    form = QuizAnswerForm(snapshot=attempt.snapshot, initial=initial, language=attempt.language)
    return _quiz_form(request, attempt, form)


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
            form = QuizAnswerForm(
                request.POST, snapshot=attempt.snapshot, language=attempt.language
            )
            if not form.is_valid():
                return _quiz_form(request, attempt, form, status=400)
        attempt = services.quiz_attempt_submit(
            attempt_id=attempt.pk, resident=request.user, answers=answers
        )
    except QuizAttempt.DoesNotExist:
        raise Http404 from None
    except QuizError as exc:
        return _quiz_refused(request, exc, module=attempt.module_as_taken(), attempt=attempt)
    return redirect("quiz_result", attempt_id=attempt.pk)


def _quiz_save(request, attempt: QuizAttempt, answers):
    """ "Save and finish later": keep the answers, grade nothing, back to the module."""
    try:
        services.quiz_answers_save(attempt_id=attempt.pk, resident=request.user, answers=answers)
    except QuizAttempt.DoesNotExist:
        raise Http404 from None
    except QuizError as exc:
        return _quiz_refused(request, exc, module=attempt.module_as_taken(), attempt=attempt)
    if request.headers.get("X-Requested-With") == "fetch":
        return HttpResponse(status=204)  # saved as they tick (static/js/quiz-autosave.js)
    messages.success(
        request,
        _(
            "Your answers are saved. Come back to the quiz any time to finish it; "
            "they count once you submit them."
        ),
    )
    module = attempt.module_as_taken()
    return redirect(module.get_url(request=request) or reverse("my_academy"))


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
            "module": attempt.module_as_taken(),
            "attempt": attempt,
            "review": services.quiz_review(attempt.snapshot, attempt.answers),
            "status": selectors.quiz_status(request.user, attempt.module),
        },
    )


# --- Quiz results in the Wagtail admin ----------------------------------------------------------
