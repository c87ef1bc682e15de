from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlannerConfig(AppConfig):
    name = "cheber.planner"
    label = "planner"
    verbose_name = _("Plan builder")
