"""How django-allauth behaves in Cheber: no sign-up (staff create accounts), our wording, a QR
code that the content security policy allows."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _


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
