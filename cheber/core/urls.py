from django.urls import path

from cheber.core import audit_views, jobs, views

app_name = "core"
urlpatterns = [
    path("", views.landing, name="landing"),
    path("home/", views.home, name="home"),
    path("jobs/<int:pk>/", jobs.job_detail, name="job_detail"),
    path("jobs/<int:pk>/download/", jobs.job_download, name="job_download"),
    path("audit/", audit_views.audit_log, name="audit_log"),
    path("audit/personal-data/", audit_views.access_log, name="access_log"),
]
