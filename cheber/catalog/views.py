"""Programme catalogue pages."""

from django.http import Http404


def programme_list(request, **kwargs):  # stub: being built
    raise Http404


def programme_create(request, **kwargs):  # stub: being built
    raise Http404


def programme_detail(request, **kwargs):  # stub: being built
    raise Http404


def programme_edit(request, **kwargs):  # stub: being built
    raise Http404


def programme_approve(request, **kwargs):  # stub: being built
    raise Http404


def programme_archive(request, **kwargs):  # stub: being built
    raise Http404
