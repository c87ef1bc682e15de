"""Programme catalogue pages: list, detail, propose and edit a draft, approve, archive."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cheber.catalog import actions
from cheber.catalog.access import (
    can_approve_programme,
    can_manage_programme,
    get_managed_programme_for_user,
    get_programme_for_user,
)
from cheber.catalog.forms import ModuleFormSet, ProgrammeFilterForm, ProgrammeForm, module_initial
from cheber.catalog.models import Form, Programme
from cheber.core.access import access_for
from cheber.core.forms import add_action_errors
from cheber.core.htmx import is_htmx
from cheber.registry.models import Organization

PAGE_SIZE = 50
ONLINE_FORMS = (Form.ONLINE, Form.BLENDED)


def _filtered_programmes(user, form: ProgrammeFilterForm):
    programmes = Programme.objects.visible_to(user)
    if not form.is_valid():
        return programmes
    data = form.cleaned_data
    programmes = programmes.search(data["q"])
    if data["kind"]:
        programmes = programmes.filter(kind=data["kind"])
    if data["theme"]:
        # Matches the quoted code inside the JSON list, the same way on SQLite and PostgreSQL.
        programmes = programmes.filter(themes__icontains=f'"{data["theme"]}"')
    if data["form"]:
        programmes = programmes.filter(form=data["form"])
    if data["status"]:
        programmes = programmes.filter(status=data["status"])
    return programmes


@login_required
def programme_list(request):
    form = ProgrammeFilterForm(request.GET)
    programmes = _filtered_programmes(request.user, form).select_related("provider")
    page = Paginator(programmes, PAGE_SIZE).get_page(request.GET.get("page"))
    roles = access_for(request.user)
    context = {"form": form, "page": page, "can_propose": roles.is_institute or roles.is_provider}
    template = "catalog/programme_list.html"
    if is_htmx(request):
        template += "#results"
    return render(request, template, context)


def _language_labels(codes) -> list[str]:
    labels = dict(Organization.Language.choices)
    return [str(labels.get(code, code)) for code in codes]


@login_required
def programme_detail(request, pk: int):
    programme = get_programme_for_user(request.user, pk)
    manages = can_manage_programme(request.user, programme)
    draft = programme.status == Programme.Status.DRAFT
    context = {
        "programme": programme,
        "modules": programme.modules.all(),
        "specializations": programme.specializations.all(),
        "positions": programme.positions.all(),
        "approved_by": programme.approved_by,
        "language_labels": _language_labels(programme.languages),
        "can_edit": manages and draft,
        "can_approve": can_approve_programme(request.user) and draft,
        "can_archive": manages and programme.status != Programme.Status.ARCHIVED,
        # Its online content is learning's, above the catalogue: the template links to it and
        # reads its state through learning's template tag, never an import.
        "shows_content": programme.form in ONLINE_FORMS
        and (manages or can_approve_programme(request.user)),
    }
    return render(request, "catalog/programme_detail.html", context)


def _save_programme(request, form, modules, programme=None):
    """Call the action; the programme, or None with the errors put on the forms."""
    m2m = {
        "specializations": list(form.cleaned_data["specializations"]),
        "positions": list(form.cleaned_data["positions"]),
        "modules": modules.modules(),
    }
    try:
        if programme is None:
            return actions.propose_programme(
                actor=request.user, programme=form.save(commit=False), **m2m
            )
        return actions.update_programme(
            actor=request.user, programme=form.save(commit=False), changed=form.changed_data, **m2m
        )
    except ValidationError as error:
        add_action_errors(error, form)
        return None


@login_required
def programme_create(request):
    providers = Organization.objects.providers_run_by(request.user)
    if not providers.exists():
        raise PermissionDenied
    form = ProgrammeForm(request.POST or None, providers=providers)
    modules = ModuleFormSet(request.POST or None, prefix="modules")
    if request.method == "POST" and all([form.is_valid(), modules.is_valid()]):
        if programme := _save_programme(request, form, modules):
            messages.success(request, _("The programme is proposed for approval."))
            return redirect("catalog:programme_detail", pk=programme.pk)
    return render(request, "catalog/programme_form.html", {"form": form, "modules": modules})


@login_required
def programme_edit(request, pk: int):
    programme = get_managed_programme_for_user(request.user, pk)
    if programme.status != Programme.Status.DRAFT:
        messages.error(request, _("Only a draft programme can be changed."))
        return redirect("catalog:programme_detail", pk=programme.pk)
    form = ProgrammeForm(request.POST or None, instance=programme)
    initial = None if request.method == "POST" else module_initial(programme)
    modules = ModuleFormSet(request.POST or None, prefix="modules", initial=initial)
    if request.method == "POST" and all([form.is_valid(), modules.is_valid()]):
        if _save_programme(request, form, modules, programme):
            messages.success(request, _("Changes saved."))
            return redirect("catalog:programme_detail", pk=programme.pk)
    context = {"form": form, "modules": modules, "programme": programme}
    return render(request, "catalog/programme_form.html", context)


def _run(request, action, programme, success: str):
    try:
        action(actor=request.user, programme=programme)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, success)
    return redirect("catalog:programme_detail", pk=programme.pk)


@login_required
@require_POST
def programme_approve(request, pk: int):
    programme = get_programme_for_user(request.user, pk)
    return _run(request, actions.approve_programme, programme, _("The programme is approved."))


@login_required
@require_POST
def programme_archive(request, pk: int):
    programme = get_managed_programme_for_user(request.user, pk)
    return _run(request, actions.archive_programme, programme, _("The programme is archived."))
