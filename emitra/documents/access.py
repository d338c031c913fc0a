"""Who may see a document (F30): its citizen, a kiosk working for the citizen, and whoever a
higher app vouches for; everyone else gets 404 from the one view that serves files.

- The locker's own citizen: the SSO person of the locker (or of the locker a consumer
  locker joined).
- A kiosk working for the citizen: the live holder and operators of a kiosk with a live
  LockerGrant on the locker (opened with the citizen's one-time code; it is scoped to
  that kiosk and that locker, and ends after settings.LOCKER_GRANT_MINUTES, or when the
  kiosk or the citizen ends it).
- Registered rules: a higher app (applications) registers, in its AppConfig.ready,
  rule(person, document) -> bool, e.g. "the kiosk that filed an application with this
  document, and its destination office". The locker never imports that app.

A document's URL carries a random token of its own (Document.token), so it cannot be
guessed or derived from another; the view checks may_view all the same.
"""
from django.urls import reverse

from emitra.accounts.models import Membership, Role
from emitra.documents.models import LockerGrant

# Kiosk roles that work for citizens at the counter; an accountant sees reports only.
KIOSK_WORKERS = (Role.KIOSK_HOLDER, Role.KIOSK_OPERATOR)

_rules = []


def register_viewer(rule):
    """Add a rule(person, document) -> bool that may let a person see a document; usable as a decorator."""
    if rule not in _rules:
        _rules.append(rule)
    return rule


def unregister_viewer(rule):
    """Remove a rule (tests)."""
    if rule in _rules:
        _rules.remove(rule)


def is_citizen_of(person, locker):
    """True when the locker (or the locker it joined) is this SSO person's."""
    if person is None:
        return False
    return locker.live.person_id == person.pk


def kiosk_ids_working_for(person):
    """The kiosks where this person is a live holder or operator now (at most one, F32)."""
    return Membership.objects.live().filter(person=person, role__in=KIOSK_WORKERS, kiosk__isnull=False) \
        .values("kiosk_id")


def has_live_grant(person, locker):
    """True when a kiosk this person works at has a live grant on the locker."""
    if person is None:
        return False
    lockers = {locker.pk, locker.live.pk}
    return LockerGrant.objects.live().filter(locker_id__in=lockers, kiosk_id__in=kiosk_ids_working_for(person)) \
        .exists()


def may_view(person, document):
    """True when `person` may see `document`: the locker's citizen, a kiosk with a live grant on the
    locker, or any registered rule (F30)."""
    if person is None:
        return False
    locker = document.locker
    if is_citizen_of(person, locker) or has_live_grant(person, locker):
        return True
    return any(rule(person, document) for rule in list(_rules))


def document_url(document):
    """The document's unguessable URL, served by documents:file only to those who may_view it."""
    return reverse("documents:file", args=[document.token])
