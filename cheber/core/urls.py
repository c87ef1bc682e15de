from django.urls import path

from cheber.core.views import audit, jobs, pages, service

app_name = "core"
urlpatterns = [
    path("", pages.landing, name="landing"),
    path("home/", pages.home, name="home"),
    path("jobs/<int:pk>/", jobs.job_detail, name="job_detail"),
    path("jobs/<int:pk>/download/", jobs.job_download, name="job_download"),
    path("audit/", audit.audit_log, name="audit_log"),
    path("audit/personal-data/", audit.access_log, name="access_log"),
    # for load balancers and monitoring (docs/deploy.md)
    path("healthz", service.healthz, name="healthz"),
    path("readyz", service.readyz, name="readyz"),
    path("metrics", service.metrics, name="metrics"),
]
