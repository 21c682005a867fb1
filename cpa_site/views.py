from django.http import HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .health import run_checks


@never_cache
@require_safe
def healthz(request):
    """200 when the database, cache and broker all answer; 503 naming what does not."""
    checks = run_checks()
    failing = sorted(name for name, state in checks.items() if state != "ok")
    status = "ok" if not failing else "degraded"
    body = {"status": status, "checks": checks, "failing": failing}
    return JsonResponse(body, status=200 if not failing else 503)


@require_safe
def bench_bare(request):
    """The baseline of `make bench`: the same server and middleware, no template, no query."""
    return HttpResponse("ok", content_type="text/plain")


@require_safe
def privacy(request):
    """The privacy notice written in Academy settings."""
    return TemplateResponse(request, "privacy.html")
