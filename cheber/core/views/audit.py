"""The auditors' pages: the audit trail of changes and the personal-data access log, searched
and read, never edited (there is no view that writes either)."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import render

from cheber.core.access import access_for
from cheber.core.forms import AccessFilterForm, AuditFilterForm
from cheber.core.htmx import is_htmx
from cheber.core.models import AuditEvent, PersonalDataAccess

PAGE_SIZE = 50


def _require_auditor(user) -> None:
    if not access_for(user).is_auditor:
        raise Http404


def _dated(rows, data):
    if data.get("since"):
        rows = rows.filter(at__date__gte=data["since"])
    if data.get("until"):
        rows = rows.filter(at__date__lte=data["until"])
    return rows


def _search_audit(user, form: AuditFilterForm):
    events = AuditEvent.objects.visible_to(user).select_related("actor")
    if not form.is_valid():
        return events.none()
    data = form.cleaned_data
    if data["q"]:
        q = data["q"]
        events = events.filter(
            Q(actor__username__icontains=q) | Q(object_id=q) | Q(via__icontains=q)
        )
    if data["verb"]:
        events = events.filter(verb=data["verb"])
    if data["object_type"]:
        events = events.filter(object_type=data["object_type"])
    return _dated(events, data)


@login_required
def audit_log(request):
    _require_auditor(request.user)
    form = AuditFilterForm(request.GET)
    events = _search_audit(request.user, form)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    template = "core/audit_log.html" + ("#results" if is_htmx(request) else "")
    return render(request, template, {"form": form, "page": page})


def _search_access(user, form: AccessFilterForm):
    accesses = PersonalDataAccess.objects.visible_to(user).select_related("user")
    if not form.is_valid():
        return accesses.none()
    data = form.cleaned_data
    if data["user"]:
        accesses = accesses.filter(user__username__icontains=data["user"])
    if data["kind"]:
        accesses = accesses.filter(kind=data["kind"])
    if data["educator"]:
        accesses = accesses.filter(object_type="registry.educator", object_id=str(data["educator"]))
    return _dated(accesses, data)


@login_required
def access_log(request):
    _require_auditor(request.user)
    form = AccessFilterForm(request.GET)
    accesses = _search_access(request.user, form)
    page = Paginator(accesses, PAGE_SIZE).get_page(request.GET.get("page"))
    template = "core/access_log.html" + ("#results" if is_htmx(request) else "")
    return render(request, template, {"form": form, "page": page})
