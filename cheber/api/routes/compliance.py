"""Compliance statuses: by territory with the dashboards' filters (the list behind a
dashboard figure), and one person's status. PINs are never part of these answers."""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema

from cheber.api.errors import ApiError
from cheber.api.pagination import answer, page
from cheber.api.routes.common import ERRORS, Page
from cheber.compliance import dashboard, lists
from cheber.compliance.models import EducatorStatus
from cheber.registry.access import get_educator_for_user

router = Router()


class StatusOut(Schema):
    educator_id: int
    status: str
    computed_on: dt.date
    last_training_date: dt.date | None
    hours_in_period: int
    due_date: dt.date | None
    organization_id: int | None
    unit_id: int | None
    region_id: int | None
    specialization_id: int | None


class StatusFilter(Schema):
    region: int | None = None
    unit: int | None = None
    organization: int | None = None
    status: str | None = None
    specialization: str | None = None
    organization_type: str | None = None
    locality: str | None = None
    language: str | None = None
    overdue_years: int | None = None
    cursor: str | None = None
    limit: int | None = None


@router.get("/statuses", response={200: Page[StatusOut], **ERRORS})
def status_list(request, filters: Query[StatusFilter]):
    """The statuses the caller's dashboards count, with the same filters (the territory
    named must be inside the caller's: else 404)."""
    if not dashboard.has_dashboard(request.user):
        raise ApiError(404, "not_found", _("Not found, or not yours to see."))
    values = filters.model_dump(exclude={"cursor", "limit"}, exclude_none=True)
    form = lists.StatusListForm(values)
    if not form.is_valid():
        fields = {k: [e["message"] for e in v] for k, v in form.errors.get_json_data().items()}
        raise ApiError(422, "invalid_input", _("Correct the fields named in the answer."), fields)
    statuses = lists.filtered_statuses(request.user, form, timezone.localdate())
    rows, after = page(statuses, cursor=filters.cursor, limit=filters.limit)
    return answer(rows, after, StatusOut)


@router.get("/educators/{int:pk}", response={200: StatusOut, **ERRORS})
def educator_status(request, pk: int):
    """One educator's status (the educator themself, or whoever sees them)."""
    educator = get_educator_for_user(request.user, pk)
    found = EducatorStatus.objects.visible_to(request.user).filter(educator=educator).first()
    if found is None:
        raise ApiError(404, "not_found", _("No status is judged for this educator yet."))
    return found
