"""Which scopes an OAuth client of the bundled provider may ask for (F29, issue 11 req. 9).

django-oauth-toolkit asks this backend (OAUTH2_PROVIDER["SCOPES_BACKEND_CLASS"]):
a department's client gets exactly the scopes DoIT granted it, nothing of OpenID
Connect; every other client (the portal signing people in) gets the OpenID
Connect scopes and none of the API's, so a person's token never opens the API.
"""
from oauth2_provider.scopes import SettingsScopes

from emitra.deptapi.models import SCOPES as API_SCOPES
from emitra.deptapi.models import DepartmentClient


def _client_scopes(application):
    if application is None:
        return None
    client = DepartmentClient.objects.filter(application=application, revoked_at__isnull=True).first()
    return client.scope_list if client is not None else None


class Scopes(SettingsScopes):
    def get_available_scopes(self, application=None, request=None, *args, **kwargs):
        granted = _client_scopes(application)
        if granted is not None:
            return granted
        return [s for s in super().get_available_scopes(application, request, *args, **kwargs)
                if s not in API_SCOPES]

    def get_default_scopes(self, application=None, request=None, *args, **kwargs):
        granted = _client_scopes(application)
        if granted is not None:
            return granted
        return [s for s in super().get_default_scopes(application, request, *args, **kwargs)
                if s not in API_SCOPES]
