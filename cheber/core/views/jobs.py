"""The page of a background job: its progress, polled by HTMX until it is finished, and the
download of the file it made. A job is its creator's alone: anyone else gets 404."""

import os

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from cheber.core.access import get_job_for_user
from cheber.core.htmx import is_htmx
from cheber.core.models import Job

# What each kind of job makes, for its page's title (a kind not listed gets the generic one).
TITLES = {
    "certificates_zip": _("Certificates of a session, in one ZIP file"),
    "educators_export": _("List of educators (CSV)"),
    "registry_export": _("Registry of a territory, in the import template"),
    "compliance_list": _("Educators by compliance (Excel)"),
}


@never_cache
@login_required
def job_detail(request, pk: int):
    job = get_job_for_user(request.user, pk)
    context = {"job": job, "title": TITLES.get(job.kind, _("Background job"))}
    template = "core/job_detail.html#progress" if is_htmx(request) else "core/job_detail.html"
    return render(request, template, context)


@login_required
def job_download(request, pk: int):
    job = get_job_for_user(request.user, pk)
    if job.status != Job.Status.DONE or not job.result:
        raise Http404
    response = FileResponse(
        job.result.open("rb"), as_attachment=True, filename=os.path.basename(job.result.name)
    )
    # The file holds personal data: no copy in a shared or browser cache.
    response["Cache-Control"] = "no-store"
    return response
