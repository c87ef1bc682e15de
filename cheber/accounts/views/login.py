"""The pages around log-in that Cheber answers itself: the admin's log-in (sent to Cheber's
own) and allauth's answer to a throttled request."""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import render

from cheber.core.redirects import safe_next


def admin_login(request, extra_context=None):
    """The Django admin's log-in page: everyone goes through Cheber's log-in instead, which
    throttles failures and asks for the second factor. Its own form is never processed."""
    next_url = safe_next(request, "admin:index")
    if not request.user.is_authenticated:
        return redirect_to_login(next_url)
    if request.user.is_active and request.user.is_staff:
        return HttpResponseRedirect(next_url)
    raise PermissionDenied


def too_many_requests(request, exception=None):
    """allauth's answer when a log-in, password reset or code is throttled."""
    return render(request, "accounts/429.html", status=429)
