"""The machinery of the permission matrix: walk the URL configuration, request each URL as
each role for an object of their own side and one of the other side, and classify the answer.
"""

import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from cheber.core.models import AuditEvent
from cheber.core.tests.permission_world import SECRETS, World


def url_names() -> Iterator[tuple[str, str]]:
    """(name, route) of every named URL pattern, namespaces joined by ':'."""

    def walk(patterns, prefix: str, namespace: str | None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = ":".join(filter(None, [namespace, pattern.namespace]))
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner or None)
            elif isinstance(pattern, URLPattern) and pattern.name:
                name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                yield name, prefix + str(pattern.pattern)

    seen = set()
    for name, route in walk(get_resolver().url_patterns, "", None):
        if name not in seen:
            seen.add(name)
            yield name, route


@dataclass(frozen=True)
class Answer:
    status: int
    outcome: str  # ok | login | refused | not_found | not_allowed | bad_request | error
    body: str

    def __str__(self) -> str:
        return f"{self.status} {self.outcome}"


class Rollback(Exception):
    pass


def _outcome(response) -> str:
    code = response.status_code
    if 200 <= code < 300:
        return "ok"
    if code in (301, 302, 303):
        location = response.headers.get("Location", "")
        return "login" if "login" in location else "ok"
    return {400: "bad_request", 401: "login", 403: "refused", 404: "not_found", 405: "not_allowed",
            422: "bad_request", 429: "ok"}.get(code, "error")  # fmt: skip


def _text(response) -> str:
    """What a person could read in the answer: HTML, CSV, JSON, and the XML inside an xlsx."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    kind = response.headers.get("Content-Type", "")
    if content[:2] == b"PK":
        try:
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                parts = [archive.read(n) for n in archive.namelist() if n.endswith(".xml")]
            return b" ".join(parts).decode("utf-8", "replace")
        except zipfile.BadZipFile:
            return ""
    if "pdf" in kind:
        return ""  # compressed streams; PDFs of the other side are refused before rendering
    return content.decode("utf-8", "replace")


def ask(client: Client, method: str, path: str, data: dict | None = None) -> Answer:
    if method == "GET":
        response = client.get(path)
    elif path.startswith("/api/v1/"):  # the API reads JSON bodies
        send = client.patch if method == "PATCH" else client.post
        response = send(path, data or {}, content_type="application/json")
    else:
        response = client.post(path, data or {})
    return Answer(response.status_code, _outcome(response), _text(response))


def ask_and_undo(
    client: Client, method: str, path: str, data: dict | None = None
) -> tuple[Answer, int]:
    """The answer, and how many times the request wrote audit events (0: none); then everything
    is undone."""
    result, events = {}, _Inserts(AuditEvent._meta.db_table)
    try:
        with transaction.atomic(), connection.execute_wrapper(events):
            result["answer"] = ask(client, method, path, data)
            raise Rollback
    except Rollback:
        pass
    return result["answer"], events.rows


class _Inserts:
    """Counts the statements run through it that insert into `table`, each writing one row or
    more (a query wrapper: counting the table's rows before and after cost two queries a
    request)."""

    def __init__(self, table: str):
        self.prefix, self.rows = f'INSERT INTO "{table}"'.lower(), 0

    def __call__(self, execute, sql, params, many, context):
        if sql.lstrip().lower().startswith(self.prefix):
            self.rows += len(params) if many else 1
        return execute(sql, params, many, context)


def leaked(answer: Answer) -> list[str]:
    return [secret for secret in SECRETS if secret in answer.body]


def login(client: Client, world: World, role: str) -> None:
    """Log the client in as `role`, unless it already is, in the session it was given (a page
    that ended or renewed the session changed its cookie: then anew)."""
    if getattr(client, "cheber_login", None) == (role, _session_cookie(client)):
        return
    client.logout()
    if world.users[role] is not None:
        client.force_login(world.users[role])
    client.cheber_login = (role, _session_cookie(client))


def _session_cookie(client: Client) -> str | None:
    cookie = client.cookies.get(settings.SESSION_COOKIE_NAME)
    return cookie.value if cookie else None
