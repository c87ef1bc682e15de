"""The import pages: upload, the preview of a check (with the column mapping), the import of
the valid rows, the templates and the export of one's territory."""

import tempfile

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from cheber.core.access import get_job_for_user
from cheber.core.access_log import log_export
from cheber.core.excel import xlsx_response
from cheber.core.htmx import is_htmx
from cheber.core.uploads import upload_limit
from cheber.imports import actions, jobs
from cheber.imports.access import can_export_registry
from cheber.imports.columns import BY_KEY, EDUCATORS
from cheber.imports.export import organizations_to_export, staff_count, write_workbook
from cheber.imports.forms import MappingForm, UploadForm
from cheber.registry.access import can_edit_registry
from cheber.registry.models import AdminUnit
from cheber.registry.territory import territory_of

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHOWN_PROBLEMS = 500


def _require_editor(user) -> None:
    if not can_edit_registry(user):
        raise PermissionDenied


def _get_import_job(user, pk: int):
    job = get_job_for_user(user, pk)
    if job.kind not in jobs.KINDS:
        raise Http404
    return job


@upload_limit("registry_import")
@login_required
def upload(request):
    _require_editor(request.user)
    form = UploadForm(request.POST, request.FILES) if request.method == "POST" else UploadForm()
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        stored = jobs.store_upload(upload)
        job = actions.start_check(actor=request.user, upload=stored, filename=upload.name)
        return redirect("imports:job_detail", pk=job.pk)
    context = {"form": form, "territories": _export_territories(request.user)}
    return render(request, "imports/upload.html", context)


@never_cache
@login_required
def job_detail(request, pk: int):
    job = _get_import_job(request.user, pk)
    stalled = jobs.is_stalled(job)
    if is_htmx(request):
        if job.is_finished or stalled:  # the whole page shows the outcome: load it once
            return HttpResponse(headers={"HX-Refresh": "true"})
        return render(request, "imports/job_detail.html#progress", {"job": job})
    report = jobs.read_report(job)
    context = {"job": job, "report": report, "stalled": stalled}
    if report is not None:
        context |= _report_context(report, None)
    return render(request, "imports/job_detail.html", context)


def _report_context(report: dict, data) -> dict:
    forms = [
        MappingForm(data, layout=layout, prefix=f"s{index}")
        for index, layout in enumerate(report["sheets"])
    ]
    counts = [(BY_KEY[entity].label, numbers) for entity, numbers in report["counts"].items()]
    valid = sum(n["created"] + n["updated"] for n in report["counts"].values())
    return {
        "mapping_forms": forms,
        "counts": counts,
        "problems": report["problems"][:SHOWN_PROBLEMS],
        "hidden_problems": report["errors"] + report["warnings"] - min(
            len(report["problems"]), SHOWN_PROBLEMS
        ),
        "writes": valid,
        "template_language": "ru" if translation.get_language() == "ru" else "ky",
        "missing": {layout["sheet"]: [BY_KEY[layout["entity"]].column(k).label
                                      for k in layout["missing"]]
                    for layout in report["sheets"] if layout["missing"]},
    }  # fmt: skip


@require_POST
@login_required
def job_remap(request, pk: int):
    """Check the same file again with the columns as the user mapped them."""
    _require_editor(request.user)
    job = _get_import_job(request.user, pk)
    report = jobs.read_report(job)
    if report is None:
        raise Http404
    forms = [MappingForm(request.POST, layout=layout, prefix=f"s{index}")
             for index, layout in enumerate(report["sheets"])]  # fmt: skip
    if not all(form.is_valid() for form in forms):
        context = {"job": job, "report": report} | _report_context(report, request.POST)
        return render(request, "imports/job_detail.html", context, status=400)
    mapping = {form.layout["sheet"]: form.chosen() for form in forms}
    check = actions.start_check(actor=request.user, upload=job.params["upload"],
                             filename=job.params["filename"], mapping=mapping)  # fmt: skip
    return redirect("imports:job_detail", pk=check.pk)


@require_POST
@login_required
def job_commit(request, pk: int):
    _require_editor(request.user)
    job = _get_import_job(request.user, pk)
    checked = job.kind == jobs.CHECK and job.status == job.Status.DONE
    if not (checked or (job.kind == jobs.IMPORT and jobs.is_stalled(job))):
        raise Http404
    started = actions.start_import(actor=request.user, check=job)
    return redirect("imports:job_detail", pk=started.pk)


@login_required
def job_problems(request, pk: int):
    """Every problem the check kept, as a workbook the user can sort and work through."""
    job = _get_import_job(request.user, pk)
    report = jobs.read_report(job)
    if report is None:
        raise Http404
    headers = [_("Sheet"), _("Row"), _("Column"), _("Reason"), _("Level")]
    levels = {"error": _("error"), "warning": _("note")}
    rows = ((p["sheet"], p["row"], p["column"], p["message"], levels.get(p["level"], p["level"]))
            for p in report["problems"])  # fmt: skip
    response = xlsx_response(f"problems-{job.pk}.xlsx", _("Problems"), headers, rows)
    response["Cache-Control"] = "no-store"
    return response


@login_required
def template_download(request, language: str):
    if language not in ("ky", "ru"):
        raise Http404
    scratch, _rows = _workbook(language, None)
    return _xlsx_file(scratch, f"cheber-import-template-{language}.xlsx")


def _export_territories(user):
    """The units whose registry the user may export: their own districts and oblasts; any
    district for national roles (chosen by СОАТЕ code); none for those who may not export."""
    if not can_export_registry(user):
        return AdminUnit.objects.none()
    return territory_of(user).own_units()


@login_required
def export(request):
    """The registry of the user's territory (or, with ?unit=СОАТЕ, of a unit within it) in
    the import template: made in the request when small, else in the background (the job's
    page shows the progress, then the download)."""
    unit = None
    if soate := request.GET.get("unit"):
        unit = get_object_or_404(AdminUnit, soate=soate)
    try:
        organizations = organizations_to_export(request.user, unit)
    except (PermissionDenied, ValidationError):
        raise Http404 from None  # another territory; the whole country: the command line
    language = request.GET.get("language", "ky")
    language = language if language in ("ky", "ru", "en") else "ky"
    if staff_count(organizations, limit := settings.CHEBER_EXPORT_IN_REQUEST_MAX_ROWS) > limit:
        job = actions.start_registry_export(actor=request.user, unit=unit, language=language)
        return redirect("core:job_detail", job.pk)
    stamp = timezone.localdate().isoformat()
    scratch, rows = _workbook(language, organizations)
    # the rows of the educators' sheet: one a job exported
    exported = rows[EDUCATORS]
    log_export(request.user, what="imports:export", filters={"unit": soate or ""}, rows=exported)
    return _xlsx_file(scratch, f"cheber-{soate or 'registry'}-{stamp}.xlsx")


def _workbook(language: str, organizations):
    """The workbook, in a temporary file, and the rows written per sheet."""
    scratch = tempfile.TemporaryFile()
    rows = write_workbook(scratch, language, organizations)
    scratch.seek(0)
    return scratch, rows


def _xlsx_file(scratch, filename: str) -> FileResponse:
    response = FileResponse(scratch, as_attachment=True, filename=filename, content_type=XLSX)
    response["Cache-Control"] = "no-store"  # personal data: no copy in a shared cache
    return response
