"""The WSGI application gunicorn serves (emitra.deploy.gunicorn)."""
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "emitra.settings")
application = get_wsgi_application()
# The URLconf and every view module it names are imported as the worker starts, not by its first
# request: that request was ~1 s of CPU slower, and a profile of the server counted it (issue 14).
get_resolver().url_patterns
