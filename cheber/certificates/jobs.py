"""Certificates in one ZIP: a few at once in the request (a teacher's own), a whole session's as
a background job with progress that the provider downloads when it is done."""

import io
import zipfile
from collections.abc import Iterable
from typing import BinaryIO

from django.db.models import prefetch_related_objects
from django.tasks import task

from cheber.certificates.models import Certificate
from cheber.certificates.pdf import render_many
from cheber.core.jobs import claim_job, fail_job, finish_job, progress_of, save_result, update_job

SESSION_ZIP = "certificates_zip"
PROGRESS_EVERY = 0.5  # seconds between progress writes: the page polls every second


def write_zip(
    target: BinaryIO, certificates: Iterable[Certificate], progress=None, processes=None
) -> int:
    """Write one PDF per certificate into a ZIP on `target`; returns how many.

    Stored, not deflated: the PDFs' streams and fonts are compressed already, so deflating
    again costs time and saves almost nothing."""
    count = 0
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_STORED) as archive:
        for name, content in render_many(certificates, processes=processes):
            archive.writestr(name, content)
            count += 1
            if progress is not None:
                progress(count)
    return count


def zip_certificates(certificates: Iterable[Certificate]) -> bytes:
    """A small batch (a teacher's own certificates) as ZIP bytes, made in the request."""
    certificates = list(certificates)
    prefetch_related_objects(certificates, "signing_key")
    buffer = io.BytesIO()
    write_zip(buffer, certificates, processes=1)  # a few: not worth a process pool
    return buffer.getvalue()


def session_certificates(session_id: int):
    """The valid certificates Cheber issued for a session, in number order."""
    return (
        Certificate.objects.own()
        .valid()
        .filter(enrolment__session_id=session_id)
        .select_related("signing_key")
        .order_by("year", "sequence", "pk")
    )


@task
def build_session_zip(job_id: int) -> None:
    """The background half of `actions.start_session_zip`: render, zip to a temporary file,
    then save it as the job's result in one step, so a download never sees half a file."""
    if (job := claim_job(job_id)) is None:
        return
    certificates = session_certificates(job.params["session"])
    update_job(job, total=certificates.count(), done=0)
    rows = certificates.iterator(chunk_size=200)
    name = f"certificates-session-{job.params['session']}.zip"
    try:
        count = save_result(
            job, name, lambda out: write_zip(out, rows, progress_of(job, PROGRESS_EVERY))
        )
    except Exception as error:
        fail_job(job, error)
        return
    finish_job(job, total=count, done=count)
