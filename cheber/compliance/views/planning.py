"""Pages that look ahead: the forecast, the printable report, a teacher's own status and the
policies.

The forecast and the report are for the people who plan for a territory: the national roles
(the whole country), an oblast coordinator (their oblast), a district methodist (their
district); everyone else gets 404. A teacher sees only their own status. Policies are read by
the national roles and changed by the national institute alone.
"""

import datetime as dt
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Q, Value, When
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from cheber.catalog.models import Form, Programme
from cheber.compliance import actions, engine, history, report
from cheber.compliance import forecast as forecasting
from cheber.compliance import rules as rules_module
from cheber.compliance.access import can_change_policy, get_policy_for_user
from cheber.compliance.counting import counted_q
from cheber.compliance.forms import ForecastFilterForm, PolicyForm, ReportForm
from cheber.compliance.freshness import fresh
from cheber.compliance.models import EducatorStatus, Policy, Status
from cheber.core.access import access_for
from cheber.core.excel import xlsx_response
from cheber.core.forms import add_action_errors
from cheber.core.i18n import localized, name_columns, set_names
from cheber.core.ids import id_or_404, parse_id
from cheber.core.prepared import ListOf, Prepared, as_date
from cheber.delivery.seats import quota_unit
from cheber.registry.models import AdminUnit, Educator, Employment, Specialization
from cheber.registry.territory import territory_of
from cheber.schedule.models import Session
from cheber.schedule.querysets import SessionQuerySet

PAGE_SIZE = 50
# A teacher's status page shows the few courses that fit best, and all of them on asking.
FEW_COURSES = 5
COURSES_PAGE = 10  # a phone screen or two of cards
BEST_WINDOW = 30  # the best candidates whose places are counted first
ALL_CHUNK = 500  # the candidates whose places one query counts, for the page of all


# Territory -------------------------------------------------------------------------------


def _planned_units(user) -> set[int] | None:
    """The ids of the units whose forecast and report the user may see (None: the whole
    country); 404 for anyone who does not plan for a territory."""
    territory = territory_of(user)
    if not territory.has_units:
        raise Http404
    return territory.unit_ids_inside()


def _chosen_units(form: ForecastFilterForm, territory: set[int] | None) -> set[int] | None:
    data = form.cleaned_data if form.is_valid() else {}
    chosen = territory
    if district := data.get("district"):
        chosen = set(
            AdminUnit.objects.filter(Q(pk=district.pk) | Q(parent=district)).values_list(
                "pk", flat=True
            )
        )
    elif oblast := data.get("oblast"):
        chosen = set(AdminUnit.objects.filter(region=oblast).values_list("pk", flat=True))
    if territory is not None and chosen is not None:
        chosen &= territory
    return chosen


# Forecast --------------------------------------------------------------------------------


def _filtered_forecast(request) -> tuple[ForecastFilterForm, forecasting.Forecast]:
    territory = _planned_units(request.user)
    form = ForecastFilterForm(request.GET, units=territory)
    units = _chosen_units(form, territory)
    specialization = form.cleaned_data.get("specialization") if form.is_valid() else None
    result = forecasting.cached_build(timezone.localdate())
    return form, result.only(units, specialization.pk if specialization else None)


def _named(rows) -> list[dict]:
    """The rows with their district, oblast and specialization, read in two queries."""
    units = AdminUnit.objects.select_related("region").in_bulk({r.unit_id for r in rows})
    specializations = Specialization.objects.in_bulk({r.specialization_id for r in rows})
    return [
        {
            "row": r,
            "unit": units[r.unit_id],
            "specialization": specializations.get(r.specialization_id),
        }
        for r in rows
    ]


@login_required
def forecast(request):
    form, result = _filtered_forecast(request)
    page = Paginator(result.rows, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = _named(page.object_list)
    context = {
        "form": form,
        "forecast": result,
        "page": page,
        "query": request.GET.urlencode(),
        "report_unit": _report_unit(request.user, form),
    }
    return render(request, "compliance/forecast.html", context)


def _report_unit(user, form: ForecastFilterForm) -> AdminUnit | None:
    """The district or oblast the filter names, else the user's own one, for the report."""
    data = form.cleaned_data if form.is_valid() else {}
    if chosen := data.get("district") or data.get("oblast"):
        return chosen
    scope = access_for(user)
    own = scope.unit_ids | scope.region_ids
    return AdminUnit.objects.get(pk=next(iter(own))) if len(own) == 1 else None


@login_required
def forecast_xlsx(request):
    form, result = _filtered_forecast(request)
    headers = [_("oblast or city"), _("district"), _("specialization")]
    for year in result.years:
        headers += [
            _("due in %(year)s") % {"year": year},
            _("places in %(year)s") % {"year": year},
            _("gap in %(year)s") % {"year": year},
            _("budget for %(year)s (som)") % {"year": year},
        ]
    headers.append(_("budget, total (som)"))
    rows = (_xlsx_row(named) for named in _named(result.rows))
    stamp = timezone.localdate().isoformat()
    return xlsx_response(f"forecast-{stamp}.xlsx", _("Forecast"), headers, rows)


def _xlsx_row(named: dict) -> list:
    row, unit, specialization = named["row"], named["unit"], named["specialization"]
    cells = [unit.region.name if unit.region else "", unit.name]
    cells.append(specialization.name if specialization else _("no specialization"))
    for figures in row.years:
        cells += [figures.due, figures.places, figures.gap, int(figures.budget)]
    cells.append(int(row.budget))
    return cells


# Report ----------------------------------------------------------------------------------


@login_required
def report_pdf(request):
    territory = _planned_units(request.user)
    form = ReportForm(request.GET)
    if not form.is_valid():
        raise Http404
    unit = form.cleaned_data["unit"]
    if territory is not None and unit.pk not in territory:
        raise Http404
    language = form.cleaned_data["language"] or "ky"
    body = report.build_pdf(request.user, unit, language=language, today=timezone.localdate())
    response = HttpResponse(body, content_type="application/pdf")
    filename = f"cheber-{unit.soate}-{language}.pdf"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


# A teacher's own status ------------------------------------------------------------------


@login_required
def my_status(request):
    roles = access_for(request.user)
    if not roles.is_teacher:
        raise Http404
    educator_id = roles.educator_id
    if asked := request.GET.get("educator"):
        educator_id = id_or_404(asked)
        if educator_id not in roles.educator_ids:
            raise Http404
    context = own_status(request.user, educator_id, timezone.localdate())
    courses = context.pop("courses")
    if request.GET.get("courses") == "all":
        page = courses.page(parse_id(request.GET.get("page")) or 1, COURSES_PAGE)
        context |= {"sessions": page.object_list, "page": page, "all_courses": True}
    else:
        few = courses.best(FEW_COURSES + 1)
        context |= {"sessions": few[:FEW_COURSES], "more_courses": len(few) > FEW_COURSES}
    return render(request, "compliance/my_status.html", context)


@fresh
def own_status(user, educator_id: int, today: dt.date) -> dict:
    """The teacher's status row, what it means in words, and the sessions that would satisfy
    it, best first (`Courses`: the view shows a few or a page of all); the educator id is the
    user's own, checked by the view."""
    # one row per educator: no order to add (`first()` would order by the key, at a cost)
    rows = (
        EducatorStatus.objects.visible_to(user)
        .filter(educator_id=educator_id)
        .select_related("policy", "specialization", "educator")
    )
    row = next(iter(rows[:1]), None)
    if row is None:  # no status (no job, or before the first refresh): nothing to explain
        educator = get_object_or_404(Educator.objects.visible_to(user), pk=educator_id)
    else:
        educator = row.educator
    every_job = list(
        Employment.objects.visible_to(user)
        .filter(educator_id=educator_id)
        .select_related("organization__unit")
        .order_by("start_date", "pk")
    )
    # the start of their duty: the day their first job began, ended or not
    educator.hired_on = every_job[0].start_date if every_job else None
    jobs = [job for job in every_job if job.end_date is None]  # as `active()` keeps them
    return {
        "educator": educator,
        "row": row,
        "explanation": _explanation(educator, today) if row else (),
        "overdue_years": _overdue_years(row, today) if row else 0,
        "courses": satisfying_sessions(educator, row, jobs, today),
        "today": today,
    }


def _explanation(educator: Educator, today: dt.date) -> tuple[str, ...]:
    """The reasons in words, from the educator's own history under the rules of each time."""
    rules = engine.all_rules()
    if not rules:
        return ()
    past = rules_module.History(
        hired_on=educator.hired_on or today,
        has_pedagogical_education=educator.has_pedagogical_education,
        trainings=history.trainings_of(educator, today),
        leaves=history.leaves_of(educator),
    )
    return rules_module.explain(rules, past, today).why


def _overdue_years(row: EducatorStatus, today: dt.date) -> int:
    if row.status != Status.OVERDUE or row.due_date is None:
        return 0
    years = today.year - row.due_date.year
    if (today.month, today.day) < (row.due_date.month, row.due_date.day):
        years -= 1
    return years


@dataclass(frozen=True)
class Courses:
    """The sessions that would count for a teacher, best first: the candidates pass every
    test but the places (`_candidates(shape, **terms)`, ordered); the places are then counted
    (the one query of `with_places`) and the sessions with a place the teacher could take are
    kept. Both queries are compiled once (`Prepared`): their SQL costs more to build than to
    run."""

    shape: object  # what counts (`_counting_shape`)
    terms: dict  # what fits the teacher (`_candidates`)
    today: dt.date
    quota_unit_id: int | None
    has_job: bool

    def best(self, count: int) -> list["CourseCard"]:
        """The first `count` takeable sessions. The places are counted for the best
        `BEST_WINDOW` candidates only (for hundreds of them it costs tens of milliseconds);
        when full sessions leave too few there, for all of them."""
        window = self._candidate_ids(_WINDOW)
        cards = self._cards(window)
        best = [cards[pk] for pk in window if pk in cards][:count]
        if len(best) < count and len(window) == BEST_WINDOW:
            return self.page(1, count).object_list
        return best

    def page(self, number: int, size: int) -> "CoursePage":
        """Page `number` of the takeable sessions, each with its free places (past the last
        page: the last). The places are counted a window, then a chunk, of candidates at a
        time, only as far as the page and one session more (whether a next page exists)."""
        candidates, takeable, start = self._candidate_ids(_CANDIDATES), [], 0
        while start < len(candidates) and len(takeable) <= number * size:
            step = BEST_WINDOW if start == 0 else ALL_CHUNK
            cards = self._cards(candidates[start : start + step])
            takeable += [cards[pk] for pk in candidates[start : start + step] if pk in cards]
            start += step
        number = min(number, max(1, -(-len(takeable) // size)))
        shown = takeable[(number - 1) * size : number * size]
        return CoursePage(number, shown, has_next=len(takeable) > number * size)

    def _candidate_ids(self, query: "Prepared") -> list[int]:
        if query.fits(self.terms):
            return [pk for (pk,) in query.rows(self.shape, **self.terms)]
        # a teacher of more jobs than its lists hold: the same query, built for them
        limit = BEST_WINDOW if query is _WINDOW else None
        return list(_candidates(self.shape, **self.terms).values_list("pk", flat=True)[:limit])

    def _cards(self, pks: list[int]) -> dict[int, "CourseCard"]:
        """{pk: card} of the takeable sessions among `pks`, each with its free places."""
        if not pks:
            return {}
        values = {"window": pks, "today": self.today}
        if self.has_job:
            values["unit"] = self.quota_unit_id
        query = _WINDOW_PLACES if len(pks) <= BEST_WINDOW else _CHUNK_PLACES
        return {row[0]: CourseCard(*row) for row in query.rows(self.has_job, **values)}


@dataclass(frozen=True)
class CoursePage:
    """A page of a teacher's courses: its number, its sessions, and whether one follows (the
    courses after it are not counted)."""

    number: int
    object_list: list
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1


def _window_places(has_job: bool, *, window, today, unit=None) -> SessionQuerySet:
    """The free places of the takeable sessions among `window` (a teacher's best candidates,
    which passed every other test), for a teacher of district `unit` (with a job) or none."""
    return (
        Session.objects.published()
        .filter(pk__in=window)
        .with_places(today=today, unit_id=unit)
        .filter(_takeable(has_job))
        .values_list("pk", "free_places", *_CARD)
    )


_WINDOW_PLACES = Prepared(_window_places, window=ListOf(int, BEST_WINDOW), today=dt.date, unit=int)
_CHUNK_PLACES = Prepared(_window_places, window=ListOf(int, ALL_CHUNK), today=dt.date, unit=int)


_TERMS = {
    "after": dt.date,
    "until": dt.date,
    "specializations": ListOf(int, 24),
    "languages": ListOf(str, 6),
    "units": ListOf(int, 12),
    "regions": ListOf(int, 12),
    "own_language": str,
}
_WINDOW = Prepared(
    lambda shape, **terms: _candidates(shape, **terms).values_list("pk")[:BEST_WINDOW], **_TERMS
)
_CANDIDATES = Prepared(
    lambda shape, **terms: _candidates(shape, **terms).values_list("pk"), **_TERMS
)


# What a course's card shows (my_status.html), read with its places: its dates, form and
# hours, and its title, provider and district in each language (`CourseCard`).
_CARD = (
    "start_date", "end_date", "form", "programme__hours",
    *name_columns("programme__title", "provider__name", "unit__name"),
)  # fmt: skip


class CourseCard:
    """A session as a teacher's list of courses shows it, from the row of its places (the
    database's values: a date may come as its ISO text)."""

    def __init__(self, pk, free_places, start, end, form, hours, *names):
        self.pk, self.free_places, self.form, self.hours = pk, free_places, form, hours
        self.start_date, self.end_date = as_date(start), as_date(end)
        set_names(self, ("title", "provider", "unit"), names)

    title = property(lambda self: localized(self, "title"))
    provider_name = property(lambda self: localized(self, "provider"))
    unit_name = property(lambda self: localized(self, "unit"))

    def get_form_display(self) -> str:
        return Form(self.form).label


def satisfying_sessions(educator, row, jobs, today: dt.date) -> Courses:
    """Published sessions of this and next year, not started, whose programme counts under the
    policy, for the teacher's specializations and languages, with a place they could take (a
    contract place, or a budget place open to all or kept in their district's quota); best
    first: their district, then their oblast, then online, then elsewhere; in the teacher's
    own language before their schools' other languages; the soonest first."""
    specializations = {j.specialization_id for j in jobs if j.specialization_id}
    specializations |= history.declared_specializations(educator)
    languages = {code for j in jobs for code in j.organization.languages}
    units = {j.organization.unit_id for j in jobs} | {
        j.organization.unit.parent_id for j in jobs if j.organization.unit.parent_id
    }
    regions = {j.organization.region_id for j in jobs}
    if row:
        specializations |= {row.specialization_id} - {None}
        languages.add(row.language)
        units.add(row.unit_id)
        regions.add(row.region_id)
    terms = {
        "after": today, "until": dt.date(today.year + 1, 12, 31),
        "specializations": sorted(specializations), "languages": sorted(languages, key=str),
        "units": sorted(units - {None}), "regions": sorted(regions - {None}),
        "own_language": _own_language(row, jobs),
    }  # fmt: skip
    return Courses(_counting_shape(row), terms, today, _quota_unit_id(jobs), bool(jobs))


def _candidates(shape, *, after, until, specializations, languages, units, regions, own_language):
    """The sessions that would count (`_counting_shape`) for a teacher of these terms, best
    first (see `satisfying_sessions`), before their places are counted."""
    return (
        Session.objects.published()
        .filter(start_date__gt=after, start_date__lte=until)
        .filter(language__in=languages)
        .open_to_specializations(specializations)
        .filter(_counting(shape))
        .annotate(nearness=_nearness(units, regions))
        .annotate(other_language=Case(When(language=own_language, then=Value(0)), default=1))
        .order_by("nearness", "other_language", "start_date", "pk")
    )


def _own_language(row: EducatorStatus | None, jobs: list[Employment]) -> str:
    """The language the teacher teaches in: their status row's, else their main job's school's
    first language."""
    if row and row.language:
        return row.language
    main = min(jobs, key=lambda job: (job.start_date, job.pk), default=None)
    return main.organization.languages[0] if main and main.organization.languages else ""


def _quota_unit_id(jobs: list[Employment]) -> int | None:
    """The district whose quota the teacher's request would use: their main (earliest) job's,
    as `delivery.actions.workplace_of` picks it."""
    if not jobs:
        return None
    main = min(jobs, key=lambda job: (job.start_date, job.pk))
    return quota_unit(main.organization).pk


def _takeable(has_job: bool) -> Q:
    """A contract place left, or a budget place the teacher's district may take (without a
    job, none is kept for them: only places open to all)."""
    budget = Q(budget_open_to_unit=True) if has_job else Q(budget_left__gt=0, open_places__gt=0)
    return Q(contract_left__gt=0) | budget


RETRAINING = "retraining"


def _counting_shape(row: EducatorStatus | None):
    """What decides which sessions count for the row: nothing without a row, a retraining
    programme for one needing it, else its policy's rule."""
    if row is None:
        return None
    if row.status == Status.NEEDS_RETRAINING:
        return RETRAINING
    return rules_module.Rule.of(row.policy)


def _counting(shape) -> Q:
    """Sessions whose completion would count (`_counting_shape`): every one without a row; by
    compliance's one definition under the rule."""
    if shape is None:
        return Q()
    if shape == RETRAINING:
        return Q(programme__kind=Programme.Kind.RETRAINING)
    return counted_q(shape)


def _nearness(units: set[int], regions: set[int]) -> Case:
    return Case(
        When(unit_id__in=units, then=Value(0)),
        When(region_id__in=regions, then=Value(1)),
        When(form=Form.ONLINE, then=Value(2)),
        default=Value(3),
        output_field=IntegerField(),
    )


# Policies --------------------------------------------------------------------------------


def _may_read_policies(user) -> None:
    roles = access_for(user)
    if not (roles.superuser or roles.national):
        raise Http404


def _may_edit_policies(user) -> None:
    if not can_change_policy(user):
        raise Http404


@login_required
def policy_list(request):
    _may_read_policies(request.user)
    policies = Policy.objects.visible_to(request.user).select_related("created_by")
    policies = list(policies.order_by("-effective_from"))
    today = timezone.localdate()
    in_force = next((p for p in policies if p.effective_from <= today), None)  # newest first
    context = {
        "policies": policies,
        "in_force_id": in_force.pk if in_force else None,
        "can_edit": can_change_policy(request.user),
    }
    return render(request, "compliance/policy_list.html", context)


@login_required
def policy_create(request):
    _may_edit_policies(request.user)
    form = PolicyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.create_policy(actor=request.user, **form.fields_for_action())
        except ValidationError as error:
            add_action_errors(error, form)
        else:
            messages.success(request, _("The policy has been saved."))
            return redirect("compliance:policy_list")
    return render(request, "compliance/policy_form.html", {"form": form, "policy": None})


@login_required
def policy_edit(request, pk: int):
    _may_edit_policies(request.user)
    policy = get_policy_for_user(request.user, pk)
    # The form validates a copy of its own: the action compares with the policy as saved.
    form = PolicyForm(request.POST or None, instance=get_policy_for_user(request.user, pk))
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_policy(actor=request.user, policy=policy, **form.fields_for_action())
        except ValidationError as error:
            add_action_errors(error, form)
        else:
            messages.success(request, _("The policy has been saved."))
            return redirect("compliance:policy_list")
    return render(request, "compliance/policy_form.html", {"form": form, "policy": policy})
