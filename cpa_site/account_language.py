"""The "Language" page of a person's account, beside their email addresses and password."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from .forms import LanguageForm
from .languages import in_language, url_in_language, user_language, user_language_set


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def account_language(request):
    """Show and change the person's language; the page then reloads in the new one."""
    if request.method == "POST":
        form = LanguageForm(request.POST)
        if form.is_valid():
            language = form.cleaned_data["language"]
            user_language_set(user=request.user, language=language)
            with in_language(language):
                messages.success(
                    request,
                    _(
                        "Your language is saved: the site, your emails, calendar and "
                        "certificate use it."
                    ),
                )
            return redirect(url_in_language(reverse("account_language"), language))
    else:
        form = LanguageForm(initial={"language": user_language(request.user)})
    return TemplateResponse(request, "account/language.html", {"form": form})
