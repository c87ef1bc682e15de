"""What the demo log-ins must find: teacher.osh a completed course (in their history), an
upcoming place and a waitlisted request; principal.osh's staff enrolled in OSH-IE sessions,
some awaiting the release; methodist.kochkor budget applications awaiting confirmation."""

import datetime as dt

from django.db.models import Count

from cheber.delivery.demo.lifecycle import DONE, UPCOMING, Filler, phase
from cheber.delivery.demo.places import Draft
from cheber.delivery.demo.plans import Planned
from cheber.delivery.models import Enrolment
from cheber.registry.demo.users import DemoNotLoaded, find_osh_school
from cheber.registry.models import TrainingRecord

OSH = "OSH-IE"
KOCHKOR = "41704235000000"
State, Origin, Funding = Enrolment.State, Enrolment.Origin, Enrolment.Funding


def arrange(filler: Filler, planned: list[Planned]):
    """Mark the sessions the Osh log-ins take part in; returns the school's staff or None."""
    try:
        osh = find_osh_school()
    except DemoNotLoaded:
        return None
    ctx, teacher = filler.ctx, osh.teacher.pk
    provider, year, _record = _teacher_record(filler, teacher)
    done = [i for i, p in enumerate(planned) if _is(p, provider, year, DONE, ctx.today)]
    if done:
        filler.forced.setdefault(done[0], []).append(teacher)
    ahead = [i for i, p in enumerate(planned) if _is(p, ctx.providers[OSH], None, UPCOMING,
                                                    ctx.today)]  # fmt: skip
    staff = [pid for pid, p in sorted(filler.pool.persons.items())
             if p.organization_id == osh.school.pk and pid != teacher][:4]  # fmt: skip
    if ahead:
        filler.forced.setdefault(ahead[0], []).extend([teacher] + staff[:2])
        later = [
            i
            for i in ahead[1:]
            if planned[i].session.start_date > planned[ahead[0]].session.end_date
        ]
        if later:
            filler.forced.setdefault(later[0], []).extend(staff[2:])
            filler.late.setdefault(later[0], []).append(teacher)
    return staff


def _is(item: Planned, provider_id: int, year, stage: str, today: dt.date) -> bool:
    session = item.session
    return (
        session.provider_id == provider_id
        and (year is None or session.start_date.year == year)
        and item.year_status == "approved"
        and session.plan.status == "approved"
        and phase(session, today) == stage
        and session.form != "online"
    )


def _teacher_record(filler: Filler, teacher: int) -> tuple[int, int, int]:
    """The teacher's own Cheber record of the last years; failing that, one of last year's
    OSH-IE records handed over from a colleague who has another recent one (so that
    colleague's standing does not change and no training is added)."""
    pool, ctx = filler.pool, filler.ctx
    for (provider, year), holders in sorted(pool.records.items(), key=lambda kv: -kv[0][1]):
        if teacher in holders and year < ctx.today.year:
            return provider, year, holders[teacher][0]
    provider, year = ctx.providers[OSH], ctx.today.year - 1
    holders = pool.records[(provider, year)]
    cutoff = dt.date(ctx.today.year - 5, ctx.today.month, min(ctx.today.day, 28))
    recent = dict(
        TrainingRecord.objects.filter(educator_id__in=sorted(holders)[:500], end_date__gte=cutoff)
        .values("educator_id").annotate(n=Count("pk")).values_list("educator_id", "n")
    )  # fmt: skip
    donor = next(pid for pid in sorted(holders) if recent.get(pid, 0) >= 2 and pid != teacher)
    record = holders.pop(donor)[0]
    TrainingRecord.objects.filter(pk=record).update(educator_id=teacher)
    holders[teacher] = [record]
    return provider, year, record


def finish(filler: Filler, planned: list[Planned], staff, drafts: list[Draft]) -> None:
    """Two of the school's staff still wait for their principal; Kochkor has a budget
    application waiting for the cabinet."""
    if staff:
        waiting = [d for d in drafts if d.enrolment.educator_id in staff[:2]
                   and d.enrolment.state == State.ENROLLED
                   and d.enrolment.session.start_date > filler.ctx.today]  # fmt: skip
        for draft in waiting:
            _strip(draft, ("confirm_release", "accept_enrolment"))
            draft.enrolment.release_confirmed_at = draft.enrolment.accepted_at = None
    kochkor = next(u for u, unit in filler.ctx.units.items() if unit.soate == KOCHKOR)
    ahead = [d for d in drafts if d.enrolment.unit_id == kochkor
             and d.enrolment.state == State.ENROLLED and d.enrolment.funding == Funding.BUDGET
             and d.enrolment.session.start_date > filler.ctx.today]  # fmt: skip
    if ahead and not any(
        d.enrolment.origin == Origin.APPLICATION and not d.enrolment.district_confirmed_at
        for d in ahead
    ):
        draft = ahead[-1]
        draft.enrolment.origin = Origin.APPLICATION
        draft.enrolment.district_confirmed_at = draft.enrolment.accepted_at = None
        _strip(draft, ("confirm_nomination", "accept_enrolment"))
        draft.events[0] = (*draft.events[0][:1], Origin.APPLICATION, *draft.events[0][2:])
        draft.notifications = [
            n for n in draft.notifications if n[0] not in ("nominated", "accepted")
        ]


def _strip(draft: Draft, verbs) -> None:
    draft.events = [e for e in draft.events if e[1] not in verbs]
    draft.notifications = [n for n in draft.notifications if n[0] != "accepted"]
