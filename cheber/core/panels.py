"""The panels of a user's home page. Each app may declare its own in a `home.py` module (a list
`PANELS` of `HomePanel`): the teacher's "continue your course", a methodist's requests waiting…
Core only collects them, as it collects the menu, so an app adds its panel without editing core."""

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from django.apps import apps
from django.utils.module_loading import module_has_submodule


@dataclass(frozen=True)
class HomePanel:
    """A template fragment and what it shows to a user: `context(user)` returns the fragment's
    `panel` value, or None when the panel has nothing for this user (then it is left out)."""

    template: str
    order: int
    context: Callable[[object], object | None]


@cache
def panels() -> tuple[HomePanel, ...]:
    """Every installed app's panels, in page order (collected once per process)."""
    found = []
    for config in apps.get_app_configs():
        if module_has_submodule(config.module, "home"):
            found += importlib.import_module(f"{config.name}.home").PANELS
    return tuple(sorted(found, key=lambda panel: panel.order))


def panels_for(user) -> list[tuple[str, object]]:
    """(template, panel value) of each panel that has something for `user`."""
    shown = []
    for panel in panels():
        value = panel.context(user)
        if value is not None:
            shown.append((panel.template, value))
    return shown
