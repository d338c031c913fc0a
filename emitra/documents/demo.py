"""Demo data of the locker (F30): the kinds of document, and a few documents in the demo
citizen's locker (a PDF and a photo made here, so the demo needs no files of its own)."""
import io

# (code, English, Hindi): what Rajasthan's certificate and scheme applications ask for
KINDS = [
    ("aadhaar", "Aadhaar card", "आधार कार्ड"),
    ("photo", "Passport-size photo", "पासपोर्ट साइज़ फ़ोटो"),
    ("residence_proof", "Proof of residence", "निवास का प्रमाण"),
    ("income_proof", "Proof of income", "आय का प्रमाण"),
    ("caste_proof", "Proof of caste", "जाति का प्रमाण"),
    ("birth_proof", "Proof of birth (hospital record)", "जन्म का प्रमाण (अस्पताल का रिकॉर्ड)"),
    ("death_proof", "Proof of death (hospital or cremation record)", "मृत्यु का प्रमाण (अस्पताल या श्मशान का रिकॉर्ड)"),
    ("age_proof", "Proof of age", "आयु का प्रमाण"),
    ("ration_card", "Ration card", "राशन कार्ड"),
    ("bank_passbook", "Bank passbook (first page)", "बैंक पासबुक (पहला पृष्ठ)"),
    ("affidavit", "Affidavit", "शपथ पत्र"),
    ("jan_aadhaar", "Jan Aadhaar card", "जन आधार कार्ड"),
    ("other", "Other document", "अन्य दस्तावेज़"),
]

DEMO_CITIZEN = "CITIZEN.DEMO"


def load_document_kinds():
    """The kinds above, added where missing; a kind DoIT renamed keeps its names."""
    from emitra.documents.models import DocumentKind

    for code, name_en, name_hi in KINDS:
        DocumentKind.objects.get_or_create(code=code, defaults={"name_en": name_en, "name_hi": name_hi})


def demo_pdf(text):
    """A one-page PDF showing `text` (WeasyPrint, as the receipts' PDFs)."""
    from weasyprint import HTML

    html = (f"<html><body style='font-family:\"Noto Sans Devanagari\",\"Noto Sans\",sans-serif'>"
            f"<h1>{text}</h1><p>Demo document of e-Mitra. Not a real record.</p></body></html>")
    return HTML(string=html).write_pdf()


def demo_png(colour=(200, 120, 40), size=(240, 300)):
    from PIL import Image, ImageDraw

    image = Image.new("RGB", size, (235, 235, 225))
    draw = ImageDraw.Draw(image)
    draw.ellipse((70, 40, 170, 150), fill=colour)
    draw.rectangle((50, 160, 190, 290), fill=colour)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def load_demo_documents():
    """Kinds, and the demo citizen's residence proof and photo (stored once however often this runs)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from emitra.accounts.models import Person
    from emitra.documents import services

    load_document_kinds()
    citizen = Person.objects.filter(sso_id=DEMO_CITIZEN).first()
    if citizen is None:
        return
    locker = services.locker_for_person(citizen)
    if services.documents_in(locker).exists():
        return
    services.store_upload(locker, SimpleUploadedFile("ration-card.pdf", demo_pdf("Ration card: Kamla Devi"),
                                                     "application/pdf"),
                          kind="residence_proof", title="राशन कार्ड (डेमो)", by=citizen)
    services.store_upload(locker, SimpleUploadedFile("photo.png", demo_png(), "image/png"),
                          kind="photo", by=citizen)
