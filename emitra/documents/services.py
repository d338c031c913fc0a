"""The locker's operations (F30): a document uploaded once is never uploaded again.

Rules, each stated where it is kept:
- One stored copy of any bytes (Blob, by SHA-256), however often they are uploaded,
  in however many lockers; the same bytes in the same locker are one Document, so a
  second upload returns the first ("uploaded once, ever").
- A file is taken for what its content is (emitra.core.files: PDF, JPEG, PNG), never
  for its name or the browser's word, and only up to settings.DOCUMENT_MAX_BYTES; a
  refused file stores nothing.
- The file is written through Django's storage API (settings.STORAGES["default"]: the
  data folder, or S3-compatible storage) before its rows, under a name made of its
  hash: a row never points to a missing file, and a file left without a row (a
  rolled-back transaction) is simply used again by the next upload of the same bytes.
- A mobile counts as proved by a one-time code (start_mobile_verification,
  verify_mobile): six digits, sent through the outbox by SMS, valid CODE_LIFETIME,
  MobileCode.MAX_ATTEMPTS wrong tries, no new code to one mobile within
  CODE_RESEND_SECONDS, at most CODES_PER_MOBILE_PER_HOUR to one mobile and
  CODES_PER_REQUESTER_PER_HOUR asked by one person. A wrong try is committed even
  though the call fails, so call these outside a transaction.
- A kiosk opens a citizen's locker with the citizen's code (open_locker_at_kiosk), by
  the mobile, or by the SSO ID with a code to the SSO ID's mobile (the citizen's
  consent); that opens a LockerGrant for the visit (see emitra.documents.access).
- A document pulled from the citizen's DigiLocker (pull_from_digilocker) is taken like an
  upload and marked issuer-verified; only bytes fetched from DigiLocker are so marked.
- A consumer locker joins the person's locker when the signed-in person proves the
  same mobile with a code (join_mobile); never on sign-in alone, because no SSO
  provider here vouches for the mobile on an SSO ID.
Every change writes an audit row.
"""
import hashlib
import hmac
import os
import re
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from emitra.core import audit, files
from emitra.documents import digilocker
from emitra.documents.errors import DocumentError, DocumentRejected
from emitra.documents.models import Blob, Document, DocumentKind, Locker, LockerGrant, MobileCode

__all__ = [
    "DocumentError", "DocumentRejected", "locker_for_person", "start_mobile_verification", "verify_mobile",
    "store_upload", "documents_in", "open_document", "start_kiosk_consent", "open_locker_at_kiosk",
    "end_grant", "join_mobile", "add_kind", "change_kind", "pull_from_digilocker", "store_file", "open_blob",
    "digest",
]

CODE_LIFETIME = timedelta(minutes=10)
CODE_RESEND_SECONDS = 60
CODES_PER_MOBILE_PER_HOUR = 5
CODES_PER_REQUESTER_PER_HOUR = 30
_MOBILE = re.compile(r"^[6-9][0-9]{9}$")


def max_bytes():
    return int(getattr(settings, "DOCUMENT_MAX_BYTES", 5 * 1024 * 1024))


def _storage():
    return storages["default"]


# ---------------------------------------------------------------- lockers

def locker_for_person(person):
    """The SSO citizen's own locker, made on first use (F30)."""
    locker = Locker.objects.filter(person=person).first()
    if locker is not None:
        return locker
    try:
        with transaction.atomic():
            locker = Locker.objects.create(person=person)
            audit.record("documents.locker_opened", actor=person, target=locker, locker=locker.pk, sso_id=person.sso_id)
    except IntegrityError:  # made by a concurrent request
        locker = Locker.objects.get(person=person)
    return locker


def _locker_for_mobile(mobile, *, by):
    """The live locker that answers for a proved mobile: a person's that proved it, else the
    consumer locker of the mobile, made on first use."""
    locker = Locker.objects.filter(mobile=mobile, merged_into__isnull=True).first()
    if locker is not None:
        return locker
    try:
        with transaction.atomic():
            locker = Locker.objects.create(mobile=mobile, mobile_verified_at=timezone.now())
            audit.record("documents.consumer_locker_opened", actor=by, target=locker, locker=locker.pk,
                         mobile=locker.masked_mobile)
    except IntegrityError:
        locker = Locker.objects.get(mobile=mobile, merged_into__isnull=True)
    return locker


def clean_mobile(mobile, field="mobile"):
    """'98290 12345', '+91 9829012345' -> '9829012345'; anything else is refused."""
    digits = re.sub(r"[\s-]", "", str(mobile or ""))
    if digits.startswith("+91"):
        digits = digits[3:]
    elif len(digits) == 12 and digits.startswith("91"):
        digits = digits[2:]
    if not _MOBILE.match(digits):
        raise DocumentError(_("Enter a 10-digit mobile number starting with 6, 7, 8 or 9."), field=field)
    return digits


# ---------------------------------------------------------------- one-time codes

def _hash(code):
    return hmac.new(settings.SECRET_KEY.encode(), f"locker:{code}".encode(), hashlib.sha256).hexdigest()


def _send_code(mobile, *, by, kiosk=None, for_person=None, language="hi"):
    """Write a new code and its SMS in one transaction, within the send limits; older live codes
    of the same mobile and requester die. Returns the MobileCode."""
    from emitra.notifications.services import queue_message

    now = timezone.now()
    hour_ago = now - timedelta(hours=1)
    if language not in ("hi", "en"):
        language = "hi"
    with transaction.atomic():
        recent = MobileCode.objects.filter(mobile=mobile, created__gte=hour_ago)
        last = recent.order_by("-created").first()
        if last is not None and (now - last.created).total_seconds() < CODE_RESEND_SECONDS:
            wait = int(CODE_RESEND_SECONDS - (now - last.created).total_seconds()) + 1
            raise DocumentError(_("A code was sent to this mobile just now. Wait %(seconds)s seconds before asking "
                                  "for another.") % {"seconds": wait})
        if recent.count() >= CODES_PER_MOBILE_PER_HOUR:
            raise DocumentError(_("Too many codes were sent to this mobile in the last hour. Try again later."))
        if by is not None and MobileCode.objects.filter(requested_by=by, created__gte=hour_ago).count() \
                >= CODES_PER_REQUESTER_PER_HOUR:
            raise DocumentError(_("You asked for too many codes in the last hour. Try again later."))
        MobileCode.objects.filter(mobile=mobile, requested_by=by, for_person=for_person, used_at__isnull=True) \
            .update(used_at=now)
        code = f"{secrets.randbelow(10 ** 6):06d}"
        row = MobileCode.objects.create(mobile=mobile, for_person=for_person, requested_by=by, kiosk=kiosk,
                                        code_hash=_hash(code), created=now, expires_at=now + CODE_LIFETIME)
        if kiosk is not None:
            template, context = "locker_code_kiosk", {"code": code, "kiosk": kiosk.code}
        else:
            template, context = "locker_code", {"code": code}
        queue_message("sms", mobile, template, context, language=language, ref=f"locker-code:{row.pk}",
                      key=f"locker-code:{row.pk}")
        audit.record("documents.code_sent", actor=by, kiosk=kiosk, target=row,
                     mobile="*" * 6 + mobile[-4:], for_sso_id=getattr(for_person, "sso_id", ""))
    return row


def _use_code(mobile, code, *, by=None, for_person=None):
    """Spend the latest live code of (mobile, requester, person) if `code` is it; else DocumentError.

    A wrong code counts against its tries in its own committed statement before the
    error is raised, so guessing ends after MobileCode.MAX_ATTEMPTS.
    """
    code = re.sub(r"\s", "", str(code or ""))
    refusal = None
    with transaction.atomic():
        codes = MobileCode.objects.select_for_update().filter(mobile=mobile, for_person=for_person,
                                                                used_at__isnull=True)
        if by is not None:
            codes = codes.filter(requested_by=by)
        row = codes.order_by("-created", "-pk").first()
        now = timezone.now()
        if row is None or row.expires_at <= now:
            refusal = _("This code has expired or was already used. Ask for a new one.")
        elif row.attempts >= MobileCode.MAX_ATTEMPTS:
            refusal = _("Too many wrong codes were tried. Ask for a new code.")
        elif not hmac.compare_digest(row.code_hash, _hash(code)):
            row.attempts += 1
            MobileCode.objects.filter(pk=row.pk).update(attempts=row.attempts)
            left = MobileCode.MAX_ATTEMPTS - row.attempts
            if left <= 0:
                refusal = _("The code is not right, and that was the last try. Ask for a new code.")
            else:
                refusal = _("The code is not right. Check the SMS and try again (%(left)s tries left).") % {
                    "left": left}
        else:
            MobileCode.objects.filter(pk=row.pk).update(used_at=now)
    if refusal:
        raise DocumentError(refusal, field="code")
    return row


def start_mobile_verification(mobile, *, by, kiosk=None, language="hi"):
    """Send a one-time code by SMS to prove the mobile (F30); rate-limited, see the module docstring.

    by: the person asking (a kiosk user, or the citizen); kiosk: the kiosk asking, named in the SMS.
    """
    mobile = clean_mobile(mobile)
    _send_code(mobile, by=by, kiosk=kiosk, language=language)


def verify_mobile(mobile, code, *, by=None):
    """The locker of a mobile proved by its one-time code; DocumentError with a clear message when the
    code is wrong, expired, used or tried too often (F30).

    With `by`, only a code that person asked for counts. The locker is the live one for the
    mobile: a person's that proved it, else the consumer locker of the mobile (made now if new).
    """
    mobile = clean_mobile(mobile)
    _use_code(mobile, code, by=by)
    return _locker_for_mobile(mobile, by=by)


# ---------------------------------------------------------------- kiosks working for a citizen

def grant_minutes():
    return int(getattr(settings, "LOCKER_GRANT_MINUTES", 60))


def _person_with_mobile(sso_id):
    from emitra.accounts.models import Person
    from emitra.sso.models import normalise_sso_id

    sso_id = normalise_sso_id(sso_id)
    person = Person.objects.filter(sso_id=sso_id, is_active=True).first() if sso_id else None
    if person is None:
        raise DocumentError(_("No citizen with SSO ID %(sso_id)s has signed in to e-Mitra yet. Open the locker "
                              "by mobile number instead.") % {"sso_id": sso_id}, field="sso_id")
    try:
        mobile = clean_mobile(person.mobile, field="sso_id")
    except DocumentError:
        raise DocumentError(_("The SSO ID %(sso_id)s has no mobile number to send a code to. Open the locker by "
                              "mobile number instead.") % {"sso_id": sso_id}, field="sso_id") from None
    return person, mobile


def start_kiosk_consent(sso_id, *, by, kiosk, language="hi"):
    """Ask an SSO citizen's consent for the kiosk to open their locker: a one-time code by SMS to the
    mobile of their SSO ID, naming the kiosk (F30). Returns the mobile, masked, to show the operator."""
    person, mobile = _person_with_mobile(sso_id)
    _send_code(mobile, by=by, kiosk=kiosk, for_person=person, language=language)
    return "*" * 6 + mobile[-4:]


def open_locker_at_kiosk(kiosk, *, code, by, mobile=None, sso_id=None):
    """The kiosk opens a citizen's locker with the code the citizen read out: a LockerGrant for this visit.

    By SSO ID (the code went to the SSO ID's mobile: the citizen's consent) the locker is
    the person's; by mobile it is the mobile's live locker. The grant lets the kiosk's
    holder and operators see and add to the locker until it expires (grant_minutes()) or
    is ended by the kiosk or the citizen.
    """
    if sso_id:
        person, person_mobile = _person_with_mobile(sso_id)
        _use_code(person_mobile, code, by=by, for_person=person)
        locker, how = locker_for_person(person), LockerGrant.How.SSO
    else:
        mobile = clean_mobile(mobile)
        _use_code(mobile, code, by=by)
        locker, how = _locker_for_mobile(mobile, by=by), LockerGrant.How.MOBILE
    now = timezone.now()
    with transaction.atomic():
        grant = LockerGrant.objects.create(locker=locker, kiosk=kiosk, opened_by=by, how=how, created=now,
                                           expires_at=now + timedelta(minutes=grant_minutes()))
        audit.record("documents.kiosk_opened_locker", actor=by, kiosk=kiosk, target=grant,
                     how=how, locker=locker.pk)
    return grant


def end_grant(grant, *, by):
    """End a kiosk's access to a locker now (the kiosk is done, or the citizen says so). Returns
    False when it had already ended."""
    with transaction.atomic():
        ended = LockerGrant.objects.filter(pk=grant.pk, ended_at__isnull=True).update(
            ended_at=timezone.now(), ended_by=by)
        if ended:
            audit.record("documents.grant_ended", actor=by, kiosk=grant.kiosk_id and grant.kiosk.code,
                         target=grant, locker=grant.locker_id)
    return bool(ended)


def live_grants(*, locker=None, kiosk=None):
    qs = LockerGrant.objects.live().select_related("locker__person", "kiosk", "opened_by")
    if locker is not None:
        qs = qs.filter(locker=locker)
    if kiosk is not None:
        qs = qs.filter(kiosk=kiosk)
    return qs


# ---------------------------------------------------------------- a consumer locker joins the person's

def join_mobile(locker, mobile, code, *, by):
    """The signed-in citizen proves a mobile with its code; their locker then answers for it (F30).

    A consumer locker of that mobile joins theirs: its documents move over (one of the same
    bytes already there stays behind, still theirs, so nothing that points to it breaks),
    and it points to their locker from now on; kiosk grants on it end. A mobile another
    person had proved moves to this person, without their documents. Returns the number
    of documents moved.
    """
    if locker.person_id is None:
        raise DocumentError(_("Only a locker of an SSO ID can take in another mobile's documents."))
    mobile = clean_mobile(mobile)
    _use_code(mobile, code, by=by)
    now = timezone.now()
    moved = 0
    with transaction.atomic():
        target = Locker.objects.select_for_update().get(pk=locker.pk)
        other = (Locker.objects.select_for_update().filter(mobile=mobile, merged_into__isnull=True)
                 .exclude(pk=target.pk).first())
        if other is not None and other.person_id is None:
            have = Document.objects.filter(locker=target).values_list("blob_id", flat=True)
            moved = Document.objects.filter(locker=other).exclude(blob_id__in=list(have)).update(locker=target)
            LockerGrant.objects.filter(locker=other, ended_at__isnull=True).update(ended_at=now, ended_by=by)
            Locker.objects.filter(pk=other.pk).update(merged_into=target, merged_at=now)
            audit.record("documents.locker_joined", actor=by, target=target,
                         locker=other.pk, mobile=other.masked_mobile, moved=moved)
        elif other is not None:
            Locker.objects.filter(pk=other.pk).update(mobile="")
            audit.record("documents.mobile_moved", actor=by, target=target,
                         mobile=other.masked_mobile, locker=other.pk)
        Locker.objects.filter(pk=target.pk).update(mobile=mobile, mobile_verified_at=now)
        audit.record("documents.mobile_proved", actor=by, target=target, mobile="*" * 6 + mobile[-4:])
    locker.refresh_from_db()
    return moved


def consumer_locker_waiting(person):
    """A consumer locker kept for the mobile of this person's SSO ID that they have not joined, or None
    (shown on "My documents" as an offer to bring those documents in with a code)."""
    try:
        mobile = clean_mobile(person.mobile)
    except DocumentError:
        return None
    return Locker.objects.filter(mobile=mobile, person__isnull=True, merged_into__isnull=True).first()


# ---------------------------------------------------------------- uploads

def _digest(uploaded_file):
    sha = hashlib.sha256()
    size = 0
    uploaded_file.seek(0)
    for chunk in uploaded_file.chunks() if hasattr(uploaded_file, "chunks") else iter(
            lambda: uploaded_file.read(64 * 1024), b""):
        sha.update(chunk)
        size += len(chunk)
    uploaded_file.seek(0)
    return sha.hexdigest(), size


def _file_holds(storage, name, sha256):
    """True when the stored file `name` has exactly these bytes (re-read: a file without a row may be
    the half-written leftover of a crash)."""
    digest = hashlib.sha256()
    with storage.open(name, "rb") as f:
        for chunk in iter(lambda: f.read(64 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest() == sha256


def _write_whole(storage, name, uploaded_file):
    """Write the file under name so that nobody ever sees it half-written: to a name of its own
    first, then renamed into place in one step (os.replace), over whatever was there. Two uploads
    of the same bytes at once each write their own and the second rename leaves the same bytes;
    before, one could read the other's half-written file, find it wrong and delete it while the
    other still wrote it. A storage that is not on the file system is written directly."""
    uploaded_file.seek(0)
    try:
        storage.path(name)
    except NotImplementedError:
        return storage.save(name, uploaded_file)
    part = storage.save(f"{name}.part-{secrets.token_hex(8)}", uploaded_file)
    os.replace(storage.path(part), storage.path(name))
    return name


def _blob_for(uploaded_file, sha256, size, content_type):
    """The one Blob of these bytes, writing the file first if it is not stored yet."""
    storage = _storage()
    blob = Blob.objects.filter(sha256=sha256).first()
    if blob is not None:
        if not storage.exists(blob.storage_name):  # lost from storage: these bytes bring it back
            name = storage.save(blob.storage_name, uploaded_file)
            if name != blob.storage_name:
                Blob.objects.filter(pk=blob.pk).update(storage_name=name)
                blob.storage_name = name
        return blob
    wanted = f"documents/{sha256[:2]}/{sha256}.{files.EXTENSIONS[content_type]}"
    if storage.exists(wanted) and _file_holds(storage, wanted, sha256):
        name, written = wanted, False  # left by a transaction that rolled back, or a concurrent upload's
    else:
        name, written = _write_whole(storage, wanted, uploaded_file), True
    try:
        with transaction.atomic():
            return Blob.objects.create(sha256=sha256, size=size, content_type=content_type, storage_name=name)
    except IntegrityError:  # the same bytes stored by a concurrent upload: keep theirs
        blob = Blob.objects.get(sha256=sha256)
        if written and name != blob.storage_name:
            storage.delete(name)
        return blob


def _kind(kind):
    if isinstance(kind, DocumentKind):
        found = kind
    else:
        found = DocumentKind.objects.filter(code=str(kind or "")).first()
    if found is None or not found.active:
        raise DocumentError(_("Choose the kind of document."), field="kind")
    return found


def clean_title(title):
    return " ".join(str(title or "").split())[:120]


def _checked(uploaded_file):
    """(Checked, sha256, size) of a file taken for its content (emitra.core.files) and within
    settings.DOCUMENT_MAX_BYTES; DocumentRejected otherwise."""
    if uploaded_file is None:
        raise DocumentRejected(_("Choose the file to upload."))
    size = getattr(uploaded_file, "size", None)
    limit = max_bytes()
    if size is not None and size > limit:
        raise DocumentRejected(_("The file is %(size)s; the largest allowed is %(limit)s. Scan it at a lower "
                                 "resolution or in black and white.") % {"size": human_size(size),
                                                                         "limit": human_size(limit)})
    if size == 0:
        raise DocumentRejected(_("The file is empty."))
    try:
        checked = files.document_type(uploaded_file)
    except files.FileRefused as e:
        raise DocumentRejected(str(e)) from None
    sha256, size = _digest(uploaded_file)
    if size > limit:  # the object's size was not told, or not true
        raise DocumentRejected(_("The file is %(size)s; the largest allowed is %(limit)s. Scan it at a lower "
                                 "resolution or in black and white.") % {"size": human_size(size),
                                                                         "limit": human_size(limit)})
    return checked, sha256, size


def store_upload(locker, uploaded_file, *, kind, title="", by, kiosk=None):
    """Keep an uploaded file in the locker, once (F30); the Document, or DocumentRejected storing nothing.

    The content decides (emitra.core.files): PDF, JPEG or PNG, whole and free of
    programs, at most settings.DOCUMENT_MAX_BYTES. The bytes are stored once across
    all lockers (Blob); if this locker has them already, that Document is returned as
    it is (its kind and title unchanged). The returned Document's `is_new` says which.
    by: the person uploading (the citizen, or a kiosk user); kiosk: where, if at a kiosk.
    """
    locker = locker.live
    kind = _kind(kind)
    checked, sha256, size = _checked(uploaded_file)
    existing = _existing(locker, sha256)
    if existing is not None:
        return existing
    blob = _blob_for(uploaded_file, sha256, size, checked.content_type)
    try:
        with transaction.atomic():
            document = Document.objects.create(
                locker=locker, kind=kind, title=clean_title(title), blob=blob, source=Document.Source.UPLOAD,
                uploaded_by=by, kiosk=kiosk, original_name=str(getattr(uploaded_file, "name", "") or "")[-200:])
            audit.record("documents.uploaded", actor=by, kiosk=kiosk, target=document,
                         kind_en=kind.name_en, kind_hi=kind.name_hi, extension=checked.extension.upper(),
                         bytes=size, locker=locker.pk, sha256=sha256)
    except IntegrityError:  # the same file uploaded to this locker concurrently
        existing = _existing(locker, sha256)
        if existing is None:
            raise
        return existing
    document.is_new = True
    return document


def digest(uploaded_file):
    """(sha256 hex, size) of a file's bytes, the key under which the locker stores them once."""
    return _digest(uploaded_file)


def check_file(uploaded_file):
    """Whether a file would be taken as an upload (its content: PDF, JPEG or PNG, whole, at most
    settings.DOCUMENT_MAX_BYTES), storing nothing: a form checks its attachment with this before
    anything is saved (issue 13 req. 6). The Checked, or DocumentRejected."""
    return _checked(uploaded_file)[0]


def store_file(uploaded_file):
    """Keep a file that belongs to no locker (a department's output document, F29) under the same
    rules as an upload: its content decides, at most settings.DOCUMENT_MAX_BYTES, the same bytes
    stored once. The Blob, or DocumentRejected storing nothing."""
    checked, sha256, size = _checked(uploaded_file)
    return _blob_for(uploaded_file, sha256, size, checked.content_type)


def open_blob(blob):
    """An open binary file of a stored blob. No access check: callers check who may see it."""
    return _storage().open(blob.storage_name, "rb")


def pull_from_digilocker(locker, connection, uri, *, kind, title="", by, kiosk=None):
    """Copy the issued document `uri` from the citizen's DigiLocker into their locker, marked as
    verified by its issuer (F30, issue 11 req. 7); the Document (`is_new` as for an upload).

    The bytes come from DigiLocker itself (emitra.documents.digilocker.fetch_file with the
    citizen's connection), and are taken like any upload: for their content, within the size
    limit, stored once by hash. A document already pulled from this URI is returned as it is;
    if the locker holds the same bytes as an upload, that document becomes issuer-verified.
    DigiLockerError (a missing file, an expired connection) or DocumentRejected store nothing.
    """
    locker = locker.live
    kind = _kind(kind)
    uri = str(uri or "")[:255]
    done = _existing_uri(locker, uri)
    if done is not None:
        return done
    data = digilocker.fetch_file(connection, uri, max_bytes=max_bytes())
    content = ContentFile(data, name=uri)
    checked, sha256, size = _checked(content)
    with transaction.atomic():
        same = Document.objects.select_for_update().filter(locker=locker, blob__sha256=sha256).first()
        if same is not None:
            if not same.issuer_verified:
                Document.objects.filter(pk=same.pk).update(source=Document.Source.DIGILOCKER, issuer_verified=True,
                                                           digilocker_uri=uri)
                audit.record("documents.digilocker_verified", actor=by, kiosk=kiosk, target=same,
                             uri=uri, locker=locker.pk, sha256=sha256)
            same = _existing(locker, sha256)
            return same
    blob = _blob_for(content, sha256, size, checked.content_type)
    try:
        with transaction.atomic():
            document = Document.objects.create(
                locker=locker, kind=kind, title=clean_title(title), blob=blob, source=Document.Source.DIGILOCKER,
                issuer_verified=True, digilocker_uri=uri, uploaded_by=by, kiosk=kiosk, original_name=uri[-200:])
            audit.record("documents.digilocker_pulled", actor=by, kiosk=kiosk, target=document,
                         kind_en=kind.name_en, kind_hi=kind.name_hi, uri=uri, bytes=size,
                         locker=locker.pk, sha256=sha256)
    except IntegrityError:  # pulled concurrently (same URI or same bytes)
        existing = _existing_uri(locker, uri) or _existing(locker, sha256)
        if existing is None:
            raise
        return existing
    document.is_new = True
    return document


def _existing_uri(locker, uri):
    document = (Document.objects.select_related("kind", "blob")
                .filter(locker=locker, digilocker_uri=uri).first()) if uri else None
    if document is not None:
        document.is_new = False
    return document


def _existing(locker, sha256):
    document = (Document.objects.select_related("kind", "blob")
                .filter(locker=locker, blob__sha256=sha256).first())
    if document is not None:
        document.is_new = False
    return document


def human_size(size):
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    if size >= 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size} B"


def documents_in(locker, kinds=None):
    """The documents of a locker (of the locker it joined, for a joined consumer locker), newest first;
    kinds: DocumentKinds or their codes, to keep only those (an application's document slot)."""
    qs = Document.objects.filter(locker=locker.live).select_related("kind", "blob", "uploaded_by", "kiosk")
    if kinds is not None:
        codes = [k.code if isinstance(k, DocumentKind) else str(k) for k in kinds]
        qs = qs.filter(kind__code__in=codes)
    return qs


def open_document(document):
    """(open binary file, content type, download file name) of a document. No access check: callers
    check emitra.documents.access.may_view first."""
    blob = document.blob
    return _storage().open(blob.storage_name, "rb"), blob.content_type, document.download_name


# ---------------------------------------------------------------- kinds (DoIT)

def add_kind(*, code, name_en, name_hi, active=True, by):
    """DoIT adds a kind of document; forms' document slots name it by its code from then on."""
    with transaction.atomic():
        if DocumentKind.objects.filter(code=code).exists():
            raise DocumentError(_("A kind with this code exists already."), field="code")
        kind = DocumentKind.objects.create(code=code, name_en=name_en.strip(), name_hi=name_hi.strip(),
                                           active=active)
        audit.record("documents.kind_added", actor=by, target=kind, code=code,
                     name_en=kind.name_en, name_hi=kind.name_hi)
    return kind


def change_kind(kind, *, name_en, name_hi, active, by):
    """DoIT renames a kind or stops it being offered for new uploads (its documents stay)."""
    with transaction.atomic():
        DocumentKind.objects.filter(pk=kind.pk).update(name_en=name_en.strip(), name_hi=name_hi.strip(),
                                                       active=active)
        audit.record("documents.kind_changed", actor=by, target=kind,
                     code=kind.code, name_en=name_en.strip(),
                     name_hi=name_hi.strip(), active=bool(active))
    kind.refresh_from_db()
    return kind
