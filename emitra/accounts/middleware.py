from django.contrib import messages
from django.db import connection
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from emitra.accounts.models import Membership, Person
from emitra.accounts.roles import Roles
from emitra.accounts.session import MEMBERSHIPS_KEY, PERSON_KEY, sign_out


class PersonMiddleware:
    """Sets request.person and request.roles for every request.

    F31: a person whose membership was deactivated or de-registered since
    signing in is signed out at the next request and told why. Person and
    memberships are read from the database on every request, so a change
    takes effect at once, in one statement (see person_and_memberships).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.person = None
        request.roles = Roles([])
        request.kiosk = None
        person_id = request.session.get(PERSON_KEY)
        if person_id is not None:
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
_MEMBERSHIP_FIELDS = ("id", "role", "lsp_id", "kiosk_id", "department_id", "office_id")


def person_and_memberships(person_id):
    """(the active person or None, their live memberships) in one statement.

    Every request of a signed-in person runs this, so it is written out in SQL
    that SQLite and PostgreSQL both run, built once from the models (Django's
    query building cost more CPU than the two queries it replaces); the
    memberships carry role and the lsp, kiosk, department and office ids (what
    access checks read, e.g. dept_scope), and load anything else on use.
    """
    if not _SQL:
        qn = connection.ops.quote_name
        person, membership = Person._meta, Membership._meta
        m = {name: qn(membership.get_field(name.removesuffix("_id")).column) for name in _MEMBERSHIP_FIELDS}
        m.update({name: qn(membership.get_field(name).column) for name in ("person", "active", "deregistered_at")})
        _SQL["sql"] = (
            "SELECT {pcols}, {mcols} FROM {ptable} p LEFT JOIN {mtable} m ON m.{person} = p.{pid} "
            "AND m.{active} = %s AND m.{dereg} IS NULL WHERE p.{pid} = %s AND p.{is_active} = %s ORDER BY m.{mid}"
        ).format(
            pcols=", ".join(f"p.{qn(f.column)}" for f in person.concrete_fields),
            mcols=", ".join(f"m.{m[name]}" for name in _MEMBERSHIP_FIELDS),
            ptable=qn(person.db_table), mtable=qn(membership.db_table), person=m["person"],
            pid=qn(person.pk.column), active=m["active"], dereg=m["deregistered_at"],
            is_active=qn(person.get_field("is_active").column), mid=m["id"],
        )
        _SQL["person_fields"] = [f.attname for f in person.concrete_fields]
        _SQL["person_converters"] = _converters(Person)
    with connection.cursor() as cursor:
        cursor.execute(_SQL["sql"], [True, person_id, True])
        rows = cursor.fetchall()
    if not rows:
        return None, []
    n = len(_SQL["person_fields"])
    values = list(rows[0][:n])
    for i, (col, converters) in enumerate(_SQL["person_converters"]):
        for converter in converters:
            values[i] = converter(values[i], col, connection)
    person = Person.from_db(connection.alias, _SQL["person_fields"], values)
    memberships = []
    for row in rows:
        if row[n] is None:  # the LEFT JOIN's row of a person with no membership
            continue
        m = Membership.from_db(connection.alias, list(_MEMBERSHIP_FIELDS), row[n:])
        m.person = person
        memberships.append(m)
    return person, memberships


def _converters(model):
    """Per field, the converters that turn a raw database value into the ORM's (SQLite returns
    text for datetimes and integers for booleans)."""
    table = model._meta.db_table
    result = []
    for field in model._meta.concrete_fields:
        col = field.get_col(table)
        result.append((col, connection.ops.get_db_converters(col) + field.get_db_converters(connection)))
    return result
