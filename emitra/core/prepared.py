"""Queries of the ORM built once a process (issue 14 req. 2: the hot pages' query building).

A query a page makes on every request costs Django the same work each time before the database
sees it: the QuerySet's filters and joins set up, then compiled to SQL (~1-1.5 ms of Python for a
service read with its department, or a cart's lines with their services, departments and the
duplicate alert's subquery: a tenth of a receipt's CPU for four such reads). `Prepared` has Django
build and compile the query once per database connection alias, from a function that makes the
QuerySet of given values, and then runs that SQL with each call's own values and makes the model
instances exactly as the QuerySet would (Django's ModelIterable: the model's fields, its
select_related rows, its annotations), with the same converters.

    SERVICE = Prepared(lambda code, kiosk_id: Service.objects.select_related(...).filter(code=code, ...),
                       str, int)
    rows = SERVICE(code, kiosk.pk)         # [Service], as list(the QuerySet) would give

The values must only fill the query's places, never change its shape: each kind (int, str,
datetime or date) is first given as a marker, a value no real call passes, and the compiled SQL's
parameters that are the marker are where that value goes. A value that is None, a list or a
model, a filter that inlines its value into the SQL, or a build that chooses its joins by its
values, are refused or out of scope (a marker not found in the parameters raises at once); a
query whose shape follows a count (an IN list) is one Prepared per count. A datetime value is
passed through `connection.ops.adapt_datetimefield_value` and a date through
`adapt_datefield_value`, as the build's RawSQL does with it (and as the ORM does with a
DateTimeField's or DateField's lookup value). A related manager's QuerySet (`cart.lines.all()`)
does not set the related object on each row as it would: filter the model's own manager and set it.
"""
import datetime
import threading

from django.db import connections
from django.db.models.query import get_related_populators

from emitra.core.database import planned_cursor

_KINDS = (int, str, datetime.datetime, datetime.date)
# what passes isinstance but is not a value of that kind (True == 1; a datetime is a date)
_NOT_OF_KIND = {int: bool, str: (), datetime.datetime: (), datetime.date: datetime.datetime}


class Prepared:
    """A QuerySet built and compiled once, run with other values (see the module docstring)."""

    def __init__(self, build, *kinds):
        for kind in kinds:
            if kind not in _KINDS:
                raise TypeError(f"Prepared takes values of kinds {_KINDS}, not {kind!r}")
        self.build, self.kinds = build, kinds
        self._compiled = {}
        self._lock = threading.Lock()

    def __call__(self, *values, using="default"):
        """The model instances of the query built for these values, in its order."""
        if len(values) != len(self.kinds):
            raise TypeError(f"{len(self.kinds)} values wanted, {len(values)} given")
        connection = connections[using]
        compiled = self._compiled.get(using) or self._compile(using)
        params = list(compiled.params)
        for value, kind, slots in zip(values, self.kinds, compiled.slots):
            if not isinstance(value, kind) or isinstance(value, _NOT_OF_KIND[kind]):
                raise TypeError(f"a value of kind {kind.__name__} wanted, not {value!r}")
            value = _adapted(value, kind, connection)
            for slot in slots:
                params[slot] = value
        with planned_cursor(using) as cursor:  # the same text every call: planned once a connection
            cursor.execute(compiled.sql, params)
            rows = cursor.fetchall()
        return compiled.instances(rows, connection, using)

    def _compile(self, using):
        with self._lock:
            if using not in self._compiled:
                self._compiled[using] = _Compiled(self.build, self.kinds, connections[using], using)
            return self._compiled[using]


def _marker(kind, n):
    if kind is int:
        # within any integer column's range (a lookup value beyond a field's range is left out of
        # the SQL by Django, IntegerFieldOverflow) and no constant a query writes
        return 2_146_000_017 + 7919 * n
    if kind is str:
        return f"\x1fprepared marker {n}\x1f"
    if kind is datetime.date:
        return datetime.date(1901, 2, 3) + datetime.timedelta(days=n)
    return datetime.datetime(1901, 2, 3, 4, 5, n % 60, 678_901 - n, tzinfo=datetime.timezone.utc)


def _adapted(value, kind, connection):
    if kind is datetime.datetime:
        return connection.ops.adapt_datetimefield_value(value)
    if kind is datetime.date:
        return connection.ops.adapt_datefield_value(value)
    return value


class _Compiled:
    """One Prepared query's SQL on one database, where its values go, and how its rows become instances."""

    def __init__(self, build, kinds, connection, using):
        markers = [_marker(kind, n) for n, kind in enumerate(kinds)]
        queryset = build(*markers).using(using)
        compiler = queryset.query.get_compiler(using=using)
        self.sql, params = compiler.as_sql()
        self.params = list(params)
        adapted = [_adapted(m, kind, connection) for m, kind in zip(markers, kinds)]
        self.slots = []
        for n, marker in enumerate(adapted):
            slots = [i for i, p in enumerate(self.params) if type(p) is type(marker) and p == marker]
            if not slots:
                raise ValueError(f"value {n} ({kinds[n].__name__}) is not a parameter of the query: "
                                 f"it changes the query's shape or is written into its SQL")
            self.slots.append(slots)
        klass_info, select = compiler.klass_info, compiler.select
        self.model = klass_info["model"]
        start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
        self.fields = slice(start, end)
        self.init_list = [f[0].target.attname for f in select[start:end]]
        self.populators = get_related_populators(klass_info, select, using)
        self.annotations = list((compiler.annotation_col_map or {}).items())
        self.converters = list(compiler.get_converters([s[0] for s in select[0:compiler.col_count]]).items())

    def instances(self, rows, connection, using):
        found = []
        for row in rows:
            if self.converters:
                row = list(row)
                for pos, (converters, expression) in self.converters:
                    value = row[pos]
                    for converter in converters:
                        value = converter(value, expression, connection)
                    row[pos] = value
            obj = self.model.from_db(using, self.init_list, row[self.fields])
            for populator in self.populators:
                populator.populate(row, obj)
            for name, pos in self.annotations:
                setattr(obj, name, row[pos])
            found.append(obj)
        return found
