"""The maintained statuses: `EducatorStatus` (one row per educator in employment) and the
`YearShare` trend, recomputed in the database by generated SQL (`sql.py`); the rule itself
is described in `rules.py`.

`ensure_fresh()` runs before anything reads the table (each reader is marked `freshness.fresh`,
so callers need not remember it). It recomputes everything when the table was never filled or
the policy in force changed; a new day is recomputed by the scheduled `refresh_compliance`,
never in a request. Else it recomputes only the educators with a training record or leave
recorded (or a declared training verified or rejected) after the last refresh (the watermark
in `Refresh`), which is how a newly recorded training shows at once without the registry or
delivery knowing about compliance.
Changes of jobs or of pedagogical education show after the next full refresh (the scheduled
daily `cheber refresh_compliance`); so do old trainings in the trend of past years.
"""

import datetime as dt
import time
from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import Max, OuterRef, Subquery
from django.utils import timezone

from cheber.compliance.models import EducatorStatus, Policy, Refresh, YearShare
from cheber.compliance.rules import Rule
from cheber.compliance.sql import StatusQuery, rule_in_force
from cheber.core.prepared import Prepared
from cheber.registry.models import Leave, TrainingRecord

TREND_YEARS = 10
CHUNK = 5000
STATUS_COLUMNS = (
    "educator_id, status, last_training_date, hours_in_period, due_date, organization_id,"
    " unit_id, region_id, specialization_id, organization_type, locality, language"
)
FINAL_COLUMNS = (
    "educator_id, status, last_date, hours_in_period, due_date, organization_id,"
    " unit_id, region_id, specialization_id, organization_type, locality, language"
)


def all_rules() -> list[Rule]:
    """The rules of every time (each policy's), under which every status is computed."""
    return [Rule.of(policy) for policy in Policy.objects.order_by("effective_from")]


def _insert_statuses(rules: list[Rule], today: dt.date, educator_ids=None) -> int:
    query = StatusQuery(rules, today, educator_ids)
    ctes = query.ctes()
    policy, day = query.p(query.rule.pk), query.p(today)
    table = EducatorStatus._meta.db_table
    sql = (
        f"WITH {ctes} INSERT INTO {table} (policy_id, computed_on, {STATUS_COLUMNS})"
        f" SELECT {policy}, {day}, {FINAL_COLUMNS} FROM final"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, query.p)
    # (SQLite reports no row count for WITH … INSERT)
    rows = EducatorStatus.objects.all()
    return (rows if educator_ids is None else rows.filter(educator_id__in=educator_ids)).count()


def _insert_year(rules: list[Rule], year: int) -> None:
    query = StatusQuery(rules, dt.date(year, 12, 31))
    ctes = query.ctes()
    table = YearShare._meta.db_table
    sql = (
        f"WITH {ctes} INSERT INTO {table} (year, unit_id, region_id, educators, compliant)"
        f" SELECT {query.p(year)}, unit_id, region_id, COUNT(*),"
        " SUM(CASE WHEN status IN ('compliant', 'due') THEN 1 ELSE 0 END)"
        " FROM final GROUP BY unit_id, region_id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, query.p)


def _refresh_trend(rules: list[Rule], today: dt.date) -> None:
    """The completed years (up to `TREND_YEARS`), each judged on its 31 December."""
    YearShare.objects.all().delete()
    for year in range(today.year - TREND_YEARS, today.year):
        if rule_in_force(rules, dt.date(year, 12, 31)) is not None:
            _insert_year(rules, year)


def refresh_trend(*, today: dt.date | None = None) -> None:
    """Recompute the `YearShare` trend of the completed years before `today`'s."""
    with transaction.atomic():
        _refresh_trend(all_rules(), today or timezone.localdate())


def refresh_statuses(
    *,
    today: dt.date | None = None,
    educator_ids: Iterable[int] | None = None,
    trend: bool | None = True,
) -> int:
    """Recompute the statuses of everyone in employment on `today` (or of `educator_ids`
    only; then the trend is left alone), and the trend (`trend=None`: only if it lacks the
    last completed year). Returns the number of status rows written."""
    today = today or timezone.localdate()
    rules = all_rules()
    with transaction.atomic():
        if educator_ids is None:
            return _refresh_all(rules, today, trend)
        ids = sorted(set(educator_ids))
        written = 0
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            EducatorStatus.objects.filter(educator_id__in=chunk).delete()
            if rule_in_force(rules, today) is not None:
                written += _insert_statuses(rules, today, chunk)
        return written


def _latest(column: str) -> Subquery:
    """The latest value of a nullable, indexed moment of the training records."""
    rows = TrainingRecord.objects.filter(**{f"{column}__isnull": False}).order_by(f"-{column}")
    return Subquery(rows.values(column)[:1])


def _watermark():
    """The latest change to anyone's history. Each latest value is read from its own index in
    one query: `MAX(a), MAX(b)` in one SELECT makes SQLite read the whole table (130,000
    records: most of a teacher's status page)."""
    recorded, reviewed, corrected = (
        TrainingRecord.objects.order_by("-recorded_at")
        .annotate(reviewed=_latest("reviewed_at"), corrected=_latest("corrected_at"))
        .values_list("recorded_at", "reviewed", "corrected")
        .first()
    ) or (None, None, None)
    marks = [recorded, reviewed, corrected, Leave.objects.aggregate(m=Max("recorded_at"))["m"]]
    return max((m for m in marks if m is not None), default=None)


def _refresh_all(rules: list[Rule], today: dt.date, trend: bool | None) -> int:
    started = time.perf_counter()
    watermark = _watermark()
    EducatorStatus.objects.all().delete()
    rule = rule_in_force(rules, today)
    written = _insert_statuses(rules, today) if rule else 0
    last_year = YearShare.objects.aggregate(y=Max("year"))["y"]
    if trend or (trend is None and last_year != today.year - 1):
        _refresh_trend(rules, today)
    _analyze()
    Refresh.objects.all().delete()
    Refresh.objects.create(
        policy_id=rule.pk if rule else None, computed_on=today, watermark=watermark,
        finished_at=timezone.now(), seconds=time.perf_counter() - started,
    )  # fmt: skip
    return written


def _changed_since(watermark) -> set[int]:
    if watermark is None:
        changed = [TrainingRecord.objects.all(), Leave.objects.all()]
    else:
        # each through its own index (an OR of the two is planned from the columns' statistics,
        # which a column new to the table lacks: a scan of every record)
        changed = [
            TrainingRecord.objects.filter(recorded_at__gt=watermark),
            TrainingRecord.objects.filter(reviewed_at__gt=watermark),
            TrainingRecord.objects.filter(corrected_at__gt=watermark),
            Leave.objects.filter(recorded_at__gt=watermark),
        ]
    return set().union(*(rows.values_list("educator_id", flat=True) for rows in changed))


def _state(_shape=None):
    """The last refresh beside what says whether it still holds: the policy in force on the day
    it judged, and the latest change to anyone's history (each latest moment from its own
    index, as `_watermark` reads them)."""
    in_force = Policy.objects.filter(effective_from__lte=OuterRef("computed_on"))
    left = Leave.objects.order_by("-recorded_at").values("recorded_at")[:1]
    return Refresh.objects.order_by("pk").annotate(
        in_force=Subquery(in_force.order_by("-effective_from").values("pk")[:1]),
        recorded=_latest("recorded_at"), reviewed=_latest("reviewed_at"),
        corrected=_latest("corrected_at"), left=Subquery(left),
    ).values_list(
        "policy_id", "in_force", "watermark", "recorded", "reviewed", "corrected", "left"
    )[:1]  # fmt: skip


# Every read of the statuses asks it first: compiled once (it costs more to build than to run).
_STATE = Prepared(_state)


def _still_current() -> bool:
    """Whether the statuses hold as they are: computed, under the policy in force on their
    day, with nothing recorded since (the moments compared as the database gives them: in the
    same column type, they order as the times do)."""
    rows = _STATE.rows()
    if not rows or rows[0][0] != rows[0][1]:
        return False
    watermark, latest = rows[0][2], max((m for m in rows[0][3:] if m is not None), default=None)
    return latest is None or (watermark is not None and latest <= watermark)


def ensure_fresh(today: dt.date | None = None) -> None:
    """Keep the statuses current between the daily refreshes (cheap when they are: one small
    query, `_still_current`).

    A request never recomputes a new day: the scheduled `refresh_compliance` does (settings.
    CHEBER_SCHEDULED_JOBS), and until it has run, readers see the statuses of the day they
    were judged on (`Refresh.computed_on`, which the pages show). Trainings and leave
    recorded since still show at once: those educators' rows are judged again, on `today`
    (each row keeps its own `computed_on`). Only an empty table (a new
    installation) or a change of the policy in force on that day recomputes everything here,
    as of `today`."""
    if _still_current():
        return
    mark = Refresh.objects.first()
    if mark is None or _policy_changed(mark):
        with transaction.atomic():
            _lock()
            mark = Refresh.objects.first()
            if mark is None or _policy_changed(mark):
                # the trend of past years is recomputed by the command (nightly) and on a
                # change of policy; here only when a year has passed
                refresh_statuses(today=today, trend=None)
        return
    latest = _watermark()
    if latest is None or (mark.watermark is not None and latest <= mark.watermark):
        return
    with transaction.atomic():
        _lock()
        mark = Refresh.objects.get(pk=mark.pk)
        latest = _watermark()
        if mark.watermark is not None and latest <= mark.watermark:
            return  # another request refreshed meanwhile
        changed = _changed_since(mark.watermark)
        refresh_statuses(today=today, educator_ids=changed, trend=False)
        Refresh.objects.filter(pk=mark.pk).update(watermark=latest, finished_at=timezone.now())


def _policy_changed(mark: Refresh) -> bool:
    """Whether the policy in force on the day the statuses were judged is no longer theirs
    (an administrator changed the policies)."""
    policy = Policy.objects.in_force(mark.computed_on)
    return mark.policy_id != (policy and policy.pk)


def _analyze() -> None:
    """Fresh planner statistics after the table was rewritten whole (PostgreSQL): without
    them a list of 50,000 overdue people is planned as if it were 2,000, and sorted whole."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {EducatorStatus._meta.db_table}")


def _lock() -> None:
    """One refresh at a time (PostgreSQL; SQLite serializes writers anyway)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(5005)")
