"""Log-in rules that hold on every request: staff sessions expire when idle, and users who
need a second factor enrol one before they reach anything else."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from cheber.accounts.security import has_second_factor, is_staff_session, needs_second_factor

LAST_SEEN_KEY = "cheber_last_seen"
# The time of the last request is written at most this often, not on every request.
LAST_SEEN_RESOLUTION = 60


class StaffSessionExpiryMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        idle = settings.CHEBER_STAFF_SESSION_IDLE_SECONDS
        if _is_staff(request):
            last_seen = request.session.get(LAST_SEEN_KEY)
            if last_seen is not None and _now() - last_seen > idle:
                logout(request)
                messages.info(
                    request,
                    _("You were logged out after %(minutes)d minutes without activity.")
                    % {"minutes": idle // 60},
                )
                return redirect_to_login(request.get_full_path())
        response = self.get_response(request)
        if _is_staff(request):
            last_seen = request.session.get(LAST_SEEN_KEY)
            if (
                last_seen is None
                or _now() - last_seen >= LAST_SEEN_RESOLUTION
                # allauth's log-in sets the long "remember me" age after Django's login()
                or request.session.get_expiry_age() > idle + LAST_SEEN_RESOLUTION
            ):
                start_idle_clock(request)
        return response


def start_idle_clock(request, user=None, **signal_kwargs) -> None:
    """Note the time of this request in a staff session. Also run at log-in (connected to
    Django's `user_logged_in` in apps.py), so that however one logs in the clock starts then."""
    if not is_staff_session(user or request.user):
        return
    request.session[LAST_SEEN_KEY] = _now()
    # the cookie ends too, a little after the server stops accepting it
    request.session.set_expiry(settings.CHEBER_STAFF_SESSION_IDLE_SECONDS + LAST_SEEN_RESOLUTION)


def _is_staff(request) -> bool:
    return request.user.is_authenticated and is_staff_session(request.user)


def _now() -> int:
    return int(timezone.now().timestamp())


# The pages someone who must enrol a second factor may still open.
ENROLMENT_VIEWS = frozenset(
    {
        "mfa_index",
        "mfa_activate_totp",
        "mfa_view_recovery_codes",
        "mfa_download_recovery_codes",
        "mfa_generate_recovery_codes",
        "account_reauthenticate",
        "account_logout",
        "accounts:logout",
        "set_language",
    }
)


class SecondFactorRequiredMiddleware:
    """National roles and administrators without an authenticator app are sent to enrol one;
    once they have, allauth asks for its code at every log-in."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if (
            not settings.CHEBER_MFA_REQUIRED
            or not user.is_authenticated
            or request.resolver_match.view_name in ENROLMENT_VIEWS
            or not needs_second_factor(user)
            or has_second_factor(user)
        ):
            return None
        messages.warning(
            request,
            _(
                "Your role requires a second factor. Add an authenticator app "
                "(for example FreeOTP or Google Authenticator) to continue."
            ),
        )
        return redirect("mfa_activate_totp")
