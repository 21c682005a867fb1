from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from django.views.decorators.http import require_safe

from .models import ContentPage, ModulePage

MAX_QUERY_LENGTH = 200


@require_safe
def search(request):
    """Search the academy's published modules and pages (Wagtail's database backend)."""
    query = request.GET.get("q", "").strip()
    error = ""
    results = []
    if len(query) > MAX_QUERY_LENGTH:
        error = f"Please use {MAX_QUERY_LENGTH} characters or fewer."
    elif query:
        modules = list(ModulePage.objects.live().public().search(query))
        pages = list(ContentPage.objects.live().public().search(query))
        results = modules + pages
    page = Paginator(results, 10).get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        "courses/search.html",
        {"query": query, "results": page, "error": error, "result_count": len(results)},
    )
