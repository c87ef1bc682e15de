"""The status of many educators as ONE SQL statement (SQLite and PostgreSQL), generated from
the list of policies: the set-based twin of `rules.evaluate` (its docstring has the semantics).

The policies are few (a handful in a lifetime), so which one was in force on a training's end
date, and what counted under it, are written into the statement as constants; the people and
their trainings are never looped over in Python.
"""

import datetime as dt

from django.db import connection

from cheber.compliance.rules import (
    HOURS,
    RETRAINING,
    Condition,
    Rule,
    add_months,
    counting,
    self_declared_condition,
)
from cheber.registry.models import Educator, Employment, Leave, Organization, TrainingRecord

T = TrainingRecord._meta.db_table
E = Employment._meta.db_table
O = Organization._meta.db_table  # noqa: E741
L = Leave._meta.db_table
ED = Educator._meta.db_table
ES = Educator.specializations.through._meta.db_table


class Dialect:
    """The few date and JSON expressions that differ between SQLite and PostgreSQL."""

    def __init__(self) -> None:
        self.pg = connection.vendor == "postgresql"

    def date(self, value: dt.date) -> tuple[str, list]:
        return ("CAST(%s AS date)", [value]) if self.pg else ("%s", [value.isoformat()])

    def add_months(self, day: str, months: str) -> str:
        """Clamped to the month's end, like `rules.add_months`."""
        if self.pg:
            return f"CAST({day} + make_interval(months => CAST({months} AS integer)) AS date)"
        moved = f"date({day}, 'start of month', CAST({months} AS TEXT) || ' months')"
        dom = f"CAST(strftime('%%d', {day}) AS integer) - 1"
        month_end = f"date({moved}, '+1 months', '-1 day')"
        return f"min(date({moved}, CAST({dom} AS TEXT) || ' days'), {month_end})"

    def add_days(self, day: str, days: str) -> str:
        if self.pg:
            return f"CAST({day} + CAST({days} AS integer) AS date)"
        return f"date({day}, CAST({days} AS TEXT) || ' days')"

    def days_between(self, later: str, earlier: str) -> str:
        if self.pg:
            return f"({later} - {earlier})"
        return f"CAST(julianday({later}) - julianday({earlier}) AS integer)"

    def greatest(self, *items: str) -> str:
        return f"{'GREATEST' if self.pg else 'max'}({', '.join(items)})"

    def least(self, *items: str) -> str:
        return f"{'LEAST' if self.pg else 'min'}({', '.join(items)})"

    def first_language(self, column: str) -> str:
        return f"({column} ->> 0)" if self.pg else f"json_extract({column}, '$[0]')"


class Params(dict):
    """Named parameters (`%(p0)s`), so pieces of the statement can be built in any order."""

    def __init__(self, dialect: Dialect) -> None:
        super().__init__()
        self.dialect = dialect

    def __call__(self, value) -> str:
        name = f"p{len(self)}"
        if isinstance(value, dt.date):
            self[name] = value if self.dialect.pg else value.isoformat()
            return f"CAST(%({name})s AS date)" if self.dialect.pg else f"%({name})s"
        self[name] = value
        return f"%({name})s"

    def many(self, values) -> str:
        return ", ".join(self(v) for v in values)


def _counts(rule: Rule, p: Params) -> str:
    """What counted under `rule`, as a condition on a training row `t`."""
    return " AND ".join(_condition(c, p) for c in counting(rule)) or "1 = 1"


def _condition(condition: Condition, p: Params) -> str:
    # the column is one of the fixed field names of `rules.Condition`, never user input
    if condition.least is not None:
        return f"t.{condition.field} >= {p(condition.least)}"
    return f"t.{condition.field} IN ({p.many(condition.values)})"


def rule_in_force(rules: list[Rule], day: dt.date) -> Rule | None:
    current = [r for r in rules if r.effective_from <= day]
    return max(current, key=lambda r: r.effective_from) if current else None


class StatusQuery:
    """`WITH … SELECT` of one status row per educator in employment on `today`, judged by the
    rules as `rules.evaluate` does; optionally only for the educators `educator_ids`."""

    def __init__(self, rules: list[Rule], today: dt.date, educator_ids=None) -> None:
        self.rules = sorted(rules, key=lambda r: r.effective_from)
        self.today, self.d = today, Dialect()
        self.rule = rule_in_force(self.rules, today)
        self.p = Params(self.d)
        self.only = None if educator_ids is None else list(educator_ids)

    def _only(self, column: str) -> str:
        if self.only is None:
            return ""
        if not self.only:
            return " AND 1 = 0"
        return f" AND {column} IN ({self.p.many(self.only)})"

    def _by_rule(self, column: str, values: list[str]) -> str:
        """CASE picking, by the rule in force on the date in `column`, one of `values`."""
        whens = [
            f"WHEN {column} >= {self.p(rule.effective_from)} THEN {value}"
            for rule, value in reversed(list(zip(self.rules[1:], values[1:], strict=True)))
        ]
        return f"CASE {' '.join(whens)} ELSE {values[0]} END" if whens else values[0]

    def _by_end_date(self, condition) -> str:
        """`condition(rule)` of the rule in force on a training row's end date."""
        ors = []
        for index, rule in enumerate(self.rules):
            bounds = []
            if index:
                bounds.append(f"t.end_date >= {self.p(rule.effective_from)}")
            if index + 1 < len(self.rules):
                bounds.append(f"t.end_date < {self.p(self.rules[index + 1].effective_from)}")
            bounds.append(condition(rule))
            ors.append("(" + " AND ".join(bounds) + ")")
        return " OR ".join(ors)

    def _counted(self) -> str:
        return self._by_end_date(lambda rule: _counts(rule, self.p))

    def _stands(self) -> str:
        return self._by_end_date(lambda rule: _condition(self_declared_condition(rule), self.p))

    def _anchor(self, rule: Rule) -> str:
        return f"tr.anchor_{self.rules.index(rule)}" if rule.mode == HOURS else "tr.last_date"

    def ctes(self) -> str:
        """The common table expressions; the last one, `final`, has the columns of a status."""
        return ",\n".join(
            [self._jobs(), self._trained(), self._anchored(), self._spans(), self._paused(),
             self._dated(), self._final()]
        )  # fmt: skip

    def _jobs(self) -> str:
        d, p, today = self.d, self.p, self.p(self.today)
        return f"""jobs AS (
  SELECT e.educator_id, e.organization_id, e.specialization_id, o.unit_id, o.region_id,
    o.type AS organization_type, o.locality, {d.first_language("o.languages")} AS language,
    ROW_NUMBER() OVER (PARTITION BY e.educator_id
                       ORDER BY e.workload DESC, e.start_date, e.id) AS rn
  FROM {E} e JOIN {O} o ON o.id = e.organization_id
  WHERE e.start_date <= {today} AND (e.end_date IS NULL OR e.end_date >= {today})
    {self._only("e.educator_id")}
),
main AS (SELECT * FROM jobs WHERE rn = 1),
hired AS (
  SELECT e.educator_id, MIN(e.start_date) AS hired_on FROM {E} e
  WHERE e.start_date <= {p(self.today)} {self._only("e.educator_id")} GROUP BY e.educator_id
)"""

    def _trained(self) -> str:
        p = self.p
        since = p(add_months(self.today, -self.rule.period_months))
        anchors = "".join(
            f",\n    MAX(CASE WHEN running >= {p(r.required_hours or 0)} THEN end_date END)"
            f" AS anchor_{i}"
            for i, r in enumerate(self.rules)
            if r.mode == HOURS
        )
        return f"""counted AS (
  SELECT t.educator_id, t.end_date, t.hours,
    SUM(t.hours) OVER (PARTITION BY t.educator_id ORDER BY t.end_date DESC
                       ROWS UNBOUNDED PRECEDING) AS running
  FROM {T} t
  WHERE t.end_date <= {p(self.today)} AND ({self._counted()}) {self._only("t.educator_id")}
),
trained AS (
  SELECT educator_id, MAX(end_date) AS last_date,
    SUM(CASE WHEN end_date >= {since} THEN hours ELSE 0 END) AS hours_in_period{anchors}
  FROM counted GROUP BY educator_id
),
retrained AS (
  SELECT DISTINCT t.educator_id FROM {T} t
  WHERE t.kind = {p(RETRAINING)} AND t.end_date <= {p(self.today)} AND ({self._stands()})
    {self._only("t.educator_id")}
)"""

    def _anchored(self) -> str:
        rules = self.rules
        old_anchor = self._by_rule("tr.last_date", [self._anchor(r) for r in rules])
        old_period = self._by_rule("tr.last_date", [str(int(r.period_months)) for r in rules])
        old_index = self._by_rule("tr.last_date", [str(i) for i in range(len(rules))])
        # the old rule matters only for a last training before today's rule came in force
        since = self.p(self.rule.effective_from)
        return f"""anchored AS (
  SELECT m.*, h.hired_on, tr.last_date, COALESCE(tr.hours_in_period, 0) AS hours_in_period,
    ed.has_pedagogical_education AS pedagogical, {self._anchor(self.rule)} AS anchor_now,
    CASE WHEN tr.last_date IS NULL OR tr.last_date >= {since} THEN NULL
         ELSE {old_anchor} END AS anchor_old,
    {old_period} AS period_old, {old_index} AS old_rule
  FROM main m JOIN hired h ON h.educator_id = m.educator_id
  JOIN {ED} ed ON ed.id = m.educator_id
  LEFT JOIN trained tr ON tr.educator_id = m.educator_id
)"""

    def _spans(self) -> str:
        d = self.d
        return f"""spans AS (
  SELECT a.*, {d.add_months("a.anchor_now", str(int(self.rule.period_months)))} AS end_now,
    {d.add_months("a.anchor_old", "a.period_old")} AS end_old
  FROM anchored a
)"""

    def _kinds(self, rule: Rule) -> str:
        if not rule.pausing_leave_kinds:
            return "1 = 0"
        return f"l.kind IN ({self.p.many(rule.pausing_leave_kinds)})"

    def _overlap(self, start: str, end: str) -> str:
        d = self.d
        days = d.days_between(d.least("l.end_date", end), d.greatest("l.start_date", start))
        return d.greatest("0", f"{days} + 1")

    def _paused(self) -> str:
        old_kinds = " OR ".join(
            f"(s.old_rule = {i} AND {self._kinds(r)})" for i, r in enumerate(self.rules)
        )
        return f"""paused AS (
  SELECT s.educator_id,
    SUM(CASE WHEN s.anchor_now IS NOT NULL AND {self._kinds(self.rule)}
        THEN {self._overlap("s.anchor_now", "s.end_now")} ELSE 0 END) AS pause_now,
    SUM(CASE WHEN s.anchor_old IS NOT NULL AND ({old_kinds})
        THEN {self._overlap("s.anchor_old", "s.end_old")} ELSE 0 END) AS pause_old
  FROM spans s JOIN {L} l ON l.educator_id = s.educator_id
  GROUP BY s.educator_id
)"""

    def _dated(self) -> str:
        d, rule = self.d, self.rule
        return f"""dated AS (
  SELECT s.*, {d.add_days("s.end_now", "COALESCE(pz.pause_now, 0)")} AS due_now,
    {d.add_days("s.end_old", "COALESCE(pz.pause_old, 0)")} AS due_old,
    {d.add_months("s.hired_on", str(int(rule.grace_months)))} AS grace_end,
    {d.add_months("s.hired_on", str(int(rule.retraining_grace_months)))} AS retraining_end,
    CASE WHEN r.educator_id IS NULL THEN 0 ELSE 1 END AS retrained
  FROM spans s LEFT JOIN paused pz ON pz.educator_id = s.educator_id
  LEFT JOIN retrained r ON r.educator_id = s.educator_id
),
due AS (
  SELECT x.*, {
            d.greatest(
                "x.grace_end",
                "COALESCE(x.due_now, x.grace_end)",
                "COALESCE(x.due_old, x.grace_end)",
            )
        } AS due_date
  FROM dated x
)"""

    def _final(self) -> str:
        p, today = self.p, self.p(self.today)
        retraining = ""
        if self.rule.retraining_required:
            retraining = (
                f"WHEN f.pedagogical = {p(False)} AND f.retrained = 0"
                f" AND {today} > f.retraining_end THEN 'needs_retraining'"
            )
        year_end = p(dt.date(self.today.year, 12, 31))
        first_specialization = (
            f"(SELECT es.specialization_id FROM {ES} es WHERE es.educator_id = f.educator_id"
            " ORDER BY es.id LIMIT 1)"
        )
        return f"""final AS (
  SELECT f.educator_id, f.last_date, f.hours_in_period, f.due_date,
    CASE {retraining}
      WHEN f.due_date < {today}
        THEN CASE WHEN f.last_date IS NULL THEN 'never_trained' ELSE 'overdue' END
      WHEN f.due_date <= {year_end} THEN 'due' ELSE 'compliant' END AS status,
    f.organization_id, f.unit_id, f.region_id,
    COALESCE(f.specialization_id, {first_specialization}) AS specialization_id,
    f.organization_type, f.locality, COALESCE(f.language, '') AS language
  FROM due f
)"""
