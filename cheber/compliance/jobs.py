"""Background jobs of compliance: a long list of educators by status as Excel, with progress,
for its creator to download (`actions.start_status_list_export`)."""

import datetime as dt

from django.tasks import task
from django.utils import translation

from cheber.compliance import lists
from cheber.core.access_log import log_export
from cheber.core.jobs import claim_job, fail_job, finish_job, progress_of, save_result, update_job

KIND = "compliance_list"
WHAT = "compliance:educator_list_xlsx"  # the export, in the log of accesses to personal data


@task
def build_status_list(job_id: int) -> None:
    """The list as its creator would get it from the page (their scope, the filter, the day
    they asked), saved as the job's result in one step."""
    if (job := claim_job(job_id)) is None:
        return
    user, filters = job.created_by, job.params["filters"]
    try:
        with translation.override(job.params["language"]):
            statuses = _statuses(user, filters, dt.date.fromisoformat(job.params["today"]))
            update_job(job, total=statuses.count())
            name = f"educators-{lists.stamp()}.xlsx"
            progress = progress_of(job)
            count = save_result(job, name, lambda out: lists.write_xlsx(out, statuses, user,
                                                                        progress))  # fmt: skip
    except Exception as error:
        fail_job(job, error)
        return
    log_export(user, what=WHAT, filters=filters, rows=count)
    finish_job(job, total=count, done=count)


def _statuses(user, filters: dict[str, str], today: dt.date):
    form = lists.StatusListForm(filters)
    if not form.is_valid():
        raise ValueError(f"The list's filter is no longer valid: {form.errors.as_json()}")
    form.level(user)  # still within the creator's scope (Http404 fails the job)
    return lists.filtered_statuses(user, form, today)
