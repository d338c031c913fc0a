from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "emitra.documents"
    label = "documents"
    verbose_name = _("Document locker")

    def ready(self):
        # core imports nothing of this app: the words of its audit rows register here (issue 12 req. 6)
        from emitra.core import audit_texts
        from emitra.documents import audit_texts as texts
        audit_texts.register(texts.TEXTS, labels=texts.LABELS)
