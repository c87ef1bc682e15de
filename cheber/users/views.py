"""Users a staff member manages: the list of those holding a role they may give, and the
invitation of a new one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from cheber.accounts.models import RoleAssignment
from cheber.core.forms import add_action_errors
from cheber.users import actions
from cheber.users.access import can_invite, manageable_users
from cheber.users.forms import InviteForm

PAGE_SIZE = 50


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


@login_required
def user_invite(request):
    _require_manager(request.user)
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
            messages.success(request, _("The user is invited; they set their password by e-mail."))
            return redirect("users:user_list")
    return render(request, "users/user_invite.html", {"form": form})
