from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("cheber.core.urls")),
    path("accounts/", include("cheber.accounts.urls")),
    path("registry/", include("cheber.registry.urls")),
    path("catalog/", include("cheber.catalog.urls")),
    path("schedule/", include("cheber.schedule.urls")),
    path("courses/", include("cheber.delivery.urls")),
    path("certificates/", include("cheber.certificates.urls")),
    path("compliance/", include("cheber.compliance.urls")),
    path("planner/", include("cheber.planner.urls")),
    path("imports/", include("cheber.imports.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
