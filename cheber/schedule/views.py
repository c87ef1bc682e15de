"""Plan-schedule pages."""

from django.http import Http404


def session_list(request, **kwargs):  # stub: being built
    raise Http404


def session_calendar(request, **kwargs):  # stub: being built
    raise Http404


def session_export(request, **kwargs):  # stub: being built
    raise Http404


def ical_feed(request, **kwargs):  # stub: being built
    raise Http404


def plan_list(request, **kwargs):  # stub: being built
    raise Http404


def plan_create(request, **kwargs):  # stub: being built
    raise Http404


def plan_detail(request, **kwargs):  # stub: being built
    raise Http404


def plan_submit(request, **kwargs):  # stub: being built
    raise Http404


def plan_approve(request, **kwargs):  # stub: being built
    raise Http404


def plan_return(request, **kwargs):  # stub: being built
    raise Http404


def session_create(request, **kwargs):  # stub: being built
    raise Http404


def session_edit(request, **kwargs):  # stub: being built
    raise Http404


def session_quotas(request, **kwargs):  # stub: being built
    raise Http404
