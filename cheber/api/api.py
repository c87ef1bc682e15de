"""The API's one NinjaAPI: version 1 at /api/v1/, its OpenAPI schema at
/api/v1/openapi.json and the Swagger UI at /api/v1/docs (served from ninja's vendored static
files: "ninja" is in INSTALLED_APPS, so no CDN). The routes are doors: each reads through
the same scopes and calls the same actions as the pages."""

from ninja import NinjaAPI

from cheber.api import errors
from cheber.api.auth import AUTH

VERSION = "1"

api = NinjaAPI(
    title="Cheber API",
    version=VERSION,
    description=(
        "Cheber's data for the systems around it. Authenticate with a personal or machine "
        "token (`Authorization: Bearer chb_p_…`); errors are `{code, message, fields}`; lists "
        "are cursor pages (`next_cursor`). See docs/api.md."
    ),
    auth=AUTH,
    urls_namespace="api_v1",
)
errors.install(api)


@api.get("/", auth=None, url_name="index", include_in_schema=False)
def index(request):
    """Where things are: the documentation and the schema."""
    return {"version": VERSION, "docs": "/api/v1/docs", "openapi": "/api/v1/openapi.json"}


def _register() -> None:
    from cheber.api.routes import (
        certificates,
        compliance,
        courses,
        delivery,
        imports,
        reference,
        registry,
    )

    api.add_router("/reference", reference.router, tags=["reference"])
    api.add_router("/registry", registry.router, tags=["registry"])
    api.add_router("/courses", courses.router, tags=["catalogue and schedule"])
    api.add_router("/delivery", delivery.router, tags=["delivery"])
    api.add_router("/certificates", certificates.router, tags=["certificates"])
    api.add_router("/compliance", compliance.router, tags=["compliance"])
    api.add_router("/imports", imports.router, tags=["imports"])


_register()

# Routes that take files name their body limit (cheber.core.uploads), as the pages' views do.
UPLOAD_LIMITS = {"import_upload": "registry_import"}


def urls():
    """The API's URL patterns for config/urls.py, with the upload routes' limits marked."""
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        if (key := UPLOAD_LIMITS.get(getattr(pattern, "name", ""))) is not None:
            pattern.callback.upload_limit = key
    return patterns, app_name, namespace
