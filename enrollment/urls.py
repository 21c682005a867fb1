from django.urls import path

from . import views

urlpatterns = [
    path("classes/", views.cohort_list, name="cohort_list"),
    path("classes/<int:cohort_id>/apply/", views.application_create, name="application_create"),
    path("my-academy/", views.my_academy, name="my_academy"),
    path(
        "my-academy/applications/<int:application_id>/withdraw/",
        views.application_withdraw,
        name="application_withdraw",
    ),
    path(
        "my-academy/applications/<int:application_id>/accept-offer/",
        views.offer_accept,
        name="offer_accept",
    ),
    path(
        "my-academy/applications/<int:application_id>/decline-offer/",
        views.offer_decline,
        name="offer_decline",
    ),
]
