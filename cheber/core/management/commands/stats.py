"""`cheber stats --json`: one JSON object of national figures.

Each app may contribute a `stats.py` with `collect() -> dict`; apps are read in
INSTALLED_APPS order, so later apps extend the object without this command importing them.
"""

import json
from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand


def collect_stats() -> dict:
    figures: dict = {}
    for config in apps.get_app_configs():
        try:
            module = import_module(f"{config.name}.stats")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.stats":
                raise
            continue
        figures.update(module.collect())
    return figures


class Command(BaseCommand):
    help = "Print national figures (educators, organizations, trainings …)."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="print one JSON object")

    def handle(self, *args, **options):
        figures = collect_stats()
        if options["json"]:
            self.stdout.write(json.dumps(figures, ensure_ascii=False, sort_keys=True))
            return
        for key, value in figures.items():
            self.stdout.write(f"{key}: {value}")
