"""Request bodies bounded before they are read.

Each view that takes files names its limit, `@upload_limit("registry_import")`, a key of
settings.CHEBER_UPLOAD_LIMITS (bytes; views that name none get "default"). The middleware
answers 413, in the user's language, before the body is read when its declared length is over
the limit (plus the form's other fields, DATA_UPLOAD_MAX_MEMORY_SIZE); and while the files
stream in, as soon as they pass the limit, so that a client that declares less, or none,
never gets its whole file received. Form fields beyond DATA_UPLOAD_MAX_MEMORY_SIZE (Django's
own check) are answered the same way.
"""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadhandler import FileUploadHandler
from django.shortcuts import render
from django.utils.translation import gettext as _

from cheber.core.refusals import refused

BODY_METHODS = {"POST", "PUT", "PATCH"}


class UploadTooLarge(RequestDataTooBig):
    """The files of a request passed the limit of the view they were sent to."""


def upload_limit(key: str):
    """Mark a view as taking files up to settings.CHEBER_UPLOAD_LIMITS[key] bytes."""

    def mark(view):
        view.upload_limit = key
        return view

    return mark


class LimitedUploadHandler(FileUploadHandler):
    """Counts the bytes of every file of the request and stops at the limit."""

    def __init__(self, limit: int, request=None):
        super().__init__(request)
        self.limit, self.received = limit, 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            raise UploadTooLarge(f"Upload over {self.limit} bytes.")
        return raw_data  # the next handler (memory or temporary file) keeps it

    def file_complete(self, file_size):
        return None


class UploadLimitMiddleware:
    """Before the CSRF check (the first to read the body): see the module's docstring."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method not in BODY_METHODS:
            return None
        limit = settings.CHEBER_UPLOAD_LIMITS[getattr(view_func, "upload_limit", "default")]
        if _declared_length(request) > limit + settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
            return too_large(request, limit)
        request.upload_handlers.insert(0, LimitedUploadHandler(limit, request))
        try:
            request.POST  # noqa: B018 (parsed here, where a refusal can be answered)
        except RequestDataTooBig:
            return too_large(request, limit)
        return None


def _declared_length(request) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def too_large(request, limit: int):
    megabytes = _megabytes(limit)
    response = render(request, "core/413.html", {"megabytes": megabytes}, status=413)
    # the rest of the body is never read: the connection cannot carry another request
    response["Connection"] = "close"
    message = _(
        "What you sent is larger than this form accepts: at most %(megabytes)s MB. Nothing was "
        "saved. Make the file smaller (or split it) and send it again."
    )
    return refused(response, "too_large", message % {"megabytes": megabytes})


def _megabytes(limit: int) -> str:
    return f"{limit / 2**20:.1f}".removesuffix(".0")
