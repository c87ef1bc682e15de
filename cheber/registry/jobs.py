"""Background jobs of the registry: a large list of educators as CSV, with progress, for its
creator to download (`actions.start_educator_export`)."""

from django.tasks import task
from django.utils import timezone, translation

from cheber.core.access_log import log_export
from cheber.core.jobs import claim_job, fail_job, finish_job, progress_of, save_result, update_job
from cheber.registry import export


@task
def build_educator_export(job_id: int) -> None:
    """Write the CSV as its creator would get it from the list page, to a temporary file, then
    save it as the job's result in one step (a download never sees half a file)."""
    if (job := claim_job(job_id)) is None:
        return
    user, filters = job.created_by, job.params["filters"]
    educators = export.rows_for(user, filters)
    update_job(job, total=educators.count(), done=0)
    name = f"educators-{timezone.localdate().isoformat()}.csv"
    try:
        with translation.override(job.params["language"]):
            count = save_result(job, name, lambda out: _write(out, educators, progress_of(job)))
    except Exception as error:
        fail_job(job, error)
        return
    log_export(user, what=export.WHAT, filters=filters, rows=count)
    finish_job(job, total=count, done=count)


def _write(target, educators, progress) -> int:
    count = -2  # the byte-order mark and the header are not educators
    for line in export.csv_lines(educators.iterator(chunk_size=2000)):
        target.write(line.encode())
        count += 1
        if count > 0 and count % 500 == 0:
            progress(count)
    return count
