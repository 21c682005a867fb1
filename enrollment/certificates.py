"""The graduation certificate as a PDF (WeasyPrint), from an HTML template, in the graduate's
own language."""

from django.conf import settings
from django.template.loader import render_to_string

from cpa_site.academy import academy_settings
from cpa_site.languages import in_language, user_language
from cpa_site.links import absolute_reverse

from .models import Certificate


def certificate_html(certificate: Certificate) -> str:
    """The certificate's page in the graduate's language: its words, its dates, and the
    verification link under that language's prefix."""
    application = certificate.application
    with in_language(user_language(application.resident)):
        return render_to_string(
            "enrollment/certificate_pdf.html",
            {
                "academy": academy_settings(),
                "certificate": certificate,
                "resident": application.resident,
                "cohort": application.cohort,
                "verify_url": absolute_reverse("certificate_verify", certificate.code),
            },
        )


def certificate_pdf(certificate: Certificate) -> bytes:
    from weasyprint import HTML  # heavy import: only when a certificate is asked for

    return HTML(string=certificate_html(certificate), base_url=settings.SITE_BASE_URL).write_pdf()
