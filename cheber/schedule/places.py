"""Places of a session: who holds one, and the ONE query that counts them.

A place is held by an enrolment in state ENROLLED, on a budget or a contract place. A
district's budget requests fill its quota first; beyond it they share the budget places no
quota reserves (the overflow). A quota its district has released, or every quota once the
session's release date has come, reserves nothing. `Session.objects.with_places()` annotates
all of it in SQL; the pages, the seat check of delivery, the planner and the API read it, and
nothing else counts places.

The states and funding of an enrolment are defined here, below delivery, so that the query
(and the plan-schedule pages that show free places) need no import upward; the enrolments
are reached through the session's reverse relation, and `delivery.models.Enrolment` uses
these classes as its `State` and `Funding`.

An online or blended session's budget places are its tutors' capacity: trainers × the
learners each tutors (`tutored_places`, the one formula). The figure per tutor is the
learning app's (its online terms); saving the terms sets the places, and
`schedule.actions.update_session` makes them follow when the trainers change, reading the
figure through the session's reverse relation (`Session.learners_per_trainer`, no import of
learning). A session with no trainer named keeps the places it has; the contract places are
never the tutors'. Everyone then counts these places with the one query, as any session's.
"""

import datetime as dt

from django.db import models
from django.db.models import (
    BooleanField,
    Case,
    Count,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest, Least
from django.utils.translation import gettext_lazy as _


class EnrolmentState(models.TextChoices):
    ENROLLED = "enrolled", _("enrolled")
    WAITLISTED = "waitlisted", _("waitlisted")
    WITHDRAWN = "withdrawn", _("withdrawn")
    REJECTED = "rejected", _("rejected")
    COMPLETED = "completed", _("completed")
    NOT_COMPLETED = "not_completed", _("not completed")


class Funding(models.TextChoices):
    BUDGET = "budget", _("budget place")
    CONTRACT = "contract", _("contract place")


HOLDING = EnrolmentState.ENROLLED
MOST_PLACES = 32767  # the place columns are small positive integers


def tutored_places(trainers: int, per_trainer: int | None) -> int | None:
    """The budget places of an online or blended session: trainers × learners per tutor;
    None (the places stay as they are) with no trainer named or no figure per tutor."""
    if not trainers or not per_trainer:
        return None
    return trainers * per_trainer


def counted(enrolments: QuerySet, session: str = "pk", **where) -> Coalesce:
    """How many of the enrolments of the outer row's session (`session` names its column)
    match `where`, as a subquery (0 when none)."""
    rows = (
        enrolments.filter(session=OuterRef(session), **where)
        .order_by()
        .values("session")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows), 0)


def budget_used(enrolments: QuerySet) -> Coalesce:
    """The budget places held by the outer quota row's district in its session."""
    return counted(
        enrolments, "session_id", state=HOLDING, funding=Funding.BUDGET, unit=OuterRef("unit_id")
    )


def reserved(quotas: QuerySet, today: dt.date | None) -> QuerySet:
    """The quotas that still keep their places for their district on `today`."""
    kept = quotas.filter(released_at=None)
    if today is not None:
        kept = kept.exclude(session__quota_release_date__lte=today)
    return kept


def _kept(value, today: dt.date | None):
    """`value`, a figure of the outer session's quotas; 0 once its release date has come."""
    if today is None:
        return value
    released = Q(quota_release_date__isnull=False, quota_release_date__lte=today)
    return Case(When(released, then=Value(0)), default=value, output_field=IntegerField())


def _quota_sum(quotas: QuerySet, amount) -> Coalesce:
    """Σ `amount` over the quotas of the outer session its districts have not released."""
    rows = (
        quotas.filter(session=OuterRef("pk"), released_at=None)
        .order_by()
        .values("session")
        .annotate(total=Sum(amount))
        .values("total")
    )
    return Coalesce(Subquery(rows), 0)


def place_annotations(enrolments: QuerySet, quotas: QuerySet, today: dt.date | None) -> dict:
    """The annotations of `SessionQuerySet.with_places`, in the order they build on each other."""
    held = {"state": HOLDING}
    kept = Least(F("places"), budget_used(enrolments))
    return {
        "budget_taken": counted(enrolments, funding=Funding.BUDGET, **held),
        "contract_taken": counted(enrolments, funding=Funding.CONTRACT, **held),
        "waiting": counted(enrolments, state=EnrolmentState.WAITLISTED),
        "taken": F("budget_taken") + F("contract_taken"),
        "free_places": F("budget_places") + F("contract_places") - F("taken"),
        "places_left": Greatest(F("free_places"), Value(0)),
        "budget_left": Greatest(F("budget_places") - F("budget_taken"), Value(0)),
        "contract_left": Greatest(F("contract_places") - F("contract_taken"), Value(0)),
        "quota_places": _kept(_quota_sum(quotas, "places"), today),
        "quota_kept": _kept(_quota_sum(quotas, kept), today),
        "overflow": F("budget_taken") - F("quota_kept"),
        "open_places": Greatest(F("budget_places") - F("quota_places") - F("overflow"), Value(0)),
    }


def unit_annotations(enrolments: QuerySet, quotas: QuerySet, today, unit_id: int) -> dict:
    """What is left of one district's reserved quota, and whether a budget request of that
    district finds a place: a budget place is left, and it is open to all or in the quota."""
    own = quotas.filter(session=OuterRef("pk"), unit_id=unit_id, released_at=None)
    left = own.annotate(left=F("places") - budget_used(enrolments)).values("left")
    return {
        "unit_left": _kept(Greatest(Coalesce(Subquery(left), 0), Value(0)), today),
        "budget_open_to_unit": ExpressionWrapper(
            Q(budget_left__gt=0) & (Q(open_places__gt=0) | Q(unit_left__gt=0)),
            output_field=BooleanField(),
        ),
    }


def quota_use(enrolments: QuerySet) -> dict:
    """The annotations of `DistrictQuotaQuerySet.with_use`: budget places its district holds
    in the session, and what is left of the quota."""
    return {
        "taken": budget_used(enrolments),
        "left": Greatest(F("places") - F("taken"), Value(0)),
    }
