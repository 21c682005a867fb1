"""Residents' survey pages, under My academy (and the language prefix)."""

from django.urls import path

from . import survey_views

urlpatterns = [
    path(
        "my-academy/surveys/<int:attachment_id>/", survey_views.survey_answer, name="survey_answer"
    ),
]
