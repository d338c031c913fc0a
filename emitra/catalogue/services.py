"""Catalogue operations: search (F19), use by kiosks, favourites (F27), DoIT edits.

Every function that changes state runs in one transaction, takes the acting
person, writes an audit row, and renews the catalogue stamp when what search
sees has changed.
"""
import datetime
from collections import Counter
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, F, IntegerField, OuterRef, Subquery, Sum, Window
from django.db.models.functions import Coalesce, RowNumber
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from emitra.catalogue import search
from emitra.catalogue.models import (
    CatalogueStamp,
    Department,
    Favourite,
    Service,
    ServiceFeePart,
    ServiceUseDay,
)
from emitra.core import audit
from emitra.core.database import planned_cursor
from emitra.core.i18n import hindi_page

RECENT_USE_DAYS = 30
BROWSE_PER_DEPARTMENT = 8  # services shown under each department on the browse list
BROWSE_MOST_USED = 5  # the kiosk's most used services above the departments

_index = None  # this process's SearchIndex; see emitra.catalogue.search


class InvalidFavourite(ValueError):
    """A page that cannot be a favourite (not a local path, too long)."""


# --- the service page's actions -----------------------------------------

_SERVICE_ACTIONS = []


def register_service_actions(provider):
    """An app above the catalogue offers its own actions on a service page: provider(service)
    returns a template name for services it handles (an application service's form), else None."""
    if provider not in _SERVICE_ACTIONS:
        _SERVICE_ACTIONS.append(provider)


def service_actions_template(service, default=None):
    """The template of the actions shown on the service's page: the first provider's that
    handles it, else `default` (payments' add-to-cart form)."""
    for provider in _SERVICE_ACTIONS:
        name = provider(service)
        if name:
            return name
    return default


# --- search (F19) ---------------------------------------------------------


def current_index():
    """This process's search index, rebuilt when the catalogue stamp has changed (F19)."""
    global _index
    stamp = CatalogueStamp.current()
    index = _index
    if index is None or index.stamp != stamp or not stamp:
        if not stamp:
            with transaction.atomic():
                CatalogueStamp.renew()
            stamp = CatalogueStamp.current()
        rows = Service.objects.order_by("name_en", "id").values_list(
            "id", "code", "active", "department__active", "search_text"
        )
        index = search.SearchIndex(
            stamp, ((sid, code, active and dept_active, text) for sid, code, active, dept_active, text in rows)
        )
        _index = index
    return index


def forget_index():
    """Drop this process's index (after a benchmark rolled its rows back)."""
    global _index
    _index = None


def recent_uses(kiosk, days=RECENT_USE_DAYS):
    """{service id: uses} of one kiosk in the last `days` days."""
    kiosk_id = getattr(kiosk, "pk", kiosk)
    if kiosk_id is None:
        return {}
    since = timezone.localdate() - datetime.timedelta(days=days)
    rows = (
        ServiceUseDay.objects.filter(kiosk_id=kiosk_id, day__gt=since)
        .values("service_id")
        .annotate(total=Sum("uses"))
        .values_list("service_id", "total")
    )
    return dict(rows)


def search_services(query, kiosk=None, limit=20, include_inactive=False):
    """Services for the words of one search box, best first (F19).

    Matches English and Hindi names (Devanagari or Roman letters), codes,
    department names and keywords, forgiving small typos; the kiosk's own use
    in the last 30 days lifts a service. An empty query lists the kiosk's
    most used services. Inactive services only with include_inactive (DoIT).
    Each service comes with `recent_uses` set.
    """
    query = (query or "")[:200]
    uses = recent_uses(kiosk)
    ids = current_index().rank(query, uses, limit=limit, include_inactive=include_inactive)
    found = Service.objects.select_related("department").in_bulk(ids)
    services = []
    for service_id in ids:
        service = found.get(service_id)
        if service is not None and (include_inactive or service.active):
            service.recent_uses = uses.get(service_id, 0)
            services.append(service)
    return services


@dataclass
class BrowseDepartment:
    department: Department
    services: list
    more: int  # active services of the department not listed (browse_catalogue(department=code) lists all)


def browse_catalogue(kiosk, per_department=BROWSE_PER_DEPARTMENT, most_used=BROWSE_MOST_USED, department=None):
    """What the Services page shows with an empty search (issue 9 item 19): (the kiosk's most
    used services, [BrowseDepartment]).

    Every active department with up to `per_department` of its active services, the kiosk's
    most used (last 30 days) first and then by name in the page's language; departments the
    kiosk uses most come first, then by name. One query whatever the size of the catalogue:
    the uses are a subquery and the cut per department a window, so the page never asks once
    per department. With `department` (a code), that department only, with all its services.
    """
    since = timezone.localdate() - datetime.timedelta(days=RECENT_USE_DAYS)
    kiosk_id = getattr(kiosk, "pk", kiosk)
    uses = (ServiceUseDay.objects.filter(kiosk_id=kiosk_id, service_id=OuterRef("pk"), day__gt=since)
            .order_by().values("service_id").annotate(total=Sum("uses")).values("total"))
    name = "name_hi" if hindi_page() else "name_en"
    by_department = {"partition_by": [F("department_id")]}
    rows = Service.objects.filter(active=True, department__active=True)
    if department:
        rows, per_department = rows.filter(department__code=department), None
    rows = (rows.select_related("department")
            .annotate(recent_uses=Coalesce(Subquery(uses, output_field=IntegerField()), 0))
            .annotate(rank=Window(RowNumber(), order_by=[F("recent_uses").desc(), F(name).asc(), F("id").asc()],
                                  **by_department),
                      in_department=Window(Count("id"), **by_department),
                      department_uses=Window(Sum("recent_uses"), **by_department))
            .order_by(F("department_uses").desc(), f"department__{name}", "department_id", "rank"))
    if per_department is not None:
        rows = rows.filter(rank__lte=per_department)
    departments = []
    for service in rows:
        if not departments or departments[-1].department.pk != service.department_id:
            departments.append(BrowseDepartment(service.department, [], service.in_department))
        departments[-1].services.append(service)
        departments[-1].more -= 1
    used = sorted((s for d in departments for s in d.services if s.recent_uses),
                  key=lambda s: (-s.recent_uses, getattr(s, name)))[:0 if department else most_used]
    return used, departments


def record_use(kiosk, *services, when=None):
    """Count one use of each of these services (a service named twice counts twice) at a kiosk
    today (F19); payments call it when lines are paid, in the payment's transaction, so a line
    added and taken out again ranks nothing (issue 14).

    One statement for all of them, never read-then-write: INSERT of today's rows ... ON
    CONFLICT DO UPDATE adds to the rows there are (SQLite and PostgreSQL both run it), in
    service order, so that two payments of one kiosk never wait on each other crosswise.
    """
    uses = Counter(getattr(service, "pk", service) for service in services)
    if not uses:
        return
    day = connection.ops.adapt_datefield_value(timezone.localdate(when) if when else timezone.localdate())
    qn = connection.ops.quote_name
    meta = ServiceUseDay._meta
    table = qn(meta.db_table)
    kiosk_col, service_col, day_col, uses_col = (qn(meta.get_field(n).column) for n in ("kiosk", "service", "day",
                                                                                          "uses"))
    kiosk_id = getattr(kiosk, "pk", kiosk)
    with planned_cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({kiosk_col}, {service_col}, {day_col}, {uses_col}) VALUES "
            + ", ".join(["(%s, %s, %s, %s)"] * len(uses))
            + f" ON CONFLICT ({kiosk_col}, {day_col}, {service_col}) DO UPDATE SET {uses_col} = "
              f"{table}.{uses_col} + excluded.{uses_col}",
            [value for service_id, n in sorted(uses.items()) for value in (kiosk_id, service_id, day, n)])


# --- favourites (F27) -----------------------------------------------------


@dataclass(frozen=True)
class FavouriteLink:
    """One favourite as the dashboard shows it: a title and where it opens."""

    favourite: Favourite
    title: str
    url: str


def clean_favourite_path(path):
    """A local path with its query string, or InvalidFavourite (F27).

    Only paths on this site ("/k/K1/reports/?from=..."): never a full address,
    so that a favourite cannot send anyone elsewhere.
    """
    path = (path or "").strip()
    if not path.startswith("/") or path.startswith("//") or "\\" in path:
        raise InvalidFavourite(_("Only a page of this portal can be a favourite."))
    if any(ord(c) < 32 for c in path):
        raise InvalidFavourite(_("Only a page of this portal can be a favourite."))
    if len(path) > Favourite._meta.get_field("path").max_length:
        raise InvalidFavourite(_("This page's address is too long to keep as a favourite."))
    return path


def find_favourite(person, *, service=None, path=""):
    if person is None:
        return None
    if service is not None:
        return Favourite.objects.filter(person=person, service=service).first()
    return Favourite.objects.filter(person=person, path=path).first()


def toggle_favourite(person, *, service=None, path="", title=""):
    """Star a service or a page, or unstar it if starred (F27). Returns the new favourite or None."""
    if service is None:
        path = clean_favourite_path(path)
    title = (title or (service.name_en if service else path)).strip()[:150] or path[:150]
    with transaction.atomic():
        existing = find_favourite(person, service=service, path=path)
        if existing is not None:
            audit.record("catalogue.favourite_removed", actor=person, target=existing, title_en=existing.title,
                         title_hi=existing.service.name_hi if existing.service_id else "")
            existing.delete()
            return None
        try:
            with transaction.atomic():
                favourite = Favourite.objects.create(
                    person=person, service=service, path="" if service else path, title=title
                )
        except IntegrityError:
            # the same star sent twice at once: the first one stands
            return find_favourite(person, service=service, path=path)
        audit.record("catalogue.favourite_added", actor=person, target=favourite, title_en=title,
                     title_hi=service.name_hi if service else "")
        return favourite


def list_favourites(person):
    """A person's favourites, services first, then pages, each by title (F27)."""
    if person is None:
        return []
    return list(
        Favourite.objects.filter(person=person)
        .select_related("service")
        .order_by(F("service").asc(nulls_last=True), "title", "id")
    )


def favourite_links(person, kiosk=None):
    """The person's favourites as links, one click away (F27).

    A service opens on the kiosk's service page, so it needs the kiosk the
    person works at; without one, starred services are left out.
    """
    links = []
    for favourite in list_favourites(person):
        if favourite.service_id:
            if kiosk is None or not favourite.service.active:
                continue
            url = reverse("catalogue:service", args=[kiosk.code, favourite.service.code])
        else:
            url = favourite.path
        links.append(FavouriteLink(favourite, favourite.title, url))
    return links


# --- DoIT: departments and services -----------------------------------------


DEPARTMENT_FIELDS = ("code", "name_en", "name_hi", "payee_name", "active")
SERVICE_FIELDS = (
    "code", "name_en", "name_hi", "department", "kind", "amount_rule", "government_fee",
    "service_charge", "keywords", "active", "cancellation_window_hours",
    "needs_department_confirmation", "biller_code",
)


def _check_fee_parts(service, fee_parts):
    """Fee parts go to the service's own department's heads; a fixed fee splits exactly."""
    heads = set()
    for head, amount in fee_parts:
        if head.department_id != service.department_id:
            raise ValidationError({"fee_parts": _("A revenue head must belong to the service's department.")})
        if amount < 0:
            raise ValidationError({"fee_parts": _("An amount cannot be negative.")})
        if head.pk in heads:
            raise ValidationError({"fee_parts": _("Each revenue head can appear only once.")})
        heads.add(head.pk)
    if fee_parts and not service.is_bill and sum(a for _h, a in fee_parts) != service.government_fee:
        raise ValidationError({"fee_parts": _("The parts must add up to the government fee.")})


def _save_fee_parts(service, fee_parts):
    if fee_parts is None:
        return
    _check_fee_parts(service, fee_parts)
    service.fee_parts.all().delete()
    ServiceFeePart.objects.bulk_create(
        ServiceFeePart(service=service, head=head, amount=amount) for head, amount in fee_parts
    )


def create_department(*, by, **fields):
    """DoIT adds a department (issue 4 req. 1)."""
    department = Department(**{k: v for k, v in fields.items() if k in DEPARTMENT_FIELDS})
    department.full_clean()
    with transaction.atomic():
        department.save()
        CatalogueStamp.renew()
        audit.record("catalogue.department_created", actor=by, target=department, code=department.code)
    return department


def update_department(department, *, by, **changes):
    """DoIT changes a department; its services' search text follows its names (F19)."""
    for name, value in changes.items():
        if name in DEPARTMENT_FIELDS:
            setattr(department, name, value)
    department.full_clean()
    with transaction.atomic():
        department.save()
        for service in department.services.all():
            Service.objects.filter(pk=service.pk).update(search_text=service.make_search_text(department))
        CatalogueStamp.renew()
        audit.record(
            "catalogue.department_updated", actor=by, target=department,
            code=department.code, active=department.active,
        )
    return department


def create_service(*, by, fee_parts=None, **fields):
    """DoIT adds a service; fee parts are [(RevenueHead, paise), ...] (issue 4 req. 1)."""
    service = Service(**{k: v for k, v in fields.items() if k in SERVICE_FIELDS})
    service.full_clean()
    with transaction.atomic():
        service.save()
        _save_fee_parts(service, fee_parts or [])
        CatalogueStamp.renew()
        audit.record("catalogue.service_created", actor=by, target=service, code=service.code)
    return service


def update_service(service, *, by, fee_parts=None, **changes):
    """DoIT changes a service. Invalid input raises ValidationError and changes nothing."""
    before = {name: getattr(service, name) for name in SERVICE_FIELDS if name != "department"}
    for name, value in changes.items():
        if name in SERVICE_FIELDS:
            setattr(service, name, value)
    service.full_clean()
    with transaction.atomic():
        service.save()
        _save_fee_parts(service, fee_parts)
        CatalogueStamp.renew()
        changed = sorted(n for n, old in before.items() if getattr(service, n) != old)
        audit.record(
            "catalogue.service_updated", actor=by, target=service, code=service.code,
            changed=",".join(changed), count=len(changed),
        )
    return service


def set_service_active(service, active, *, by):
    """DoIT activates or deactivates a service; an inactive one is not found or sold."""
    with transaction.atomic():
        Service.objects.filter(pk=service.pk).update(active=active, updated_at=timezone.now())
        service.active = active
        CatalogueStamp.renew()
        audit.record(
            "catalogue.service_activated" if active else "catalogue.service_deactivated",
            actor=by, target=service, code=service.code,
        )
    return service
