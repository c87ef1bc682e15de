from django.urls import path

from cheber.delivery.views import enrolments, provider, territory

app_name = "delivery"
urlpatterns = [
    # educators, methodical cabinets, principals (views/enrolments.py, views/territory.py)
    path("sessions/<int:pk>/", enrolments.session_detail, name="session_detail"),
    path("sessions/<int:pk>/apply/", enrolments.apply, name="apply"),
    path("sessions/<int:pk>/nominate/", enrolments.nominate, name="nominate"),
    path("mine/", enrolments.my_courses, name="my_courses"),
    path("enrolments/<int:pk>/", enrolments.enrolment_detail, name="enrolment_detail"),
    path("enrolments/<int:pk>/withdraw/", enrolments.withdraw, name="withdraw"),
    path("enrolments/<int:pk>/reject/", enrolments.reject, name="reject"),
    path("enrolments/<int:pk>/confirm/", enrolments.confirm, name="confirm"),
    path("enrolments/<int:pk>/release/", enrolments.confirm_release, name="confirm_release"),
    path("cabinet/", territory.cabinet, name="cabinet"),
    path("quotas/<int:pk>/release/", territory.release_quota, name="release_quota"),
    path("staff/", territory.staff_away, name="staff_away"),
    path("notifications/", enrolments.notifications, name="notifications"),
    # providers (provider.py)
    path("provider/", provider.provider_sessions, name="provider_sessions"),
    path("sessions/<int:pk>/roster/", provider.roster, name="roster"),
    path("sessions/<int:pk>/roster.xlsx", provider.roster_export, name="roster_export"),
    path("enrolments/<int:pk>/accept/", provider.accept, name="accept"),
    path("enrolments/<int:pk>/payment/", provider.record_payment, name="record_payment"),
    path("sessions/<int:pk>/attendance/", provider.attendance, name="attendance"),
    path("sessions/<int:pk>/results/", provider.results, name="results"),
    path("sessions/<int:pk>/complete/", provider.complete, name="complete"),
]
