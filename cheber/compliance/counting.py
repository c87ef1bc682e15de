"""Which training counts, as a database filter and as a question about one course: both built
from `rules.counting`, the one definition the status engine's SQL (`sql.py`) also reads."""

import datetime as dt

from django.db.models import Q

from cheber.compliance.rules import Condition, Rule, Training, counting, why_not_counted

SESSION_COLUMNS = {
    "kind": "programme__kind", "form": "form", "hours": "programme__hours",
    "verification": None,
}  # fmt: skip
"""Where a session keeps what its completion records in the history (`delivery.running`): the
programme's kind and hours, the session's own form; a completion needs no verification."""


def counted_q(rule: Rule | None, columns: dict[str, str | None] = SESSION_COLUMNS) -> Q:
    """The rows that count under `rule`; `columns` names the lookup of each field (None: the
    rows always pass that test)."""
    condition = Q()
    for each in counting(rule):
        condition &= _lookup(each, columns[each.field])
    return condition


def _lookup(condition: Condition, column: str | None) -> Q:
    if column is None:
        return Q()
    if condition.least is not None:
        return Q(**{f"{column}__gte": condition.least})
    return Q(**{f"{column}__in": condition.values})


def course_counts(rule: Rule | None, *, kind: str, form: str, hours: int) -> bool:
    """Whether the training a course would record (its kind, form and hours) counts."""
    return why_not_counted(rule, Training(dt.date.min, hours, kind, form)) is None
