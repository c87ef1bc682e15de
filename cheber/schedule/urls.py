from django.urls import path

from cheber.schedule import views

app_name = "schedule"
urlpatterns = [
    path("", views.session_list, name="session_list"),
    path("calendar/", views.session_calendar, name="session_calendar"),
    path("export.xlsx", views.session_export, name="session_export"),
    path("sessions.ics", views.ical_feed, name="ical"),
    path("plans/", views.plan_list, name="plan_list"),
    path("plans/new/", views.plan_create, name="plan_create"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/submit/", views.plan_submit, name="plan_submit"),
    path("plans/<int:pk>/approve/", views.plan_approve, name="plan_approve"),
    path("plans/<int:pk>/return/", views.plan_return, name="plan_return"),
    path("plans/<int:plan_pk>/sessions/new/", views.session_create, name="session_create"),
    path("sessions/<int:pk>/edit/", views.session_edit, name="session_edit"),
    path("sessions/<int:pk>/quotas/", views.session_quotas, name="session_quotas"),
]
