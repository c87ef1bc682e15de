"""The log-in form."""

from allauth.account.forms import LoginForm as AllauthLoginForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AllauthLoginForm):
    """allauth's log-in form (throttled, second factor), with a label that says what to type."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        login = self.fields["login"]
        login.label = _("Username or e-mail")
        login.widget.attrs.update(
            {"autocomplete": "username", "autofocus": True, "placeholder": ""}
        )
        password = self.fields["password"]
        # the page has its own link to the password reset, below the button
        password.help_text = ""
        password.widget.attrs["placeholder"] = ""
