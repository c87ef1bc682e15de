"""The provider's view of an online or blended session's learners: progress, who is stuck,
and a reminder."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, F, Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cheber.catalog.models import Form
from cheber.core.forms import add_action_errors
from cheber.delivery.models import Enrolment
from cheber.learning import access, rules
from cheber.learning.access import get_learner_for_user, get_progress_session_for_user
from cheber.learning.actions import progress as actions
from cheber.learning.forms import TermsForm
from cheber.learning.models import Lesson
from cheber.schedule.places import tutored_places

PAGE_SIZE = 100


@login_required
def session_progress(request, pk: int):
    """Every learner's lessons seen, time spent and last activity; `?stuck=1` keeps those with
    no activity for the configured number of days."""
    session = get_progress_session_for_user(request.user, pk)
    now = timezone.now()
    stuck_before = now - rules.stuck_after()
    learners = (
        session.enrolments.filter(state__in=rules.TAKING)
        .select_related("educator", "course_progress__version")
        .annotate(last=F("course_progress__last_activity_at"))
        .order_by("educator__surname", "educator__first_name", "pk")
    )
    stuck_filter = Q(state=Enrolment.State.ENROLLED) & (
        Q(last__lt=stuck_before) | Q(last=None, accepted_at__lt=stuck_before)
    )
    stuck_count = learners.filter(stuck_filter).count()
    if request.GET.get("stuck") == "1":
        learners = learners.filter(stuck_filter)
    page = Paginator(learners, PAGE_SIZE).get_page(request.GET.get("page"))
    totals = dict(
        Lesson.objects.of_session(session)
        .filter(
            version_id__in={
                e.course_progress.version_id for e in page if hasattr(e, "course_progress")
            }
        )  # fmt: skip
        .values("version_id")
        .annotate(n=Count("pk"))
        .values_list("version_id", "n")
    )
    for learner in page:
        course = getattr(learner, "course_progress", None)
        learner.total = totals.get(course.version_id, 0) if course else 0
        learner.is_stuck = learner.state == Enrolment.State.ENROLLED and (
            (learner.last or learner.accepted_at or now) < stuck_before
        )
    return render(request, "learning/session_progress.html", {
        "session": session, "page": page, "stuck_count": stuck_count,
        "stuck_days": rules.stuck_after().days, "only_stuck": request.GET.get("stuck") == "1",
        "no_rule": _no_rule(session),
        "can_remind": access.can_remind_learner(request.user, session),
        "can_set_terms": session.form in access.LEARNING_FORMS
        and access.can_set_online_terms(request.user, session),
        "can_complete": session.form == Form.BLENDED
        and session.end_date <= timezone.localdate()
        and access.can_complete_enrolment(request.user, session),
    })  # fmt: skip


def _no_rule(session) -> str:
    """Why nobody completes the session's online study now ("" while a rule is in force): the
    rule of today for an online session, of its last day for a blended one."""
    today = timezone.localdate()
    day = today if session.form == Form.ONLINE else session.end_date
    return "" if rules.completion_rule(day) else rules.no_rule_message(day)


@require_POST
@login_required
def remind(request, pk: int):
    enrolment = get_learner_for_user(request.user, pk)
    try:
        actions.remind_learner(actor=request.user, enrolment=enrolment)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Reminder sent to %(name)s.") % {"name": enrolment.educator})
    return redirect("learning:session_progress", pk=enrolment.session_id)


@require_POST
@login_required
def complete(request, pk: int):
    """Complete a finished blended session: its days' attendance, the final assessment and the
    online part together."""
    session = get_progress_session_for_user(request.user, pk)
    try:
        counts = actions.complete_blended_session(actor=request.user, session=session)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("learning:session_progress", pk=session.pk)
    messages.success(request, _("Completed: %(completed)s; not completed: %(not_completed)s.")
                     % counts)  # fmt: skip
    return redirect("delivery:results", pk=session.pk)


@login_required
def terms(request, pk: int):
    """When an online session takes learners, and how many each of its tutors takes: the page
    shows the budget places that makes (trainers × learners per tutor)."""
    session = get_progress_session_for_user(request.user, pk)
    if not access.can_set_online_terms(request.user, session):
        raise PermissionDenied
    current = rules.terms_for(session)
    initial = {
        "enrol_from": max(current.enrol_from, session.plan.approved_at.date())
        if session.plan.approved_at else session.start_date,
        "enrol_until": current.enrol_until, "learners_per_trainer": current.learners_per_trainer,
        "weekly_pacing": current.weekly_pacing,
        "certificate_on_completion": rules.certificate_on_completion(session),
    }  # fmt: skip
    form = TermsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.set_online_terms(actor=request.user, session=session, **form.cleaned_data)
        except ValidationError as error:
            add_action_errors(error, form)
        else:
            messages.success(request, _("The enrolment terms are saved."))
            return redirect("learning:session_progress", pk=session.pk)
    trainers = session.trainers.count()
    return render(request, "learning/terms.html", {
        "session": session, "form": form, "trainers": trainers,
        "per_trainer": current.learners_per_trainer,
        "places": tutored_places(trainers, current.learners_per_trainer),
        "blended": session.form == Form.BLENDED,
    })  # fmt: skip
