"""The navigation a user sees. Each app declares its own entries in a `menu.py` module (a list
`ENTRIES` of `MenuEntry`); core only collects them, so a new app adds its pages without editing
core. Every entry says who sees it (`visible(user)`) and its place (`order`); templates only
render the list."""

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from django.apps import apps
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.module_loading import module_has_submodule


@dataclass(frozen=True)
class MenuEntry:
    """One item: a label (or `label(user)`, for one that counts something), a URL name (with
    `args(user)` when the URL names the user's own object), an order, and a predicate."""

    label: str | Promise | Callable[[object], str]
    url_name: str
    order: int
    visible: Callable[[object], bool]
    args: Callable[[object], tuple] | None = None


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str


@cache
def entries() -> tuple[MenuEntry, ...]:
    """Every installed app's entries, in menu order (collected once per process)."""
    found = []
    for config in apps.get_app_configs():
        if module_has_submodule(config.module, "menu"):
            found += importlib.import_module(f"{config.name}.menu").ENTRIES
    return tuple(sorted(found, key=lambda entry: entry.order))


def navigation_for(user) -> list[NavItem]:
    if not getattr(user, "is_authenticated", False):
        return []
    return [_item(entry, user) for entry in entries() if entry.visible(user)]


def _item(entry: MenuEntry, user) -> NavItem:
    label = entry.label(user) if callable(entry.label) else entry.label
    return NavItem(label, reverse(entry.url_name, args=entry.args(user) if entry.args else ()))
