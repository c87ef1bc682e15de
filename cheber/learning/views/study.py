"""The learner's pages: open online courses, a course with its modules and lessons, a lesson,
"done, next", and what a course needs for offline reading."""

from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from cheber.catalog.models import Form
from cheber.core.access import access_for
from cheber.delivery.models import Enrolment
from cheber.learning import offers, rules
from cheber.learning.access import get_online_session_for_user, get_study_for_user
from cheber.learning.actions import progress as actions
from cheber.learning.forms import SeenForm, opened_stamp
from cheber.learning.models import Attachment, CourseProgress
from cheber.registry.access import get_educator_for_user


@login_required
def online_courses(request):
    """Online courses open for enrolment now, and the learner's own online and blended ones."""
    educator_ids = access_for(request.user).educator_ids
    return render(request, "learning/online_courses.html", {
        "sessions": offers.open_courses(timezone.localdate(), educator_ids),
        "mine": offers.own_courses(educator_ids), "can_enrol": bool(educator_ids),
    })  # fmt: skip


@require_POST
@login_required
def enrol(request, pk: int):
    session = get_online_session_for_user(request.user, pk)
    educator_id = access_for(request.user).educator_id
    if educator_id is None:
        raise PermissionDenied
    educator = get_educator_for_user(request.user, educator_id)
    try:
        enrolment = actions.enrol_online(actor=request.user, session=session, educator=educator)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("learning:online_courses")
    return redirect("learning:course", pk=enrolment.pk)


def _course_of(enrolment) -> CourseProgress | None:
    """The learner's course, fetched with their enrolment (None before they start it)."""
    return getattr(enrolment, "course_progress", None)


@login_required
def course(request, pk: int):
    enrolment = get_study_for_user(request.user, pk)
    progress = _course_of(enrolment)
    if progress is None:
        return render(request, "learning/course.html", {"enrolment": enrolment})
    lessons = list(
        progress.version.lessons.defer("body_ky", "body_ru", "html_ky", "html_ru")
        .select_related("module")
        .in_order()
    )
    seen = set(enrolment.lesson_progress.values_list("lesson_id", flat=True))
    openings, today = rules.module_openings(enrolment.session, progress), timezone.localdate()
    modules: dict = {}
    for lesson in lessons:
        lesson.seen = lesson.pk in seen
        lesson.module.opens = openings.get(lesson.module_id)
        lesson.module.is_open = rules.is_open(openings, lesson.module_id, today)
        modules.setdefault(lesson.module, []).append(lesson)
    resume = next((x for x in lessons if not x.seen and x.module.is_open), None)
    return render(request, "learning/course.html", {
        "enrolment": enrolment, "progress": progress, "modules": modules.items(),
        "resume": resume, "total": len(lessons), "seen_count": len(seen & {x.pk for x in lessons}),
        "deadline": rules.terms_for(enrolment.session).deadline,
        **_completion(enrolment, len(lessons), today),
    })  # fmt: skip


def _completion(enrolment, total: int, today) -> dict:
    """What completing asks of the learner (the rule of today; of its last day for a blended
    session), or why nobody completes now; once completed, their certificate."""
    if enrolment.state == Enrolment.State.COMPLETED:
        return {"certificate": enrolment.certificates.valid().first()}
    session = enrolment.session
    day = today if session.form == Form.ONLINE else session.end_date
    rule = rules.completion_rule(day)
    if rule is None:
        return {"no_rule": rules.no_rule_message(day)}
    return {"rule": rule, "lessons_needed": rule.lessons_needed(total)}


@require_POST
@login_required
def start(request, pk: int):
    enrolment = get_study_for_user(request.user, pk)
    try:
        actions.start_course(actor=request.user, enrolment=enrolment)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("learning:course", pk=enrolment.pk)


def _pinned_lesson(enrolment, lesson_pk: int):
    progress = _course_of(enrolment)
    if progress is None:
        raise Http404
    lessons = progress.version.lessons.select_related("module").defer("body_ky", "body_ru")
    lesson = get_object_or_404(lessons, pk=lesson_pk)
    return progress, lesson


@login_required
def lesson(request, pk: int, lesson_pk: int):
    enrolment = get_study_for_user(request.user, pk)
    progress, lesson = _pinned_lesson(enrolment, lesson_pk)
    order = list(progress.version.lessons.in_order().values_list("pk", flat=True))
    at = order.index(lesson.pk)
    # The learner's language is the one they chose to study in: the session's.
    language = lesson.shown_in(enrolment.session.language)
    openings = rules.module_openings(enrolment.session, progress)
    if not rules.is_open(openings, lesson.module_id, timezone.localdate()):
        return render(request, "learning/lesson_closed.html", {
            "enrolment": enrolment, "lesson": lesson, "opens": openings[lesson.module_id],
        })  # fmt: skip
    return render(request, "learning/lesson.html", {
        "enrolment": enrolment, "lesson": lesson, "version": progress.version,
        "text_language": language, "text": getattr(lesson, f"html_{language}"),
        "materials": lesson.attachments.order_by("order", "pk"),
        "previous": order[at - 1] if at else None,
        "next": order[at + 1] if at + 1 < len(order) else None,
        "position": at + 1, "total": len(order),
        "seen": enrolment.lesson_progress.filter(lesson=lesson).exists(),
        "seen_form": SeenForm(initial={"opened": opened_stamp()}),
    })  # fmt: skip


@require_POST
@login_required
def seen(request, pk: int, lesson_pk: int):
    enrolment = get_study_for_user(request.user, pk)
    progress, lesson = _pinned_lesson(enrolment, lesson_pk)
    form = SeenForm(request.POST)
    opened = form.cleaned_data["opened"] if form.is_valid() else None
    try:
        actions.mark_lesson_seen(actor=request.user, enrolment=enrolment, lesson=lesson,
                                 opened_at=opened)  # fmt: skip
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("learning:lesson", pk=enrolment.pk, lesson_pk=lesson.pk)
    ids = list(progress.version.lessons.in_order().values_list("pk", flat=True))
    at = ids.index(lesson.pk)
    if at + 1 < len(ids):
        return redirect("learning:lesson", pk=enrolment.pk, lesson_pk=ids[at + 1])
    return redirect("learning:course", pk=enrolment.pk)


@login_required
def offline_manifest(request, pk: int):
    """The addresses a course needs to be read offline: its page, its lessons, their files,
    and the style and scripts of the pages."""
    enrolment = get_study_for_user(request.user, pk)
    progress = _course_of(enrolment)
    if progress is None:
        raise Http404
    openings, today = rules.module_openings(enrolment.session, progress), timezone.localdate()
    lessons = progress.version.lessons.in_order()
    ids = [pk for pk, module in lessons.values_list("pk", "module_id")
           if rules.is_open(openings, module, today)]  # fmt: skip
    files = Attachment.objects.visible_to(request.user).filter(lesson_id__in=ids).exclude(file="")
    urls = [reverse("learning:course", args=[enrolment.pk])]
    urls += [reverse("learning:lesson", args=[enrolment.pk, i]) for i in ids]
    urls += [
        reverse("learning:material_file", args=[a]) for a in files.values_list("pk", flat=True)
    ]
    urls += [static(p) for p in ("vendor/pico/pico.min.css", "css/cheber.css",
                                  "vendor/htmx/htmx.min.js", "learning/offline.js",
                                  "learning/learning.css", "favicon.svg")]  # fmt: skip
    return JsonResponse({"cache": f"cheber-course-{enrolment.pk}", "urls": urls})


SERVICE_WORKER = Path(settings.BASE_DIR) / "static" / "learning" / "sw.js"


def service_worker(request):
    """The service worker, from the root so that it may control the learning pages; the
    browser checks it for a new version on every visit (no-cache)."""
    body = SERVICE_WORKER.read_text().replace("__VERSION__", _worker_version())
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = "/"
    return response


def _worker_version() -> str:
    return str(int(SERVICE_WORKER.stat().st_mtime)) + ("-debug" if settings.DEBUG else "")
