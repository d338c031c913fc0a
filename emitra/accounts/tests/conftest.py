"""Fixtures for the sign-in tests: a real, third-party OpenID Connect provider.

panva's ``oidc-provider`` (npm) runs in a Node process on loopback with one
static client for the portal (see oidc_provider/server.js). CI installs it with

    npm ci --prefix emitra/accounts/tests/oidc_provider

(`emitra test` runs it when node_modules is missing), and a missing install
FAILS the tests (it does not skip them): CI must prove that the portal signs
in through a standard provider.
"""
import os
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

PROVIDER_DIR = Path(__file__).resolve().parent / "oidc_provider"
NPM_COMMAND = "npm ci --prefix emitra/accounts/tests/oidc_provider"
CLIENT_ID = "emitra-portal"
CLIENT_SECRET = "test-secret"
READY_PREFIX = "OIDC-PROVIDER READY "
START_TIMEOUT = 30  # seconds; a cold Node start on a busy CI box is well under that


@dataclass
class ExternalProvider:
    issuer: str
    client_id: str
    client_secret: str
    metadata: dict
    process: subprocess.Popen
    log: Path

    def log_text(self):
        return self.log.read_text(errors="replace") if self.log.exists() else ""


def _fail(message, log=None):
    if log is not None and log.exists():
        message += "\n--- oidc-provider output ---\n" + log.read_text(errors="replace")
    pytest.fail(message, pytrace=False)


def _stop(process):
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


@pytest.fixture
def start_external_oidc_provider(tmp_path):
    """A function that starts oidc-provider for the given redirect URIs.

    Returns an ExternalProvider; every process started is stopped at teardown.
    ``conform_id_token_claims=True`` (the library's default) puts profile
    claims such as preferred_username only in the userinfo response;
    ``False`` puts them in the ID token as well.
    """
    started = []

    def start(redirect_uris, conform_id_token_claims=True):
        node = shutil.which("node")
        if node is None:
            _fail("Node.js is not installed: the external-provider sign-in test needs "
                  f"`node` (20 or later) and then `{NPM_COMMAND}`; `emitra test` installs both.")
        if not (PROVIDER_DIR / "node_modules" / "oidc-provider" / "package.json").exists():
            _fail("oidc-provider is not installed for the sign-in test. Run `emitra test` "
                  f"(it installs what the tests need), or from the repository root:\n    {NPM_COMMAND}")
        log = tmp_path / f"oidc-provider-{len(started)}.log"
        stdout = tmp_path / f"oidc-provider-{len(started)}.stdout"
        env = dict(os.environ)
        env.update({
            "OIDC_TEST_REDIRECT_URIS": " ".join(redirect_uris),
            "OIDC_TEST_CONFORM_ID_TOKEN_CLAIMS": "true" if conform_id_token_claims else "false",
            "NODE_ENV": "test",
        })
        with open(stdout, "wb") as out, open(log, "wb") as err:
            process = subprocess.Popen(
                [node, "server.js", "0"],  # port 0: the OS picks a free port
                cwd=PROVIDER_DIR, env=env, stdout=out, stderr=err,
                stdin=subprocess.DEVNULL, start_new_session=True,
            )
        started.append(process)

        issuer = None
        deadline = time.monotonic() + START_TIMEOUT
        while issuer is None:
            for line in stdout.read_text(errors="replace").splitlines():
                if line.startswith(READY_PREFIX):
                    issuer = line[len(READY_PREFIX):].strip()
            if issuer:
                break
            if process.poll() is not None:
                _fail(f"oidc-provider exited with code {process.returncode} before it "
                      f"was ready (is `{NPM_COMMAND}` up to date?)", log)
            if time.monotonic() > deadline:
                _fail(f"oidc-provider printed no readiness line in {START_TIMEOUT} s", log)
            time.sleep(0.05)

        # Ready means discovery answers, not only that the port is open.
        discovery = issuer + "/.well-known/openid-configuration"
        while True:
            try:
                response = requests.get(discovery, timeout=2)
                if response.status_code == 200:
                    metadata = response.json()
                    break
            except requests.RequestException:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                _fail(f"oidc-provider's discovery {discovery} did not answer", log)
            time.sleep(0.05)
        assert metadata["issuer"] == issuer
        return ExternalProvider(issuer, CLIENT_ID, CLIENT_SECRET, metadata, process, log)

    yield start
    for process in started:
        _stop(process)


@pytest.fixture
def portal_callback_url(live_server):
    return live_server.url + "/auth/callback/"


@pytest.fixture
def external_oidc_provider(start_external_oidc_provider, portal_callback_url):
    """oidc-provider with the live portal's callback URL registered."""
    return start_external_oidc_provider([portal_callback_url])


@pytest.fixture
def portal_uses_external_provider(settings, external_oidc_provider):
    """The portal configured (at request time) as a client of oidc-provider."""
    settings.OIDC_ISSUER = external_oidc_provider.issuer
    settings.OIDC_CLIENT_ID = external_oidc_provider.client_id
    settings.OIDC_CLIENT_SECRET = external_oidc_provider.client_secret
    settings.OIDC_SCOPES = "openid profile email phone"
    settings.OIDC_SSO_ID_CLAIM = "preferred_username"
    return external_oidc_provider
