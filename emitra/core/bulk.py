"""Bulk writing of many rows at once, for generated volume (issue 13 req. 8).

`BulkWriter.write(model, fields, rows)` writes tuples of values in the order of
`fields` (attribute names, e.g. "entry_id") into the model's table: on
PostgreSQL with COPY (psycopg's copy, tens of thousands of rows a second), on
SQLite with one prepared INSERT run over all rows. Every column without a
database default must be named, so that a row is never half-filled. Primary
keys are chosen beforehand with `reserve_ids(model, n)` (the table's own
sequence on PostgreSQL; the next free ids inside the caller's write
transaction on SQLite), so that rows can name each other before they are written.
"""
import json

from django.db import connection
from django.db.models.fields import NOT_PROVIDED


def is_postgresql():
    return connection.vendor == "postgresql"


def reserve_ids(model, n):
    """n primary keys for new rows of model, never handed out again. Call inside the write transaction."""
    if n <= 0:
        return []
    meta = model._meta
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        if is_postgresql():
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                           [meta.db_table, meta.pk.column, n])
            return [row[0] for row in cursor.fetchall()]
        # SQLite: the writer holds the database's one write lock (IMMEDIATE transactions), so the
        # ids above the highest used (and above AUTOINCREMENT's counter) are free
        cursor.execute(f"SELECT COALESCE(MAX({qn(meta.pk.column)}), 0) FROM {qn(meta.db_table)}")
        high = cursor.fetchone()[0]
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [meta.db_table])
        row = cursor.fetchone()
        start = max(high, row[0] if row else 0) + 1
        return list(range(start, start + n))


class IdPool:
    """Primary keys for new rows of one model, handed out one by one and reserved in blocks
    (reserve_ids), so that a caller need not know beforehand how many rows it will write.
    On SQLite the pool counts on from its first block: the rows are written only later."""

    def __init__(self, model, block=10_000):
        self.model, self.block = model, block
        self.free = []
        self.high = None

    def __next__(self):
        if not self.free:
            if is_postgresql() or self.high is None:
                self.free = reserve_ids(self.model, self.block)
            else:
                self.free = list(range(self.high + 1, self.high + 1 + self.block))
            self.high = self.free[-1]
            self.free.reverse()
        return self.free.pop()

    def __iter__(self):
        return self


class BulkWriter:
    """Writes rows into tables; one instance for one transaction."""

    def __init__(self):
        self.counts = {}

    def _columns(self, model, fields):
        meta = model._meta
        named = set(fields)
        missing = [f.attname for f in meta.concrete_fields
                   if f.attname not in named and not f.null and f.db_default is NOT_PROVIDED and f is not meta.auto_field]
        if missing:
            raise ValueError(f"{meta.db_table}: no value for {missing}")
        return [meta.get_field(name) for name in fields]

    def write(self, model, fields, rows):
        if not rows:
            return 0
        columns = self._columns(model, fields)
        meta = model._meta
        qn = connection.ops.quote_name
        names = ", ".join(qn(f.column) for f in columns)
        adapters = [_adapter(f) for f in columns]
        if any(adapters):
            rows = [tuple(a(v) if a and v is not None else v for a, v in zip(adapters, row)) for row in rows]
        with connection.cursor() as cursor:
            if is_postgresql():
                with cursor.cursor.copy(f"COPY {qn(meta.db_table)} ({names}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(columns))
                cursor.executemany(f"INSERT INTO {qn(meta.db_table)} ({names}) VALUES ({marks})", rows)
        self.counts[meta.db_table] = self.counts.get(meta.db_table, 0) + len(rows)
        return len(rows)

    @property
    def rows(self):
        return sum(self.counts.values())


def _adapter(field):
    """How a Python value is written to the column, or None when the driver takes it as it is."""
    internal = field.get_internal_type()
    if internal == "JSONField":
        return json.dumps
    if is_postgresql():
        return None
    if internal == "DateTimeField":
        return connection.ops.adapt_datetimefield_value
    if internal == "DateField":
        return connection.ops.adapt_datefield_value
    return None
