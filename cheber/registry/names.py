"""Finding educators by the starts of their names, fast on 130,000 people.

The rule (`starts_condition`): each typed word, up to three, starts the surname, the name or the
patronymic, in any letter case. Read as it is, that is a LIKE over every row, and on SQLite
through a Python function (`core.sqlite`: SQLite folds the case of ASCII letters only).

So each engine gets an index that narrows the rows first, and the rule then decides among
them, which keeps the results exactly those of the rule:
- SQLite: an FTS5 table of the three names (`registry_educator_name`, external content, kept
  by triggers), whose unicode61 tokenizer folds the case of every letter, ң ө ү included, and
  keeps diacritics (ё stays apart from е, as in the rule). A word that starts a name starts one
  of its tokens, so the match `"word"*` holds every row the rule finds.
- PostgreSQL: trigram (pg_trgm) GIN indexes on the upper-cased names, which serve the rule's
  own `UPPER(name) LIKE 'WORD%'`; nothing to add to the query.

A migration that rebuilds `registry_educator` on SQLite (Django copies the table to change a
column) drops its triggers: such a migration calls `install` again, and a test fails until it
does.
"""

from django.db import connections
from django.db.models import Q
from django.db.models.expressions import RawSQL

MAX_WORDS = 3
TABLE = "registry_educator_name"
COLUMNS = ("surname", "first_name", "patronymic")
TRIGGERS = (f"{TABLE}_insert", f"{TABLE}_delete", f"{TABLE}_update")


def words_of(text: str) -> list[str]:
    return (text or "").split()[:MAX_WORDS]


def starts_condition(words: list[str]) -> Q:
    """The rule itself: every word starts one of the three names."""
    condition = Q()
    for word in words:
        condition &= (
            Q(surname__istartswith=word)
            | Q(first_name__istartswith=word)
            | Q(patronymic__istartswith=word)
        )
    return condition


def candidates(words: list[str], using: str = "default") -> RawSQL | None:
    """The ids the SQLite index finds for the words (a superset of the rule's), or None where
    there is no index to ask (PostgreSQL's serves the rule itself) or a word has no letter or
    digit for it to match."""
    if connections[using].vendor != "sqlite" or not all(any(c.isalnum() for c in w) for w in words):
        return None
    query = " AND ".join('"{}"*'.format(word.replace('"', '""')) for word in words)
    return RawSQL(f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s", [query])


# Installing the indexes (from migrations) -------------------------------------------------

_NAMES = ", ".join(COLUMNS)
_OLD = ", ".join(f"old.{c}" for c in COLUMNS)
_NEW = ", ".join(f"new.{c}" for c in COLUMNS)
_DELETE_OLD = f"INSERT INTO {TABLE}({TABLE}, rowid, {_NAMES}) VALUES ('delete', old.id, {_OLD});"
_INSERT_NEW = f"INSERT INTO {TABLE}(rowid, {_NAMES}) VALUES (new.id, {_NEW});"
SQLITE = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5({_NAMES}, "
    "content='registry_educator', content_rowid='id', tokenize='unicode61 remove_diacritics 0')",
    f"CREATE TRIGGER IF NOT EXISTS {TRIGGERS[0]} AFTER INSERT ON registry_educator "
    f"BEGIN {_INSERT_NEW} END",
    f"CREATE TRIGGER IF NOT EXISTS {TRIGGERS[1]} AFTER DELETE ON registry_educator "
    f"BEGIN {_DELETE_OLD} END",
    f"CREATE TRIGGER IF NOT EXISTS {TRIGGERS[2]} AFTER UPDATE OF {_NAMES} ON registry_educator "
    f"BEGIN {_DELETE_OLD} {_INSERT_NEW} END",
    f"INSERT INTO {TABLE}({TABLE}) VALUES ('rebuild')",
)
POSTGRESQL = ("CREATE EXTENSION IF NOT EXISTS pg_trgm",) + tuple(
    f"CREATE INDEX IF NOT EXISTS registry_educator_{c}_trgm ON registry_educator "
    f"USING gin ((UPPER({c}::text)) gin_trgm_ops)"
    for c in COLUMNS
)


def install(apps, schema_editor) -> None:
    """Create (or bring back) the index of this engine and fill it; idempotent."""
    statements = {"sqlite": SQLITE, "postgresql": POSTGRESQL}.get(schema_editor.connection.vendor)
    for statement in statements or ():
        schema_editor.execute(statement)


def uninstall(apps, schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for trigger in TRIGGERS:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        schema_editor.execute(f"DROP TABLE IF EXISTS {TABLE}")
    elif vendor == "postgresql":
        for column in COLUMNS:
            schema_editor.execute(f"DROP INDEX IF EXISTS registry_educator_{column}_trgm")
