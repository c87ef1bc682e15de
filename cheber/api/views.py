"""The page of API tokens: one's own (list, create — the secret shown once —, revoke) and,
for the national institute, the machine accounts' tokens of organizations."""

from allauth.account.authentication import get_authentication_records
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from cheber.api import actions
from cheber.api.access import can_create_machine_token, can_create_token, get_token_for_user
from cheber.api.forms import MachineTokenForm, TokenForm
from cheber.api.models import Token
from cheber.core.forms import add_action_errors


def second_factor_passed(request) -> bool:
    """This session's log-in included the second factor (allauth records each method)."""
    return any(r.get("method") == "mfa" for r in get_authentication_records(request, request.user))


def _render(request, *, form=None, machine_form=None, secret="", status=200):
    user = request.user
    tokens = Token.objects.visible_to(user).select_related("organization", "user")
    context = {
        "own": [t for t in tokens if t.kind == Token.Kind.PERSONAL],
        "machine": [t for t in tokens if t.kind == Token.Kind.MACHINE],
        "form": form or TokenForm(),
        "machine_form": (machine_form or MachineTokenForm(prefix="m"))
        if can_create_machine_token(user) else None,
        "can_create": can_create_token(user),
        "secret": secret,
    }  # fmt: skip
    return render(request, "api/token_list.html", context, status=status)


@never_cache
@login_required
def token_list(request):
    return _render(request)


@never_cache
@login_required
@require_POST
def token_create(request):
    return _make_token(request, TokenForm(request.POST), actions.create_token, "form")


@never_cache
@login_required
@require_POST
def machine_token_create(request):
    if not can_create_machine_token(request.user):
        raise PermissionDenied
    form = MachineTokenForm(request.POST, prefix="m")
    return _make_token(request, form, actions.create_machine_token, "machine_form")


def _make_token(request, form, make, form_name: str):
    """A token made by the action `make` from a valid form: the page with its secret, shown
    once; else the page with the form (`form_name` in the context) and its errors."""
    if form.is_valid():
        try:
            _token, secret = make(
                actor=request.user, **form.cleaned_data,
                second_factor_passed=second_factor_passed(request),
            )  # fmt: skip
        except ValidationError as error:
            add_action_errors(error, form)
        except PermissionDenied as denied:  # the second factor: say so beside the form
            form.add_error(None, str(denied) or _("You may not create tokens."))
        else:
            messages.success(request, _("The token is made. Copy it now: it is not shown again."))
            return _render(request, secret=secret)
    return _render(request, status=400, **{form_name: form})


@login_required
@require_POST
def token_revoke(request, pk: int):
    token = get_token_for_user(request.user, pk)
    actions.revoke_token(actor=request.user, token=token)
    messages.success(request, _("The token is revoked: it no longer opens anything."))
    return redirect("api:token_list")
