"""How django-allauth behaves in Cheber: no sign-up (staff create accounts), our wording,
failed log-ins counted per account and address (`lockout`), a QR code that the content
security policy allows."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from cheber.accounts import lockout


class AccountAdapter(DefaultAccountAdapter):
    error_messages = DefaultAccountAdapter.error_messages | {
        "username_password_mismatch": _(
            "The username or the password is wrong. Both are case-sensitive."
        ),
        "email_password_mismatch": _(
            "The e-mail address or the password is wrong. The password is case-sensitive."
        ),
    }

    def is_open_for_signup(self, request) -> bool:
        # Accounts are created by staff within their scope, never by the public.
        return False

    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        """allauth's per-key count of failures names the account and the address together:
        someone else's guesses do not lock the owner's own address out."""
        return lockout.pair_key(_login(credentials), self._address(request))

    def pre_authenticate(self, request, **credentials) -> None:
        """allauth's counts (per address, per account and address), then the account's own
        from unknown addresses; an attempt refused unchecked counts nowhere."""
        super().pre_authenticate(request, **credentials)
        self._attempt = lockout.try_account(_login(credentials), self._address(request))
        if self._attempt is None:
            self._rollback_login_failed_rl_usage()
            raise self.validation_error("too_many_login_attempts")

    def authenticate(self, request, **credentials):
        user = super().authenticate(request, **credentials)
        if user is not None:
            self._attempt.cancel()
            lockout.remember_address(_login(credentials), self._address(request))
        return user

    def _address(self, request) -> str:
        return lockout.address_of(self.get_client_ip(request))


def _login(credentials: dict) -> str:
    return credentials.get("email", credentials.get("username", "")) or ""


class MFAAdapter(DefaultMFAAdapter):
    def build_totp_svg(self, url: str) -> str:
        """The QR code as inline SVG (a data: image would need a looser content security
        policy), on white so that phones read it in a dark colour scheme too."""
        svg = super().build_totp_svg(url)
        svg = svg[svg.index("<svg") :]
        opening_end = svg.index(">") + 1
        label = escape(_("QR code for the authenticator app"))
        return (
            svg[: opening_end - 1]
            + f' role="img" aria-label="{label}">'
            + '<rect width="100%" height="100%" fill="#fff"/>'
            + svg[opening_end:]
        )
