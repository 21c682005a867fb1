from django.urls import path

from . import views

urlpatterns = [
    path("modules/<int:module_id>/quiz/", views.quiz_take, name="quiz_take"),
    path("quiz/attempts/<int:attempt_id>/", views.quiz_result, name="quiz_result"),
    path("quiz/attempts/<int:attempt_id>/submit/", views.quiz_submit, name="quiz_submit"),
]
