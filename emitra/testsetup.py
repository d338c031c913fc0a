"""What the test suite needs from the machine, and `emitra test`, which sets it up
(issue 9 item 24: the README's test command passes on a fresh machine).

Rule: a test never skips because something is not installed. A test that needs
a program, a font or a library says so with ``@pytest.mark.needs("chromium")``
(names from REQUIREMENTS); when it is missing the test FAILS with the one
command that installs it. A skip means only "not this platform" (a race that
needs PostgreSQL on a SQLite run).

`emitra test [pytest arguments]` first installs what is missing: the Debian
packages (apt-get, when it runs as root; otherwise it stops at once and prints
the one command to run) and the npm packages of the third-party OpenID Connect
provider the sign-in test starts and the web tools (`npm ci` when a node_modules
is missing; emitra/webtools: the Nu validator, axe-core and puppeteer-core, issue 12).
Then it runs pytest with the arguments. Plain `pytest` keeps working once the
machine is set up.

This module is also a pytest plugin (pyproject's ``-p emitra.testsetup``) and
imports nothing of Django.
"""
import ctypes.util
import glob
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OIDC_PROVIDER_DIR = ROOT / "emitra" / "accounts" / "tests" / "oidc_provider"
NPM_CI = ["npm", "ci", "--prefix", str(OIDC_PROVIDER_DIR), "--no-audit", "--no-fund", "--loglevel=error"]
WEBTOOLS_DIR = ROOT / "emitra" / "webtools"
# --ignore-scripts: vnu-jar's install script would download a Java; the machine's Java 17 runs it
WEBTOOLS_NPM_CI = ["npm", "ci", "--prefix", str(WEBTOOLS_DIR), "--ignore-scripts", "--no-audit", "--no-fund",
                   "--loglevel=error"]


def _commands(*names):
    return lambda: all(shutil.which(n) for n in names)


def _libraries(*names):
    return lambda: all(ctypes.util.find_library(n) for n in names)


def _files(pattern):
    return lambda: bool(glob.glob(pattern, recursive=True))


@dataclass(frozen=True)
class Requirement:
    name: str  # what @pytest.mark.needs(...) names
    debian: tuple  # the Debian packages that provide it
    present: callable
    why: str


REQUIREMENTS = {r.name: r for r in [
    Requirement("chromium", ("chromium",), _commands("chromium"),
                "the browser tests (Playwright drives the system Chromium)"),
    Requirement("poppler", ("poppler-utils",), _commands("pdftotext", "pdftoppm", "pdfinfo"),
                "reading back the PDFs (receipts, certificates)"),
    Requirement("zbar", ("zbar-tools",), _commands("zbarimg"), "decoding the QR codes back"),
    Requirement("gettext", ("gettext",), _commands("xgettext", "msgmerge", "msgfmt"),
                "the Hindi catalogue checks"),
    Requirement("fonts", ("fonts-noto-core",),
                _files("/usr/share/fonts/**/NotoSansDevanagari*"), "Devanagari in the PDFs"),
    Requirement("weasyprint-libs", ("libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz-subset0"),
                _libraries("pango-1.0", "pangoft2-1.0", "harfbuzz-subset"), "WeasyPrint's PDFs"),
    Requirement("w3m", ("w3m",), _commands("w3m"), "the text-browser checks"),
    Requirement("lynx", ("lynx",), _commands("lynx"), "the text-browser checks"),
    Requirement("node", ("nodejs", "npm"), _commands("node", "npm"),
                "the third-party OpenID Connect provider of the sign-in test"),
    Requirement("java", ("openjdk-17-jre-headless",), _commands("java"),
                "the W3C Nu HTML validator over every page the suite renders"),
    Requirement("firefox", ("firefox-esr",), _commands("firefox-esr"), "the Firefox browser test"),
    Requirement("haproxy", ("haproxy",), _commands("haproxy"), "the slow-client test (HAProxy buffers requests)"),
]}


def oidc_provider_installed():
    return (OIDC_PROVIDER_DIR / "node_modules" / "oidc-provider" / "package.json").exists()


def webtools_installed():
    return all((WEBTOOLS_DIR / "node_modules" / p / "package.json").exists()
               for p in ("vnu-jar", "axe-core", "puppeteer-core"))


def missing_requirements():
    return [r for r in REQUIREMENTS.values() if not r.present()]


def debian_packages(requirements):
    return sorted({p for r in requirements for p in r.debian})


def install_command(requirements):
    """The one command line that installs what `requirements` lack, for a person to run."""
    packages = " ".join(debian_packages(requirements))
    return f"sudo apt-get update && sudo apt-get install -y {packages}"


def how_to_install(name):
    """What a failing test says when requirement `name` is missing."""
    requirement = REQUIREMENTS[name]
    return (f"{' '.join(requirement.debian)} is not installed, needed for {requirement.why}. "
            f"Run `emitra test` (it installs what the tests need), or: {install_command([requirement])}")


class SetUpError(Exception):
    """The machine cannot be set up from here; the message says what to run."""


def set_up(*, say=print):
    """Install what the test suite needs, or raise SetUpError with the command to run."""
    missing = missing_requirements()
    if missing:
        if os.geteuid() != 0 or not shutil.which("apt-get"):
            raise SetUpError(
                "emitra test: the tests need " + ", ".join(debian_packages(missing))
                + ". Run:\n    " + install_command(missing))
        packages = debian_packages(missing)
        say("emitra test: installing " + " ".join(packages))
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
        subprocess.run(["apt-get", "install", "-y", "-qq", *packages], check=True, env=env,
                       stdout=subprocess.DEVNULL)
        still = missing_requirements()
        if still:
            raise SetUpError("emitra test: still missing after apt-get: "
                             + ", ".join(r.name for r in still))
    if not oidc_provider_installed():
        say("emitra test: " + " ".join(NPM_CI[:3]) + " (the sign-in test's OpenID Connect provider)")
        subprocess.run(NPM_CI, check=True)
    if not webtools_installed():
        say("emitra test: " + " ".join(WEBTOOLS_NPM_CI[:3]) + " (the Nu validator, axe-core, puppeteer-core)")
        subprocess.run(WEBTOOLS_NPM_CI, check=True)


def run(args):
    """`emitra test`: set up, then become `python -m pytest args` (or return 2 if set-up failed)."""
    try:
        set_up()
    except SetUpError as error:
        print(error, file=sys.stderr)
        return 2
    except subprocess.CalledProcessError as error:
        print(f"emitra test: {' '.join(error.cmd)} failed with status {error.returncode}", file=sys.stderr)
        return 2
    if not Path.cwd().is_relative_to(ROOT):
        os.chdir(ROOT)  # the project's pytest settings live in its pyproject.toml
    sys.stdout.flush()
    # a fresh interpreter, so that pytest loads this module itself as its plugin
    os.execv(sys.executable, [sys.executable, "-m", "pytest", *args])


# --- the pytest plugin ------------------------------------------------------------

def pytest_configure(config):
    config.addinivalue_line(
        "markers", "needs(*names): the test needs these installed (emitra.testsetup.REQUIREMENTS); "
                   "it fails, never skips, when one is missing")


def pytest_runtest_setup(item):
    import pytest

    for marker in item.iter_markers("needs"):
        for name in marker.args:
            if not REQUIREMENTS[name].present():
                pytest.fail(how_to_install(name), pytrace=False)
