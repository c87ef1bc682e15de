from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cheber.core.access import access_for
from cheber.core.access_log import counted, log_export, log_record
from cheber.core.forms import add_action_errors
from cheber.core.htmx import is_htmx
from cheber.registry import actions, export
from cheber.registry.access import (
    can_edit_registry,
    get_correctable_training_for_user,
    get_declared_training_for_user,
    get_educator_for_user,
    get_employment_for_user,
    get_organization_for_user,
    get_training_document_for_user,
    verifies_declarations,
)
from cheber.registry.forms import (
    EducatorFilterForm,
    EducatorForm,
    EmploymentForm,
    EndEmploymentForm,
    OrganizationFilterForm,
    RejectTrainingForm,
    TrainingRecordForm,
)
from cheber.registry.models import Employment, Organization, TrainingRecord
from cheber.registry.privacy import (
    sees_personal_data,
    with_personal_data_flag,
)

PAGE_SIZE = 50


def _require_editor(user) -> None:
    if not can_edit_registry(user):
        raise PermissionDenied


def _employing_organizations(user):
    return Organization.objects.visible_to(user).exclude(type=Organization.Type.MINISTRY)


@login_required
def educator_list(request):
    form = EducatorFilterForm(request.GET)
    educators = export.filtered_educators(request.user, form).prefetch_related(export.active_jobs())
    educators = with_personal_data_flag(educators, request.user)
    page = Paginator(educators, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "can_edit": can_edit_registry(request.user)}
    template = "registry/educator_list.html"
    if is_htmx(request):
        template += "#results"
    return render(request, template, context)


@login_required
def educator_export(request):
    """The list as CSV: streamed at once when short, else made in the background (the job's
    page shows the progress and then the download)."""
    form = EducatorFilterForm(request.GET)
    filters = {name: request.GET.get(name, "") for name in form.fields}
    educators = export.rows_for(request.user, filters)
    if export.is_large(educators):
        language = translation.get_language() or settings.LANGUAGE_CODE
        job = actions.start_educator_export(actor=request.user, filters=filters, language=language)
        return redirect("core:job_detail", job.pk)

    def logged(count: int) -> None:
        log_export(request.user, what=export.WHAT, filters=filters, rows=count)

    rows = counted(educators.iterator(chunk_size=2000), logged)
    response = StreamingHttpResponse(export.csv_lines(rows), content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="educators-{stamp}.csv"'
    return response


@login_required
def educator_detail(request, pk: int):
    educator = get_educator_for_user(request.user, pk)
    educator.personal_data_visible = sees_personal_data(request.user, educator)
    own = educator.pk in access_for(request.user).educator_ids
    log_record(request.user, educator, what="registry:educator_detail", own=own)
    employments = educator.employments.select_related(
        "organization__unit", "position", "specialization"
    ).order_by("end_date", "-start_date")
    trainings = list(educator.training_records.select_related("provider"))
    context = {
        "educator": educator,
        "employments": employments,
        "trainings": trainings,
        "specializations": educator.specializations.all(),
        "last_training": max((t.end_date for t in trainings), default=None),
        "can_edit": can_edit_registry(request.user),
        # (one's own training is corrected by another keeper: `correct_training`)
        "can_correct": can_edit_registry(request.user) and not own,
    }
    return render(request, "registry/educator_detail.html", context)


@login_required
def educator_create(request):
    _require_editor(request.user)
    organizations = _employing_organizations(request.user)
    form = EducatorForm(request.POST or None)
    job_form = EmploymentForm(request.POST or None, prefix="job", organizations=organizations)
    if request.method == "POST" and form.is_valid() and job_form.is_valid():
        job = job_form.cleaned_data
        try:
            educator = actions.register_educator(
                actor=request.user,
                educator=form.save(commit=False),
                specializations=list(form.cleaned_data["specializations"]),
                organization=job["organization"],
                position=job["position"],
                specialization=job["specialization"],
                start_date=job["start_date"],
                workload=job["workload"],
            )
        except ValidationError as error:
            add_action_errors(error, form, job_form)
        else:
            messages.success(request, _("The educator is registered."))
            return redirect("registry:educator_detail", pk=educator.pk)
    context = {"form": form, "job_form": job_form, "organization_codes": organizations}
    return render(request, "registry/educator_form.html", context)


@login_required
def educator_edit(request, pk: int):
    _require_editor(request.user)
    educator = get_educator_for_user(request.user, pk)
    personal_data = sees_personal_data(request.user, educator)
    form = EducatorForm(request.POST or None, instance=educator, personal_data=personal_data)
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_educator(
                actor=request.user,
                educator=form.save(commit=False),
                specializations=list(form.cleaned_data["specializations"]),
                changed=form.changed_data,
            )
        except ValidationError as error:
            add_action_errors(error, form)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("registry:educator_detail", pk=educator.pk)
    return render(request, "registry/educator_form.html", {"form": form, "educator": educator})


@login_required
def employment_create(request, pk: int):
    _require_editor(request.user)
    educator = get_educator_for_user(request.user, pk)
    organizations = _employing_organizations(request.user)
    form = EmploymentForm(request.POST or None, organizations=organizations)
    if request.method == "POST" and form.is_valid():
        try:
            actions.employ_educator(actor=request.user, educator=educator, **form.cleaned_data)
        except ValidationError as error:
            add_action_errors(error, form)
        else:
            messages.success(request, _("The job is added."))
            return redirect("registry:educator_detail", pk=educator.pk)
    context = {"form": form, "educator": educator, "organization_codes": organizations}
    return render(request, "registry/employment_form.html", context)


@login_required
def employment_end(request, pk: int):
    _require_editor(request.user)
    employment = get_employment_for_user(request.user, pk)
    form = EndEmploymentForm(request.POST or None, initial={"end_date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            actions.end_employment(
                actor=request.user, employment=employment, end_date=form.cleaned_data["end_date"]
            )
        except ValidationError as error:
            add_action_errors(error, form)
        else:
            messages.success(request, _("The job is ended; it stays in the history."))
            return redirect("registry:educator_detail", pk=employment.educator_id)
    return render(request, "registry/employment_end.html", {"form": form, "employment": employment})


@login_required
def training_create(request, pk: int):
    _require_editor(request.user)
    educator = get_educator_for_user(request.user, pk)
    form = TrainingRecordForm(request.POST or None, instance=TrainingRecord(educator=educator))
    if request.method == "POST" and form.is_valid():
        try:
            actions.record_training(actor=request.user, training=form.save(commit=False))
        except ValidationError as error:
            add_action_errors(error, form)
        else:
            messages.success(request, _("The training is added to the history."))
            return redirect("registry:educator_detail", pk=educator.pk)
    return render(request, "registry/training_form.html", {"form": form, "educator": educator})


@login_required
def training_edit(request, pk: int):
    """A keeper's correction of a training entered from outside (`correct_training`)."""
    _require_editor(request.user)
    training = get_correctable_training_for_user(request.user, pk)
    form = TrainingRecordForm(request.POST or None, instance=training)
    if request.method == "POST" and form.is_valid():
        try:
            actions.correct_training(actor=request.user, training=form.save(commit=False))
        except ValidationError as error:
            add_action_errors(error, form)
        else:
            messages.success(request, _("The training is corrected."))
            return redirect("registry:educator_detail", pk=training.educator_id)
    context = {"form": form, "educator": training.educator, "training": training}
    return render(request, "registry/training_form.html", context)


@login_required
def organization_list(request):
    form = OrganizationFilterForm(request.GET)
    organizations = Organization.objects.visible_to(request.user).select_related("unit", "region")
    if form.is_valid():
        if q := form.cleaned_data["q"].strip():
            organizations = organizations.filter(
                Q(code__istartswith=q) | Q(name_ky__icontains=q) | Q(name_ru__icontains=q)
            )
        if kind := form.cleaned_data["type"]:
            organizations = organizations.filter(type=kind)
    organizations = organizations.annotate(
        staff=Count("employments", filter=Q(employments__end_date=None))
    ).order_by("region__soate", "unit__soate", "code")
    page = Paginator(organizations, PAGE_SIZE).get_page(request.GET.get("page"))
    template = "registry/organization_list.html"
    if is_htmx(request):
        template += "#results"
    return render(request, template, {"form": form, "page": page})


@login_required
def organization_detail(request, pk: int):
    organization = get_organization_for_user(request.user, pk)
    staff = (
        Employment.objects.visible_to(request.user)
        .active()
        .filter(organization=organization)
        .select_related("educator", "position", "specialization")
        .order_by("educator__surname", "educator__first_name")
    )
    page = Paginator(staff, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "registry/organization_detail.html",
        {"organization": organization, "page": page},
    )


# Self-declared training: the queue of the district cabinet (and of the provider named) ------


@login_required
def training_queue(request):
    """The declared trainings waiting for the user's verification, oldest first."""
    if not verifies_declarations(request.user):
        raise Http404
    waiting = (
        TrainingRecord.objects.to_verify_by(request.user)
        .pending()
        .select_related("educator", "provider")
        .order_by("recorded_at", "pk")
    )
    page = Paginator(waiting, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "registry/training_queue.html", {"page": page})


def _render_declared(request, training, *, reject_form=None, status=200):
    context = {
        "training": training,
        "reject_form": reject_form or RejectTrainingForm(),
        "pending": training.verification == TrainingRecord.Verification.PENDING,
    }
    return render(request, "registry/declared_training.html", context, status=status)


@login_required
def declared_training(request, pk: int):
    """One declared training with its document, to verify or reject."""
    training = get_declared_training_for_user(request.user, pk)
    log_record(request.user, training.educator, what="registry:declared_training")
    return _render_declared(request, training)


@login_required
@require_POST
def verify_training(request, pk: int):
    training = get_declared_training_for_user(request.user, pk)
    try:
        actions.verify_training(actor=request.user, training=training)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("registry:declared_training", pk=training.pk)
    messages.success(request, _("The training is verified; it counts from now on."))
    return redirect("registry:training_queue")


@login_required
@require_POST
def reject_training(request, pk: int):
    training = get_declared_training_for_user(request.user, pk)
    form = RejectTrainingForm(request.POST)
    if form.is_valid():
        try:
            actions.reject_training(
                actor=request.user, training=training, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_action_errors(error, form)
        else:
            messages.success(request, _("The training is rejected; the educator is told why."))
            return redirect("registry:training_queue")
    return _render_declared(request, training, reject_form=form)


DOCUMENT_TYPES = {"pdf": "application/pdf", "jpg": "image/jpeg", "png": "image/png"}


@login_required
def training_document(request, pk: int):
    """The scan of a training's certificate, as a download (never shown inline: a PDF is
    not opened inside Cheber's pages)."""
    training = get_training_document_for_user(request.user, pk)
    own = training.educator_id in access_for(request.user).educator_ids
    log_record(request.user, training.educator, what="registry:training_document", own=own)
    extension = training.document.name.rsplit(".", 1)[-1].lower()
    try:
        handle = training.document.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(
        handle, as_attachment=True,
        filename=f"training-{training.pk}.{extension}",
        content_type=DOCUMENT_TYPES.get(extension, "application/octet-stream"),
    )  # fmt: skip
