"""Strict helpers that read settings from the environment (STYLE 9).

Nonsense raises ImproperlyConfigured instead of being guessed at.
Secrets that are not given are generated once into the data folder.
"""
import os
import secrets
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured


def env(name, default=""):
    """A string from the environment; NAME_FILE names a file holding it."""
    file_name = os.environ.get(name + "_FILE")
    if file_name:
        return Path(file_name).read_text().strip()
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() == "true":
        return True
    if value.lower() == "false":
        return False
    raise ImproperlyConfigured(f"{name} must be 'true' or 'false', not {value!r}")


def env_int(name, default, minimum=None):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {value!r}")
    return number


def data_dir():
    """EMITRA_DATA_DIR, default ./var; created on first use."""
    path = Path(os.environ.get("EMITRA_DATA_DIR") or "var").resolve()
    path.mkdir(parents=True, exist_ok=True)
    return path


def secret_in_data_dir(name, make):
    """Read a secret file from the data folder, writing it with make() on first run."""
    path = data_dir() / name
    if not path.exists():
        value = make()
        tmp = path.with_suffix(".tmp")
        tmp.write_text(value)
        tmp.chmod(0o600)
        tmp.replace(path)
    return path.read_text()


def make_secret_key():
    return secrets.token_urlsafe(50)


def make_rsa_key():
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


def s3_storage():
    """STORAGES["default"] for an S3-compatible bucket (django-storages) from EMITRA_S3_*, or None
    when EMITRA_S3_BUCKET is not set.

    EMITRA_S3_ENDPOINT_URL names a non-AWS service (MinIO, Ceph, a state data centre's);
    keys come from EMITRA_S3_ACCESS_KEY_ID / EMITRA_S3_SECRET_ACCESS_KEY (or their _FILE),
    else from boto3's usual sources (an instance role). Objects are private; file names
    are content hashes, so writing one twice writes the same bytes.
    """
    bucket = env("EMITRA_S3_BUCKET")
    if not bucket:
        return None
    try:
        import storages.backends.s3  # noqa: F401
    except ImportError:
        raise ImproperlyConfigured("EMITRA_S3_BUCKET is set but django-storages[s3] is not installed: "
                                   "pip install 'emitra[s3]'") from None
    style = env("EMITRA_S3_ADDRESSING_STYLE")
    if style not in ("", "path", "virtual"):
        raise ImproperlyConfigured(f"EMITRA_S3_ADDRESSING_STYLE must be path or virtual, not {style!r}")
    options = {
        "bucket_name": bucket,
        "endpoint_url": env("EMITRA_S3_ENDPOINT_URL") or None,
        "region_name": env("EMITRA_S3_REGION") or None,
        "access_key": env("EMITRA_S3_ACCESS_KEY_ID") or None,
        "secret_key": env("EMITRA_S3_SECRET_ACCESS_KEY") or None,
        "location": env("EMITRA_S3_PREFIX").strip("/"),
        "addressing_style": style or None,
        "default_acl": None,
        "querystring_auth": True,
        "file_overwrite": True,
    }
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}
