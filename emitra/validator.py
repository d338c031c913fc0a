"""The W3C Nu HTML validator over the pages the test suite renders (issue 12 req 5).

Rule: every HTML page the suite renders is valid HTML5 by the Nu validator
(vnu-jar from npm, on the machine's Java 17). Starting Java per page would
cost the suite a second a page, so the page check (emitra/conftest.py) only
keeps each page in a folder (`PageStore.keep`, one file per distinct page) and
the session checks them all in one Java run at its end (`validate`); an error
fails the run and is listed with the page's path and the test that rendered it.

Installed by `emitra test` (`npm ci --prefix emitra/webtools`, emitra.testsetup).
This module imports nothing of Django.
"""
import hashlib
import json
import re
import subprocess
from pathlib import Path

from emitra.testsetup import WEBTOOLS_DIR, WEBTOOLS_NPM_CI

VNU_JAR = WEBTOOLS_DIR / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
# a CSRF token or a seal differs on every render of the same page
_VOLATILE = re.compile(rb'(name="(?:csrfmiddlewaretoken|seal)" value=")[^"]*"')


class ValidatorMissing(Exception):
    pass


class PageStore:
    """A folder of pages to validate: `<hash>.html` and, beside it, `<hash>.json`
    saying which path and test rendered it first."""

    def __init__(self, folder):
        self.folder = Path(folder)

    def keep(self, path, body, test=""):
        digest = hashlib.sha1(_VOLATILE.sub(rb"\1\"", body)).hexdigest()[:20]
        page = self.folder / f"{digest}.html"
        if not page.exists():
            (self.folder / f"{digest}.json").write_text(json.dumps({"path": path, "test": test}))
            page.write_bytes(body)

    def pages(self):
        return sorted(self.folder.glob("*.html"))

    def where(self, page):
        """(path, test) that rendered a kept page."""
        meta = json.loads(Path(page).with_suffix(".json").read_text())
        return meta["path"], meta["test"]


def validate(files):
    """{file: [error message, ...]} for the HTML files that have errors, from one Java run."""
    files = [str(f) for f in files]
    if not files:
        return {}
    if not VNU_JAR.exists():
        raise ValidatorMissing(f"{VNU_JAR} is missing: run `emitra test` or "
                               f"`{' '.join(WEBTOOLS_NPM_CI)}`")
    run = subprocess.run(["java", "-Xss4m", "-jar", str(VNU_JAR), "--format", "json", "--errors-only",
                          "--exit-zero-always", *files], capture_output=True, text=True, check=True)
    errors = {}
    for message in json.loads(run.stderr or '{"messages": []}')["messages"]:
        if message.get("type") == "non-document-error" or message.get("type") == "error":
            name = message.get("url", "").removeprefix("file:")
            where = f"line {message['lastLine']}: " if "lastLine" in message else ""
            extract = f" [{message['extract'].strip()[:80]}]" if message.get("extract") else ""
            errors.setdefault(str(Path(name)), []).append(f"{where}{message['message']}{extract}")
    return errors


def report(store):
    """Lines describing every validator error in a store's pages (empty when all are valid)."""
    lines = []
    for file, messages in sorted(validate(store.pages()).items()):
        path, test = store.where(file)
        lines.append(f"{path} (rendered by {test or '?'}):")
        lines += [f"    {m}" for m in messages]
    return lines
