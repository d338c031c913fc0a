from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    """Citizens' applications to department offices (issue 11). Not network's kiosk applications."""

    name = "emitra.applications"
    label = "applications"
    verbose_name = "Citizens' applications"

    def ready(self):
        # payments, notifications and the catalogue import nothing of this app: it registers here
        from emitra.applications import messages, services
        from emitra.catalogue.services import register_service_actions
        from emitra.payments import line_hooks

        line_hooks.register(line_hooks.LineHooks(
            kind=services.LINK_KIND, paid=services.fee_paid, cancelled=services.fee_cancelled,
            plain_line_refused=services.refuse_plain_fee, service_annotations=services.form_annotation))
        messages.register_templates()
        register_service_actions(services.service_actions_template)
        from emitra.documents.access import register_viewer

        register_viewer(services.may_view_document)
        # core imports nothing of this app: the words of its audit rows register here (issue 12 req. 6)
        from emitra.applications import audit_texts as texts
        from emitra.core import audit_texts
        audit_texts.register(texts.TEXTS)
