from django.contrib import admin
from django.urls import include, path

from cheber.accounts.views.login import admin_login
from cheber.api.api import urls as api_urls
from cheber.certificates.views import site_did
from cheber.learning.views.study import service_worker

# The admin's own log-in form would be a way around throttling and the second factor.
admin.site.login = admin_login
# allauth answers a throttled log-in or password reset with this page.
handler429 = "cheber.accounts.views.login.too_many_requests"

urlpatterns = [
    path("", include("cheber.core.urls")),
    path("accounts/", include("cheber.accounts.urls")),
    # allauth: password reset by e-mail, the second factor (/accounts/2fa/), re-authentication
    path("accounts/", include("allauth.urls")),
    path("registry/", include("cheber.registry.urls")),
    path("catalog/", include("cheber.catalog.urls")),
    path("schedule/", include("cheber.schedule.urls")),
    path("courses/", include("cheber.delivery.urls")),
    path("learning/", include("cheber.learning.urls")),
    # the learning pages' service worker, at the root so that its scope may cover them
    path("sw.js", service_worker, name="service_worker"),
    path("certificates/", include("cheber.certificates.urls")),
    # did:web of the host: the providers' keys where a verifier of a credential looks
    path(".well-known/did.json", site_did, name="site_did"),
    path("compliance/", include("cheber.compliance.urls")),
    path("users/", include("cheber.users.urls")),
    path("planner/", include("cheber.planner.urls")),
    path("imports/", include("cheber.imports.urls")),
    path("api/v1/", api_urls()),  # the REST API (docs/api.md): /api/v1/docs, /api/v1/openapi.json
    path("api/", include("cheber.api.urls")),  # its tokens' page
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
