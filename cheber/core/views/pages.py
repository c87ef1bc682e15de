from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from cheber.core.access import access_for
from cheber.core.panels import panels_for


def landing(request):
    """The public page that explains Cheber, in the visitor's language."""
    return render(request, "core/landing.html")


@login_required
def home(request):
    """After log-in: who you are, your roles, the apps' panels (what to continue) and where
    to go."""
    assignments = request.user.role_assignments.select_related(
        "unit", "organization", "educator"
    ).order_by("role")
    return render(
        request,
        "core/home.html",
        {
            "assignments": assignments,
            "access": access_for(request.user),
            "panels": panels_for(request.user),
        },
    )
