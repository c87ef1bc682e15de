"""Pages of educators, methodical cabinets and principals."""

from django.http import Http404


def session_detail(request, **kwargs):  # stub: being built
    raise Http404


def apply(request, **kwargs):  # stub: being built
    raise Http404


def nominate(request, **kwargs):  # stub: being built
    raise Http404


def my_courses(request, **kwargs):  # stub: being built
    raise Http404


def enrolment_detail(request, **kwargs):  # stub: being built
    raise Http404


def withdraw(request, **kwargs):  # stub: being built
    raise Http404


def reject(request, **kwargs):  # stub: being built
    raise Http404


def confirm(request, **kwargs):  # stub: being built
    raise Http404


def confirm_release(request, **kwargs):  # stub: being built
    raise Http404


def cabinet(request, **kwargs):  # stub: being built
    raise Http404


def release_quota(request, **kwargs):  # stub: being built
    raise Http404


def staff_away(request, **kwargs):  # stub: being built
    raise Http404


def notifications(request, **kwargs):  # stub: being built
    raise Http404
