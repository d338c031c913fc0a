"""Settings for the test suite (STYLE 9): immediate tasks, in-memory mail, fast hasher."""
import os
import tempfile

os.environ.setdefault("EMITRA_DATA_DIR", tempfile.mkdtemp(prefix="emitra-test-"))
os.environ.setdefault("EMITRA_ENV", "test")
os.environ.setdefault("EMITRA_LOG_LEVEL", "WARNING")

from emitra.settings import *  # noqa: E402,F403
from emitra.settings import DATABASES, DATA_DIR  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": DATA_DIR / "media"}},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
ALLOWED_HOSTS = ["*"]
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # a file, not memory, so that threads and the live server share it
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test.sqlite3")}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
