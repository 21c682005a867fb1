"""The graduation certificate as a PDF (WeasyPrint), from an HTML template."""

from django.conf import settings
from django.template.loader import render_to_string

from cpa_site.academy import academy_settings
from cpa_site.links import absolute_reverse

from .models import Certificate


def certificate_pdf(certificate: Certificate) -> bytes:
    from weasyprint import HTML  # heavy import: only when a certificate is asked for

    application = certificate.application
    html = render_to_string(
        "enrollment/certificate_pdf.html",
        {
            "academy": academy_settings(),
            "certificate": certificate,
            "resident": application.resident,
            "cohort": application.cohort,
            "verify_url": absolute_reverse("certificate_verify", certificate.code),
        },
    )
    return HTML(string=html, base_url=settings.SITE_BASE_URL).write_pdf()
