from django.conf import settings


def academy(request):
    """Contact details every page's footer shows."""
    return {
        "academy_contact_email": settings.ACADEMY_CONTACT_EMAIL,
        "academy_contact_phone": settings.ACADEMY_CONTACT_PHONE,
    }
