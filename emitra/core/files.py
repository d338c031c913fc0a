"""What an uploaded file is, by its content, never by its name or the browser's word (F30).

The portal takes documents as PDF, JPEG or PNG only. `document_type(file)` reads
the file's first bytes for the format's signature, then opens it with the library
made for that format (pypdf for PDF, Pillow for images) to be sure it is whole and
is what it claims: an HTML page or a program renamed to .pdf is refused, and so
is a PDF that carries a program or a script inside it, is locked with a password
or has no pages, and an image that does not decode or is too big in pixels to
open safely. A PNG named .pdf is a PNG: the content decides the type.

Used by the document locker (emitra.documents) and by the kiosk application's
proofs (emitra.network); it imports no app.
"""
import logging
from dataclasses import dataclass

from django.utils.translation import gettext as _

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"
EXTENSIONS = {PDF: "pdf", JPEG: "jpg", PNG: "png"}
LABELS = {PDF: "PDF", JPEG: "JPEG", PNG: "PNG"}

# A phone photo is 12-50 megapixels; more than this is no document scan and would
# cost the server hundreds of MB to decode (Pillow's decompression-bomb guard is 89M).
MAX_IMAGE_PIXELS = 60_000_000

_SIGNATURES = (
    (b"%PDF-", PDF),
    (b"\xff\xd8\xff", JPEG),
    (b"\x89PNG\r\n\x1a\n", PNG),
)

log = logging.getLogger("emitra.files")


class FileRefused(ValueError):
    """The file is not a document the portal takes; the message says why, for the person uploading."""


@dataclass(frozen=True)
class Checked:
    content_type: str
    pages: int = 0  # a PDF's page count
    width: int = 0  # an image's size in pixels
    height: int = 0

    @property
    def extension(self):
        return EXTENSIONS[self.content_type]


def sniff(head):
    """The content type the first bytes announce (PDF, JPEG, PNG), or None."""
    for signature, content_type in _SIGNATURES:
        if head.startswith(signature):
            return content_type
    return None


def document_type(file):
    """Check an open file (Django's UploadedFile or any binary file object) by its content.

    Returns a Checked; raises FileRefused with a message for the person otherwise.
    The file is left at position 0.
    """
    file.seek(0)
    head = file.read(16)
    file.seek(0)
    content_type = sniff(head)
    if content_type is None:
        raise FileRefused(_("This file is not a PDF, JPEG or PNG, whatever its name says. "
                            "Scan or photograph the document and upload that."))
    try:
        if content_type == PDF:
            return _check_pdf(file)
        return _check_image(file, content_type)
    finally:
        file.seek(0)


def _check_pdf(file):
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    damaged = FileRefused(_("This PDF is damaged or incomplete and cannot be opened. Save or scan it again."))
    try:
        reader = PdfReader(file, strict=False)
        if reader.is_encrypted:
            raise FileRefused(_("This PDF is locked with a password. Upload a copy without a password."))
        pages = len(reader.pages)
        carries = _active_content(reader)
    except FileRefused:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError,
            RecursionError, AssertionError) as e:
        # pypdf raises a wide range of errors on malformed input; each means "not a readable PDF"
        log.info("PDF refused: %s: %s", type(e).__name__, e)
        raise damaged from None
    if pages < 1:
        raise damaged
    if carries:
        raise FileRefused(_("This PDF carries a program, a script or an attached file. "
                            "Upload a plain scan or print of the document."))
    return Checked(PDF, pages=pages)


def _active_content(reader):
    """True when the PDF has embedded files, document-level JavaScript or an action that runs something."""
    if reader.attachments:
        return True
    root = reader.root_object
    names = root.get("/Names")
    if names is not None and (names.get_object().get("/JavaScript") is not None
                              or names.get_object().get("/EmbeddedFiles") is not None):
        return True
    if root.get("/AA") is not None:
        return True
    actions = [root.get("/OpenAction")]
    for page in reader.pages:
        if page.get("/AA") is not None:
            return True
        for annot in page.get("/Annots") or []:
            actions.append(annot.get_object().get("/A"))
    for action in actions:
        action = action.get_object() if action is not None else None
        if hasattr(action, "get") and action.get("/S") in ("/JavaScript", "/Launch", "/ImportData"):
            return True
    return False


def _check_image(file, content_type):
    from PIL import Image, UnidentifiedImageError

    expected = {JPEG: "JPEG", PNG: "PNG"}[content_type]
    damaged = FileRefused(_("This image is damaged or incomplete and cannot be opened. Take the photo or scan again."))
    try:
        with Image.open(file) as image:
            if image.format != expected:
                raise damaged
            width, height = image.size
            if width * height > MAX_IMAGE_PIXELS:
                raise FileRefused(_("This image is too large in pixels. Scan or photograph it at a lower resolution."))
            image.load()  # decode it all: a truncated or corrupt image fails here
    except FileRefused:
        raise
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError) as e:
        log.info("image refused: %s: %s", type(e).__name__, e)
        raise damaged from None
    return Checked(content_type, width=width, height=height)
