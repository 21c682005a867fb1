from django.urls import include, path

from . import extra_views, views

# Calendar feeds keep one address in every language: calendar apps poll it for years, and the
# events are written in the subscriber's own language (their account's).
feed_urlpatterns = [
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    path(
        "calendar/teaching/<str:token>.ics",
        views.instructor_calendar_feed,
        name="instructor_calendar_feed",
    ),
]

# Residents' pages: under the language prefix (cpa_site/urls.py), /es/my-academy/ and so on.
urlpatterns = [
    path("my-academy/calendar.ics", views.calendar_download, name="calendar_download"),
    path("my-academy/calendar/renew/", views.calendar_feed_renew, name="calendar_feed_renew"),
    path("my-academy/calendar/revoke/", views.calendar_feed_revoke, name="calendar_feed_revoke"),
    path(
        "my-academy/applications/<int:application_id>/certificate.pdf",
        views.certificate_download,
        name="certificate_download",
    ),
    path("v/<str:code>/", views.certificate_verify, name="certificate_verify"),
    path("emails/unsubscribe/<str:token>/", views.email_unsubscribe, name="email_unsubscribe"),
    path("my-academy/emails/", views.email_preferences, name="email_preferences"),
    path("classes/", views.cohort_list, name="cohort_list"),
    path("classes/<int:cohort_id>/apply/", views.application_create, name="application_create"),
    path("my-academy/", views.my_academy, name="my_academy"),
    path("", include("enrollment.outcomes.alumni_urls")),
    path("", include("enrollment.outcomes.evaluation_urls")),
    path("", include("enrollment.outcomes.survey_urls")),
    path("my-academy/extras/<int:extra_id>/", extra_views.extra_detail, name="extra_detail"),
    path("my-academy/extras/<int:extra_id>/cancel/", extra_views.extra_cancel, name="extra_cancel"),
    path(
        "my-academy/extras/<int:extra_id>/waitlist/join/",
        extra_views.extra_waitlist_join,
        name="extra_waitlist_join",
    ),
    path(
        "my-academy/extras/<int:extra_id>/waitlist/leave/",
        extra_views.extra_waitlist_leave,
        name="extra_waitlist_leave",
    ),
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
