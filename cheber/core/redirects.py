"""Going back where a request asks to: a `next` parameter is followed only to a path of this
site; anything else (another host, a scheme, a view name, garbage) goes to the page's own
default. `redirect()` is never given what a request sent: it would take a bare word for the
name of a view and fail after the action was saved."""

from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme

NEXT = "next"


def safe_next(request: HttpRequest, default: str = "") -> str:
    """The `next` of the POST (else of the query) when it is a path of this site (`/…`, not
    `//host`), else `default`, which may be a URL name or a path."""
    target = request.POST.get(NEXT) or request.GET.get(NEXT) or ""
    if is_own_path(request, target):
        return target
    return resolve_url(default) if default else ""


def is_own_path(request: HttpRequest, target: str) -> bool:
    if not target.startswith("/") or target.startswith(("//", "/\\")):
        return False
    if any(ord(char) < 32 or ord(char) == 127 for char in target):
        return False
    return url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )


def redirect_back(request: HttpRequest, default: str) -> HttpResponseRedirect:
    """A redirect to `safe_next(request, default)`."""
    return HttpResponseRedirect(safe_next(request, default))
