"""The machinery of the fuzz over the permission matrix's world: odd values for every parameter
a page takes, and what answered with a server error.

A page's parameters are read from the page itself (its forms: where they go, by which method,
with which fields) and from the source of the view's module (every `request.GET.get("…")` and
`request.POST.get("…")`, so that a parameter no form shows is tried too).
"""

import ast
import importlib
import inspect
from dataclasses import dataclass, field
from functools import cache
from html.parser import HTMLParser
from urllib.parse import urlencode, urlsplit

from django.db import transaction
from django.forms import BaseForm, BaseFormSet
from django.test import Client
from django.urls import Resolver404, resolve

from cheber.core.tests.permissions import Rollback

# What a person or a script may type where a number, a date or a choice is expected: a
# superscript digit (str.isdigit() says yes, int() says no), a number past any database
# integer, a negative, a NUL byte, and a long text in other scripts ending in more digits than
# int() reads. (Nothing at all is what each page's first GET sends.)
BIG_ID = "9" * 20
ODD = ["²", BIG_ID, "-1", "a\x00b", "ы😀\u202e" + "9" * 5000]
KEPT = 2  # the first values are also sent with the hidden fields as the page rendered them


@dataclass
class PageForm:
    method: str
    action: str  # a path, the page's own when the form names none
    fields: dict[str, str] = field(default_factory=dict)  # name → value as rendered
    hidden: set[str] = field(default_factory=set)


class _FormReader(HTMLParser):
    """Every <form> of a page, with the names of its inputs, selects, text areas and
    buttons."""

    def __init__(self, path: str):
        super().__init__()
        self.path, self.forms, self.current = path, [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            action = urlsplit(attrs.get("action") or self.path).path or self.path
            self.current = PageForm((attrs.get("method") or "get").upper(), action)
            self.forms.append(self.current)
        elif self.current is not None and tag in ("input", "select", "textarea", "button"):
            name = attrs.get("name")
            if not name or name == "csrfmiddlewaretoken":
                return
            self.current.fields.setdefault(name, attrs.get("value") or "")
            if attrs.get("type") == "hidden":
                self.current.hidden.add(name)

    def handle_endtag(self, tag):
        if tag == "form":
            self.current = None


def forms_of(path: str, response) -> list[PageForm]:
    """The page's forms; those that go back to the page itself also take every field of the
    forms in the page's context (a choice with no option to show renders no input)."""
    reader = _FormReader(path)
    reader.feed(response.content.decode("utf-8", "replace"))
    forms = [form for form in reader.forms if form.action.startswith("/")]
    context = context_fields(response)
    for form in forms:
        if form.action == path:
            for name in context - form.fields.keys():
                form.fields[name] = ""
    return forms


def context_fields(response) -> set[str]:
    """The names of the fields of every form and formset in the response's context."""
    names, context = set(), response.context
    contexts = [] if context is None else context if isinstance(context, list) else [context]
    for value in (v for each in contexts for v in each.flatten().values()):
        if isinstance(value, BaseFormSet):
            names |= {*_names(value.management_form), *_names(value.empty_form)}
            names |= {name for form in value.forms[:2] for name in _names(form)}
        elif isinstance(value, BaseForm):
            names |= set(_names(value))
    return names


def _names(form: BaseForm) -> list[str]:
    return [form.add_prefix(name) for name in form.fields]


@cache
def request_keys(module_name: str) -> tuple[frozenset[str], frozenset[str]]:
    """The names a view module reads from `request.GET` and `request.POST` by hand."""
    keys = {"GET": set(), "POST": set()}
    try:
        tree = ast.parse(inspect.getsource(importlib.import_module(module_name)))
    except (OSError, TypeError):
        return frozenset(), frozenset()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            target, args = node.func.value, node.args
        elif isinstance(node, ast.Subscript):
            target, args = node.value, [node.slice]
        else:
            continue
        if (
            isinstance(target, ast.Attribute)
            and target.attr in keys
            and args
            and isinstance(args[0], ast.Constant)
            and isinstance(args[0].value, str)
        ):
            keys[target.attr].add(args[0].value)
    return frozenset(keys["GET"]), frozenset(keys["POST"])


def view_module(path: str) -> str | None:
    try:
        return resolve(urlsplit(path).path).func.__module__
    except Resolver404:
        return None


@dataclass
class Fuzzer:
    """Sends the odd requests and keeps every server error (an exception or a 5xx); each
    request is undone afterwards, so the world stays as built."""

    client: Client
    errors: list[str] = field(default_factory=list)
    sent: int = 0
    tried: set = field(default_factory=set)

    def send(self, role: str, method: str, path: str, data: dict | None = None):
        self.sent += 1
        try:
            with transaction.atomic():
                if method == "GET":
                    response = self.client.get(path, data or {})
                else:
                    response = self.client.post(path, data or {})
                raise Rollback(response)
        except Rollback as undone:
            response = undone.args[0]
        except Exception as error:  # the test client re-raises what the view raised
            self.errors.append(f"{role} {method} {path} {_short(data)}: {error!r}"[:400])
            return None
        if response.status_code >= 500:
            self.errors.append(f"{role} {method} {path} {_short(data)}: {response.status_code}")
        return response

    def once(self, *signature) -> bool:
        """True the first time a signature (a page and the names it takes) is seen."""
        if signature in self.tried:
            return False
        self.tried.add(signature)
        return True

    def odd_requests(self, role: str, method: str, path: str, names, keep: dict | None = None):
        """Each odd value in every named parameter at once (and, with `keep`, once more with
        those parameters as the page rendered them)."""
        names = sorted(names)
        if not names or not self.once(method, path, tuple(names)):
            return
        for number, value in enumerate(ODD):
            data = dict.fromkeys(names, value)
            self.send(role, method, path, data)
            if keep and number < KEPT:
                self.send(role, method, path, data | keep)


def _short(data: dict | None) -> str:
    if not data:
        return ""
    value = next(iter(data.values()))
    return urlencode({"*": value[:24]}) + f" ({len(data)} fields)"
