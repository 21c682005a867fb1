from django.utils.functional import SimpleLazyObject

from .academy import academy_settings_for_request


def academy(request):
    """The academy's settings as `academy` in every template: `{{ academy.contact_email }}`."""
    return {"academy": SimpleLazyObject(lambda: academy_settings_for_request(request))}
