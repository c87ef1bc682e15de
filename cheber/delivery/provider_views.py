"""Pages of providers: sessions, roster, attendance, results."""

from django.http import Http404


def provider_sessions(request, **kwargs):  # stub: being built
    raise Http404


def roster(request, **kwargs):  # stub: being built
    raise Http404


def roster_export(request, **kwargs):  # stub: being built
    raise Http404


def accept(request, **kwargs):  # stub: being built
    raise Http404


def record_payment(request, **kwargs):  # stub: being built
    raise Http404


def attendance(request, **kwargs):  # stub: being built
    raise Http404


def results(request, **kwargs):  # stub: being built
    raise Http404


def complete(request, **kwargs):  # stub: being built
    raise Http404
