from django.apps import AppConfig


class DeptApiConfig(AppConfig):
    """The department API (F29, issue 11 req. 9): departments' systems pull applications and
    collections and push decisions, with OAuth 2.0 client credentials of the bundled provider."""

    name = "emitra.deptapi"
    label = "deptapi"
    verbose_name = "Department API"

    def ready(self):
        # core imports nothing of this app: the words of its audit rows register here (issue 12 req. 6)
        from emitra.core import audit_texts
        from emitra.deptapi import audit_texts as texts
        audit_texts.register(texts.TEXTS)
