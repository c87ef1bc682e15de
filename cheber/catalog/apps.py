from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "cheber.catalog"
    label = "catalog"
    verbose_name = _("Programme catalogue")
