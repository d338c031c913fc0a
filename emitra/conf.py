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
