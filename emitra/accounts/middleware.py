from django.contrib import messages
from django.db import connection
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from emitra.accounts.models import Membership, Person
from emitra.accounts.roles import Roles
from emitra.accounts.session import MEMBERSHIPS_KEY, PERSON_KEY, sign_out
from emitra.core.database import planned_cursor


class PersonMiddleware:
    """Sets request.person and request.roles for every request.

    F31: a person whose membership was deactivated or de-registered since
    signing in is signed out at the next request and told why. Person and
    memberships are read from the database on every request, so a change
    takes effect at once, in the statement that reads the session
    (session_person_and_memberships), or one of their own (person_and_memberships).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.person = None
        request.roles = Roles([])
        request.kiosk = None
        person_id = request.session.get(PERSON_KEY)
        if person_id is not None:
            # read with the session when the store could (emitra.accounts.session), else now
            loaded = getattr(request.session, "person_and_memberships", None)
            if loaded is not None and loaded[0] == person_id:
                person, memberships = loaded[1:]
            else:
                person, memberships = person_and_memberships(person_id)
            opened_with = set(request.session.get(MEMBERSHIPS_KEY, []))
            if person is None or opened_with - {m.pk for m in memberships}:
                sign_out(request)
                messages.warning(request, _("Your access was changed, so you were signed out. Sign in again."))
                return redirect("accounts:home")
            request.person = person
            request.roles = Roles(memberships)
        return self.get_response(request)


_SQL = {}
_MEMBERSHIP_FIELDS = ("id", "role", "lsp_id", "kiosk_id", "department_id", "office_id", "may_cancel_receipts")


# The kiosk of a kiosk membership, with what kiosk_for reads with it (its district, LSP and
# tehsil): (alias, model, the column of the alias before it that names the row).
_KIOSK_JOINS = (("k", "network.Kiosk", "m", "kiosk"), ("kd", "network.District", "k", "district"),
                ("kl", "network.LSP", "k", "lsp"), ("kt", "network.Tehsil", "k", "tehsil"))


def _build_sql():
    from django.apps import apps

    from emitra.accounts.models import PortalSession

    qn = connection.ops.quote_name
    person, membership, session = Person._meta, Membership._meta, PortalSession._meta
    m = {name: qn(membership.get_field(name.removesuffix("_id") if name.endswith("_id") else name).column)
         for name in _MEMBERSHIP_FIELDS}
    m.update({name: qn(membership.get_field(name).column) for name in ("person", "active", "deregistered_at")})
    kiosk_models = [(alias, apps.get_model(label), parent, fk) for alias, label, parent, fk in _KIOSK_JOINS]
    kiosk_joins = " ".join(
        f"LEFT JOIN {qn(model._meta.db_table)} {alias} ON {alias}.{qn(model._meta.pk.column)} = "
        f"{parent}.{m['kiosk_id'] if parent == 'm' else qn(kiosk_models[0][1]._meta.get_field(fk).column)}"
        for alias, model, parent, fk in kiosk_models)
    kcols = ", ".join(f"{alias}.{qn(f.column)}" for alias, model, _parent, _fk in kiosk_models
                      for f in model._meta.concrete_fields)
    names = dict(
        pcols=", ".join(f"p.{qn(f.column)}" for f in person.concrete_fields),
        mcols=", ".join(f"m.{m[name]}" for name in _MEMBERSHIP_FIELDS) + ", " + kcols,
        ptable=qn(person.db_table), mtable=qn(membership.db_table), person=m["person"],
        pid=qn(person.pk.column), active=m["active"], dereg=m["deregistered_at"],
        is_active=qn(person.get_field("is_active").column), mid=m["id"],
        stable=qn(session.db_table), skey=qn(session.get_field("session_key").column),
        sdata=qn(session.get_field("session_data").column), sexpire=qn(session.get_field("expire_date").column),
        sperson=qn(session.get_field("person_id").column),
    )
    memberships = ("LEFT JOIN {mtable} m ON m.{person} = p.{pid} AND m.{active} = %s "
                   "AND m.{dereg} IS NULL ").format(**names) + kiosk_joins
    _SQL["person"] = (
        "SELECT {pcols}, {mcols} FROM {ptable} p " + memberships
        + " WHERE p.{pid} = %s AND p.{is_active} = %s ORDER BY m.{mid}").format(**names)
    _SQL["session"] = (
        "SELECT s.{sdata}, s.{sperson}, {pcols}, {mcols} FROM {stable} s "
        "LEFT JOIN {ptable} p ON p.{pid} = s.{sperson} AND p.{is_active} = %s " + memberships
        + " WHERE s.{skey} = %s AND s.{sexpire} > %s ORDER BY m.{mid}").format(**names)
    _SQL["person_fields"] = [f.attname for f in person.concrete_fields]
    _SQL["person_converters"] = _converters(Person)
    _SQL["kiosk_models"] = [(model, [f.attname for f in model._meta.concrete_fields], _converters(model))
                            for _alias, model, _parent, _fk in kiosk_models]


def person_and_memberships(person_id):
    """(the active person or None, their live memberships) in one statement.

    Every request of a signed-in person runs this (or the session's statement below), so it
    is written out in SQL that SQLite and PostgreSQL both run, built once from the models
    (Django's query building cost more CPU than the two queries it replaces); the
    memberships carry role, the lsp, kiosk, department and office ids (what access
    checks read, e.g. dept_scope) and whether an operator may cancel receipts (the receipt
    page's cancellation rule), and load anything else on use. A kiosk membership
    carries its kiosk too, with the kiosk's district, LSP and tehsil: kiosk_for takes it
    from there instead of a query of its own (issue 14), read as fresh as the person.
    """
    if not _SQL:
        _build_sql()
    with planned_cursor() as cursor:  # the same text every request: planned once a connection
        cursor.execute(_SQL["person"], [True, person_id, True])
        rows = cursor.fetchall()
    return _person(rows) if rows else (None, [])


def session_person_and_memberships(session_key):
    """(session data, the person id the row names, the active person or None, their live
    memberships) of an unexpired session, in one statement; None when there is no such
    session (emitra.accounts.session.SessionStore, issue 14)."""
    if not _SQL:
        _build_sql()
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with planned_cursor() as cursor:  # the same text every request: planned once a connection
        cursor.execute(_SQL["session"], [True, True, session_key, now])
        rows = cursor.fetchall()
    if not rows:
        return None
    data, person_id = rows[0][:2]
    if person_id is None or rows[0][2] is None:
        return data, person_id, None, []
    person, memberships = _person([row[2:] for row in rows])
    return data, person_id, person, memberships


def _person(rows):
    n = len(_SQL["person_fields"])
    values = _converted(rows[0][:n], _SQL["person_converters"])
    person = Person.from_db(connection.alias, _SQL["person_fields"], values)
    memberships = []
    for row in rows:
        if row[n] is None:  # the LEFT JOIN's row of a person with no membership
            continue
        at = n + len(_MEMBERSHIP_FIELDS)
        m = Membership.from_db(connection.alias, list(_MEMBERSHIP_FIELDS), row[n:at])
        m.person = person
        if m.kiosk_id is not None:
            m.kiosk = _kiosk(row[at:])
        memberships.append(m)
    return person, memberships


def _kiosk(values):
    """The kiosk with its district, LSP and tehsil from the membership row's kiosk columns."""
    found = []
    for model, fields, converters in _SQL["kiosk_models"]:
        part, values = values[:len(fields)], values[len(fields):]
        found.append(None if part[0] is None else model.from_db(connection.alias, fields,
                                                                _converted(part, converters)))
    kiosk = found[0]
    kiosk.district, kiosk.lsp, kiosk.tehsil = found[1:]
    return kiosk


def _converted(values, converters):
    values = list(values)
    for i, (col, field_converters) in enumerate(converters):
        for converter in field_converters:
            values[i] = converter(values[i], col, connection)
    return values


def _converters(model):
    """Per field, the converters that turn a raw database value into the ORM's (SQLite returns
    text for datetimes and integers for booleans)."""
    table = model._meta.db_table
    result = []
    for field in model._meta.concrete_fields:
        col = field.get_col(table)
        result.append((col, connection.ops.get_db_converters(col) + field.get_db_converters(connection)))
    return result
