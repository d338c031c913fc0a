"""Queries built once (emitra.core.prepared, issue 14): a Prepared query gives, for any values,
exactly the instances its QuerySet gives (fields, select_related rows, annotations, converted
values) in one statement, builds its QuerySet once, and refuses values and builds it cannot serve."""
import datetime

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.db.models.expressions import RawSQL
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from emitra.core.models import AuditEvent
from emitra.core.database import planned_cursor
from emitra.core.prepared import Prepared


def permissions(app_label, after_id):
    return (Permission.objects.select_related("content_type")
            .annotate(label_again=RawSQL("SELECT %s", [app_label]))
            .filter(content_type__app_label=app_label, id__gt=after_id).order_by("-id"))


def events(since, day):
    table = AuditEvent._meta.db_table
    return (AuditEvent.objects.filter(at__gte=since, at__date__lte=day)
            .annotate(at_again=RawSQL(f"SELECT e.at FROM {table} e WHERE e.id = {table}.id", []))
            .order_by("summary"))


def fields(obj):
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


@pytest.mark.django_db
def test_the_instances_are_those_of_the_queryset_for_every_value():
    built = []
    prepared = Prepared(lambda app_label, after_id: built.append(1) or permissions(app_label, after_id), str, int)
    for app_label, after_id in [("auth", 0), ("auth", 3), ("sessions", 0), ("nothing", 0)]:
        expected = list(permissions(app_label, after_id))
        with CaptureQueriesContext(connection) as queries:
            got = prepared(app_label, after_id)
            related = [(p.content_type.app_label, p.content_type.model) for p in got]
        assert len(queries) == 1  # the content types came with the permissions
        assert [fields(p) for p in got] == [fields(p) for p in expected]
        assert related == [(p.content_type.app_label, p.content_type.model) for p in expected]
        assert [p.label_again for p in got] == [app_label] * len(expected)
        assert all(not p._state.adding and p._state.db == "default" for p in got)
    assert len(built) == 1


@pytest.mark.django_db
def test_datetimes_and_dates_go_where_the_orm_puts_them_and_come_back_converted():
    now = timezone.now()
    for n, at in enumerate([now - datetime.timedelta(days=40), now - datetime.timedelta(days=5), now]):
        AuditEvent.objects.filter(pk=AuditEvent.objects.create(action="test", summary=f"e{n}").pk).update(at=at)
    prepared = Prepared(events, datetime.datetime, datetime.date)
    for since, day in [(now - datetime.timedelta(days=10), timezone.localdate(now)),
                       (now - datetime.timedelta(days=50), timezone.localdate(now) - datetime.timedelta(days=7)),
                       (now + datetime.timedelta(days=1), timezone.localdate(now))]:
        expected = list(events(since, day))
        got = prepared(since, day)
        assert [fields(e) for e in got] == [fields(e) for e in expected]
        assert [e.at_again for e in got] == [e.at_again for e in expected]
    assert len(got) == 0 and len(prepared(now - datetime.timedelta(days=50), timezone.localdate(now))) == 3


@pytest.mark.django_db
@pytest.mark.parametrize("values", [(True, 1), ("auth", True), (1, 1), ("auth", "1"), ("auth",), ("auth", None)])
def test_a_value_of_another_kind_is_refused(values):
    with pytest.raises(TypeError):
        Prepared(permissions, str, int)(*values)


@pytest.mark.django_db
def test_a_datetime_is_not_a_date():
    with pytest.raises(TypeError):
        Prepared(events, datetime.datetime, datetime.date)(timezone.now(), timezone.now())


@pytest.mark.django_db
def test_a_value_written_into_the_sql_or_choosing_the_query_is_refused():
    with pytest.raises(ValueError, match="not a parameter"):
        Prepared(lambda n: Permission.objects.extra(where=[f"id > {n}"]), int)(3)
    with pytest.raises(ValueError, match="not a parameter"):
        Prepared(lambda name: Permission.objects.all() if name else Permission.objects.none(), str)("x")
    with pytest.raises(TypeError):
        Prepared(permissions, list)


@pytest.mark.django_db
def test_a_planned_statement_is_prepared_on_postgresql_and_counted_like_any_other():
    """emitra.core.database.planned_cursor: the statement is Django's to count (the receipt's
    statement guard sees it) and, on PostgreSQL, prepared on the server after a few runs."""
    sql = "SELECT count(*) FROM django_content_type WHERE app_label = %s"
    with CaptureQueriesContext(connection) as queries:
        for _ in range(8):
            with planned_cursor() as cursor:
                cursor.execute(sql, ["auth"])
                assert cursor.fetchone()[0] > 0
    assert [q["sql"] for q in queries] == [sql.replace("%s", "'auth'")] * 8  # with its value, as Django's own
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_prepared_statements WHERE statement = %s",
                           [sql.replace("%s", "$1")])
            assert cursor.fetchone()[0] == 1
