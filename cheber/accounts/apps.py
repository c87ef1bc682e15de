from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "cheber.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from cheber.accounts.middleware import start_idle_clock

        user_logged_in.connect(start_idle_clock, dispatch_uid="cheber.accounts.start_idle_clock")
