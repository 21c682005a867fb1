"""Alumni's own pages on My academy (under the language prefix, as My academy is)."""

from django.urls import path

from . import alumni_views

urlpatterns = [
    path("my-academy/alumni/", alumni_views.alumni_page, name="alumni_page"),
]
