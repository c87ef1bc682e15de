from django.urls import path

from cheber.delivery import provider_views, territory_views, views

app_name = "delivery"
urlpatterns = [
    # educators, methodical cabinets, principals (views.py)
    path("sessions/<int:pk>/", views.session_detail, name="session_detail"),
    path("sessions/<int:pk>/apply/", views.apply, name="apply"),
    path("sessions/<int:pk>/nominate/", views.nominate, name="nominate"),
    path("mine/", views.my_courses, name="my_courses"),
    path("enrolments/<int:pk>/", views.enrolment_detail, name="enrolment_detail"),
    path("enrolments/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("enrolments/<int:pk>/reject/", views.reject, name="reject"),
    path("enrolments/<int:pk>/confirm/", views.confirm, name="confirm"),
    path("enrolments/<int:pk>/release/", views.confirm_release, name="confirm_release"),
    path("cabinet/", territory_views.cabinet, name="cabinet"),
    path("quotas/<int:pk>/release/", territory_views.release_quota, name="release_quota"),
    path("staff/", territory_views.staff_away, name="staff_away"),
    path("notifications/", views.notifications, name="notifications"),
    # providers (provider_views.py)
    path("provider/", provider_views.provider_sessions, name="provider_sessions"),
    path("sessions/<int:pk>/roster/", provider_views.roster, name="roster"),
    path("sessions/<int:pk>/roster.xlsx", provider_views.roster_export, name="roster_export"),
    path("enrolments/<int:pk>/accept/", provider_views.accept, name="accept"),
    path("enrolments/<int:pk>/payment/", provider_views.record_payment, name="record_payment"),
    path("sessions/<int:pk>/attendance/", provider_views.attendance, name="attendance"),
    path("sessions/<int:pk>/results/", provider_views.results, name="results"),
    path("sessions/<int:pk>/complete/", provider_views.complete, name="complete"),
]
