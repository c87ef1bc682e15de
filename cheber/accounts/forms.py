from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("The username or the password is wrong. Both are case-sensitive."),
        "inactive": _("This account is switched off."),
    }
