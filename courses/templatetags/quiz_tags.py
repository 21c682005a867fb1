"""The module page's quiz box reads the signed-in person's standing here (a selector), so the
page model needs no reads of its own."""

from django import template

from courses.selectors import quiz_status

register = template.Library()


@register.simple_tag(takes_context=True)
def quiz_status_for(context, module):
    """The person's quiz standing on `module`, or None (signed out, a preview, no quiz yet)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if (
        not module.has_quiz
        or not module.pk
        or user is None
        or not user.is_authenticated
        or getattr(request, "is_preview", False)
    ):
        return None
    return quiz_status(user, module)
