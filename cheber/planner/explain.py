"""Each placement in words: why this person, why this session, how far."""

import datetime as dt

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cheber.catalog.models import Form
from cheber.registry.models import Organization


def why_person(placement, year: int) -> str:
    status, last, due = placement.status, placement.last_training_date, placement.due_date
    if status == "never_trained":
        return _("never trained")
    if status == "needs_retraining":
        return _("needs retraining (no pedagogical education)")
    if last is not None:
        years = max(0, (dt.date(year, 1, 1) - last).days // 365)
        if years:
            return ngettext(
                "%(n)s year since the last course", "%(n)s years since the last course", years
            ) % {"n": years}
    if due is not None and due.year <= year:
        return _("due in %(year)s") % {"year": due.year}
    return _("falls due")


def why_session(placement) -> str:
    session = placement.session
    language = Organization.Language(session.language).label
    subject = (
        placement.specialization.name if placement.specialization_id else session.programme.title
    )
    nearest = placement.nearest_km is not None and (
        placement.travel_km is None or placement.travel_km <= placement.nearest_km + 0.05
    )
    values = {"subject": subject, "language": language, "km": round(placement.nearest_km or 0)}
    if nearest:
        text = _("nearest %(subject)s session in %(language)s") % values
    else:
        text = _("%(subject)s session in %(language)s; no seat for them in the nearest (%(km)s km)")
        text %= values
    return f"{text}; {distance(placement)}"


def distance(placement) -> str:
    session = placement.session
    if session.form == Form.ONLINE:
        return _("online, no travel")
    km = round(placement.travel_km or 0)
    if km == 0:
        return _("in their own district")
    return _("%(km)s km") % {"km": km}


def explain(placement, year: int) -> str:
    person = why_person(placement, year)
    if placement.session_id:
        return f"{person}; {why_session(placement)}"
    if placement.proposed:
        return f"{person}; " + _("the course the what-if adds")
    return f"{person}; " + _("not placed: %(reason)s") % {
        "reason": placement.get_reason_display()}  # fmt: skip


def class_label(name: str) -> str:
    """A priority class of `building.class_name` in words."""
    if name == "never_trained":
        return _("never trained")
    if name.startswith("overdue_"):
        years = int(name.removeprefix("overdue_").removesuffix("y"))
        if not years:
            return _("overdue by less than a year")
        return ngettext("overdue by %(n)s whole year", "overdue by %(n)s whole years", years) % {
            "n": years
        }
    if name == "due":
        return _("due")
    return _("compliant until a day of the year")


def classes(run) -> list[dict]:
    """The optimizer's figures per priority class, highest first, with their labels."""
    rows = run.figure("optimizer", "classes") or []
    return [row | {"label": class_label(row["class"])} for row in rows]
