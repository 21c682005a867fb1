"""Glue between Wagtail's signals and the courses services (no rules of their own here)."""

from django.dispatch import Signal, receiver
from wagtail.signals import copy_for_translation_done

from .models import CurriculumIndexPage
from .roles import translated_curriculum_roles

# Sent inside the transaction that graded an attempt (saved with QuerySet.update(), which sends
# no post_save): pages showing what the resident passed listen (enrollment/my_academy_cache.py).
quiz_attempt_submitted = Signal()  # sender=QuizAttempt, attempt=...


@receiver(copy_for_translation_done)
def curriculum_copy_gets_roles(sender, source_obj, target_obj, **kwargs):
    """wagtail-localize copies a curriculum (or makes an alias of it) when a module is first
    translated into a language: instructors must be able to translate in it, under review."""
    if isinstance(target_obj.specific, CurriculumIndexPage):
        translated_curriculum_roles(curriculum=target_obj)
