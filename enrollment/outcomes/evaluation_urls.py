from django.urls import path

from . import evaluation_views

urlpatterns = [
    path(
        "my-academy/classes/<int:session_id>/rate/",
        evaluation_views.session_evaluation,
        name="session_evaluation",
    ),
]
