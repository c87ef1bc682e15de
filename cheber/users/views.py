"""Users a staff member manages: the list of those holding a role they may give, and the
invitation of a new one."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from cheber.accounts.models import RoleAssignment
from cheber.core import ratelimit
from cheber.core.forms import add_action_errors
from cheber.users import actions
from cheber.users.access import can_invite, manageable_users
from cheber.users.forms import InviteForm

PAGE_SIZE = 50
# Invitations sent (or tried) per user and window: each answer says something of a PIN or an
# address, so a script may not ask thousands of them.
INVITE_LIMIT = 20
INVITE_WINDOW = 3600  # seconds


def _require_manager(user) -> None:
    if not can_invite(user):
        raise Http404


@login_required
def user_list(request):
    _require_manager(request.user)
    text = request.GET.get("q", "").strip()[:150]
    users = manageable_users(request.user).order_by("last_name", "username")
    if text:
        users = users.filter(
            Q(username__icontains=text) | Q(last_name__icontains=text) | Q(email__icontains=text)
        )
    assignments = Prefetch(
        "role_assignments",
        queryset=RoleAssignment.objects.select_related("unit", "organization", "educator"),
    )
    users = users.prefetch_related(assignments)
    page = Paginator(users, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "users/user_list.html", {"page": page, "q": text})


def _invite_limits() -> tuple[int, int]:
    limit = getattr(settings, "USERS_INVITE_LIMIT", INVITE_LIMIT)
    return limit, getattr(settings, "USERS_INVITE_WINDOW", INVITE_WINDOW)


def _within_invite_limit(user) -> bool:
    limit, window = _invite_limits()
    return ratelimit.hit("invite", str(user.pk), limit=limit, window=window)


@login_required
def user_invite(request):
    _require_manager(request.user)
    if request.method == "POST" and not _within_invite_limit(request.user):
        response = render(
            request,
            "users/user_invite.html",
            {"form": InviteForm(actor=request.user), "limited": True},
            status=429,
        )
        response["Retry-After"] = str(_invite_limits()[1])
        return response
    form = InviteForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.invite_user(
                actor=request.user, username=data["username"], email=data["email"],
                first_name=data["first_name"], last_name=data["last_name"],
                assignment=RoleAssignment(**form.assignment_fields()),
            )  # fmt: skip
        except ValidationError as error:
            add_action_errors(error, form)
        else:
            # The same words whether or not the address had an account (its owner is told).
            messages.success(request, _(
                "The invitation is sent to %(email)s. If that address has an account already, "
                "its owner is told instead, and no account is made."
            ) % {"email": data["email"]})  # fmt: skip
            return redirect("users:user_list")
    return render(request, "users/user_invite.html", {"form": form})
