from django.apps import AppConfig


class DeptApiConfig(AppConfig):
    """The department API (F29, issue 11 req. 9): departments' systems pull applications and
    collections and push decisions, with OAuth 2.0 client credentials of the bundled provider."""

    name = "emitra.deptapi"
    label = "deptapi"
    verbose_name = "Department API"
