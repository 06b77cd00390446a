"""Inserting many rows fast. Imports nothing of ours, so every app may use it.

Django's ``bulk_create`` builds a model instance and compiles every field of every object into
SQL parameters: about 150 microseconds a row here, so 641,000 indicator values would take well
over a minute and 33,000 areas several seconds. ``insert_rows`` sends plain tuples instead:
``executemany`` on SQLite and ``COPY`` on PostgreSQL, ten to twenty times faster. It does no
validation and sets no defaults: callers check their rows first and pass every column.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from itertools import islice
from typing import Any

from django.db import connection, models


def insert_rows(
    model: type[models.Model],
    fields: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    batch_size: int = 10_000,
) -> int:
    """INSERT ``rows`` (tuples of Python values in the order of ``fields``) into ``model``'s
    table. Returns how many rows were inserted."""
    opts = model._meta
    model_fields = [opts.get_field(name) for name in fields]
    columns = [str(getattr(field, "column", "")) for field in model_fields]
    date_positions = [
        i
        for i, field in enumerate(model_fields)
        if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField)
    ]
    quote = connection.ops.quote_name
    table = quote(str(opts.db_table))
    column_list = ", ".join(quote(c) for c in columns)
    count = 0
    iterator = iter(rows)
    with connection.cursor() as cursor:
        while chunk := list(islice(iterator, batch_size)):
            if date_positions:
                chunk = [_adapt_dates(row, date_positions) for row in chunk]
            if connection.vendor == "postgresql":
                # COPY streams rows without a statement per row.
                raw = cursor.cursor  # psycopg's own cursor
                with raw.copy(f"COPY {table} ({column_list}) FROM STDIN") as copy:
                    for row in chunk:
                        copy.write_row(row)
            else:
                placeholders = ", ".join(["%s"] * len(columns))
                cursor.executemany(
                    f"INSERT INTO {table} ({column_list}) VALUES ({placeholders})", chunk
                )
            count += len(chunk)
    return count


def _adapt_dates(row: Sequence[Any], positions: list[int]) -> list[Any]:
    adapted = list(row)
    for i in positions:
        value = adapted[i]
        if isinstance(value, dt.date):
            adapted[i] = connection.ops.adapt_datefield_value(value)
    return adapted
