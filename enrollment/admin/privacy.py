"""Coordinators, on a resident's request: export everything about them, or erase their answers.

Both are admin URLs (registered from enrollment/wagtail_hooks.py) and both are written to the
audit log. Instructors and residents get 403.
"""

import json

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.cache import patch_cache_control
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_safe
from wagtail.log_actions import log

from ..retention import resident_data_export, resident_personal_data_erase
from .base import can_decide


def _resident_for_coordinator(request, resident_id: int):
    if not can_decide(request.user):
        raise PermissionDenied
    return get_object_or_404(get_user_model(), pk=resident_id)


@require_safe
def resident_export(request, resident_id: int):
    resident = _resident_for_coordinator(request, resident_id)
    body = json.dumps(resident_data_export(resident), indent=2, ensure_ascii=False)
    log(instance=resident, action="enrollment.export_personal_data", user=request.user)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="resident-{resident.pk}.json"'
    patch_cache_control(response, no_store=True, private=True)
    return response


@require_http_methods(["GET", "HEAD", "POST"])
def resident_erase(request, resident_id: int):
    resident = _resident_for_coordinator(request, resident_id)
    if request.method == "POST":
        count = resident_personal_data_erase(resident=resident)
        log(instance=resident, action="enrollment.erase_personal_data", user=request.user)
        # English keeps its one wording for every count; other languages get their plurals.
        erased = ngettext(
            "Erased the personal answers of %(count)s application(s).",
            "Erased the personal answers of %(count)s application(s).",
            count,
        )
        messages.success(request, erased % {"count": count})
        return redirect("wagtailsnippets_enrollment_application:list")
    response = TemplateResponse(
        request, "enrollment/admin/resident_erase.html", {"resident": resident}
    )
    patch_cache_control(response, no_store=True, private=True)
    return response


urlpatterns = [
    path(
        "residents/<int:resident_id>/export/",
        resident_export,
        name="enrollment_resident_export",
    ),
    path(
        "residents/<int:resident_id>/erase/",
        resident_erase,
        name="enrollment_resident_erase",
    ),
]
