"""Inserting many rows fast: COPY on PostgreSQL, one prepared INSERT run for every row on
SQLite; primary keys are reserved first, so rows that point at new rows need no read-back.

Django's `bulk_create` builds SQL for every batch and prepares every value through the field,
about 35 µs a row here; an import of 100,000 educators writes half a million rows (people,
their specializations and jobs, and an audit event for each), which this does in a few
seconds. Callers run inside the import's transaction and pass values already validated and
of the field's Python type.
"""

import functools
import json
from collections.abc import Iterable, Sequence

from django.db import connection, models

BATCH = 5000


def reserve_ids(model: type[models.Model], count: int) -> list[int]:
    """`count` new primary keys for `model`, which no other writer will take: from the
    sequence on PostgreSQL, above the highest ever given on SQLite (whose writer holds the
    database lock for the whole transaction)."""
    if count == 0:
        return []
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [table, count],
            )
            return [row[0] for row in cursor.fetchall()]
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {connection.ops.quote_name(table)}")
        top = cursor.fetchone()[0]
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        given = cursor.fetchone()
        top = max(top, given[0] if given else 0)
    return list(range(top + 1, top + 1 + count))


def _converter(field: models.Field):
    if isinstance(field, models.JSONField):
        return json.dumps
    if connection.vendor == "postgresql":
        return None
    if isinstance(field, models.DateTimeField):
        return functools.lru_cache(maxsize=16)(connection.ops.adapt_datetimefield_value)
    if isinstance(field, models.DateField):
        return lambda value: value.isoformat() if value is not None else None
    if isinstance(field, models.DecimalField):
        return lambda value: str(value) if value is not None else None
    return None


def insert(model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence]) -> int:
    """Insert `rows` (tuples of values in the order of `fields`, attribute names such as
    `educator_id`); returns how many."""
    meta = model._meta
    quote = connection.ops.quote_name
    columns = ", ".join(quote(meta.get_field(name).column) for name in fields)
    converters = [
        (i, c) for i, name in enumerate(fields) if (c := _converter(meta.get_field(name)))
    ]

    def prepared(rows):
        for row in rows:
            if converters:
                row = list(row)
                for index, convert in converters:
                    row[index] = convert(row[index])
            yield row

    count = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            sql = f"COPY {quote(meta.db_table)} ({columns}) FROM STDIN"
            # The driver's own cursor, so its errors are turned into Django's here.
            with connection.wrap_database_errors, cursor.cursor.copy(sql) as copy:
                for row in prepared(rows):
                    copy.write_row(row)
                    count += 1
            return count
        marks = ", ".join(["%s"] * len(fields))
        sql = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({marks})"
        batch = []
        for row in prepared(rows):
            batch.append(row)
            if len(batch) >= BATCH:
                cursor.executemany(sql, batch)
                count, batch = count + len(batch), []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
    return count
