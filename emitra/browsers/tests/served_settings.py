"""Settings of the portal's processes a test starts on its own test database (issue 12
reqs 7, 9): the production settings module, with SQLite's file named by
EMITRA_TEST_SQLITE (WAL and IMMEDIATE transactions kept); PostgreSQL comes by DATABASE_URL."""
import os

from emitra.settings import *  # noqa: F403
from emitra.settings import DATABASES, STORAGES

if os.environ.get("EMITRA_TEST_SQLITE"):
    DATABASES["default"]["NAME"] = os.environ["EMITRA_TEST_SQLITE"]
# static files from the apps' folders, as in the test suite (`emitra up` collects them first)
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
WHITENOISE_USE_FINDERS = True
