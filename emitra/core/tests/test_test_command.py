"""`emitra test`, the README's test command (issue 9 item 24): it sets up what the
suite needs or stops at once with the one command to run, then runs pytest with
its arguments; a test whose tools are missing fails, never skips."""
import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

from emitra import testsetup

PACKAGE = Path(__file__).resolve().parents[2]


def emitra_test(*args, env=None, as_nobody=False):
    python, env = sys.executable, {**os.environ, **(env or {})}
    command = []
    if as_nobody and os.geteuid() == 0:
        # user nobody; the set-up step needs only the standard library, so the system's
        # Python will do where the venv's interpreter lives in root's home
        command = [shutil.which("setpriv"), "--reuid=65534", "--regid=65534", "--clear-groups"]
        python = shutil.which("python3", path="/usr/bin")
        env["PYTHONPATH"] = str(testsetup.ROOT)
    command += [python, "-m", "emitra.cli", "test", *args]
    return subprocess.run(command, cwd=testsetup.ROOT, capture_output=True, text=True,
                          env=env, stdin=subprocess.DEVNULL)


def test_it_stops_at_once_with_the_one_command_to_run_when_packages_are_missing_and_it_is_not_root():
    # No program on PATH: chromium, w3m, pdftotext ... all look missing.
    out = emitra_test("--co", "-q", env={"PATH": "/nonexistent", "HOME": "/tmp"}, as_nobody=True)
    assert out.returncode == 2, out.stdout + out.stderr
    assert "sudo apt-get update && sudo apt-get install -y " in out.stderr
    command = out.stderr.split("Run:\n", 1)[1].strip()
    assert "\n" not in command  # one command
    for package in ("chromium", "poppler-utils", "zbar-tools", "gettext", "w3m", "lynx", "nodejs"):
        assert f" {package}" in command
    assert "collected" not in out.stdout  # pytest never started


def test_it_hands_its_arguments_to_pytest_when_the_machine_is_set_up():
    target = "emitra/core/tests/test_test_command.py::test_every_requirement_names_its_debian_packages"
    out = emitra_test("--collect-only", target)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "1 test collected" in out.stdout


def test_every_requirement_names_its_debian_packages():
    for requirement in testsetup.REQUIREMENTS.values():
        assert requirement.debian and requirement.why
        assert requirement.present(), testsetup.how_to_install(requirement.name)


def test_a_test_that_needs_what_is_not_installed_fails_with_the_command_instead_of_skipping(tmp_path):
    (tmp_path / "pytest.ini").write_text("[pytest]\n")
    (tmp_path / "test_needs.py").write_text(
        "import pytest\n\n@pytest.mark.needs('w3m')\ndef test_reads_a_page():\n    pass\n")
    out = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "emitra.testsetup", "-p", "no:django",
         "-p", "no:cacheprovider", "-c", str(tmp_path / "pytest.ini"), str(tmp_path)],
        capture_output=True, text=True, env={**os.environ, "PATH": "/nonexistent"})
    assert out.returncode == 1, out.stdout
    assert "1 error" in out.stdout and "skipped" not in out.stdout  # failed in its set-up
    assert "w3m is not installed" in out.stdout and "emitra test" in out.stdout


def _skips_for_a_missing_install(path):
    """Calls of pytest.skip/skipif/importorskip that hang on an installed program or file."""
    source = path.read_text()
    tree = ast.parse(source)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr == "importorskip":
            found.append(node.lineno)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "skipif":
            text = ast.get_source_segment(source, node)
            if any(word in text for word in ("which(", "exists(", "find_library(", "import")):
                found.append(node.lineno)
        if isinstance(node, ast.If):
            test = ast.get_source_segment(source, node.test)
            body = "".join(ast.get_source_segment(source, n) for n in node.body)
            if "skip(" in body and any(w in test for w in ("which(", "exists(", "find_library(")):
                found.append(node.lineno)
    return found


def test_no_test_skips_because_something_is_not_installed():
    offenders = [f"{path.relative_to(PACKAGE.parent)}:{line}"
                 for path in PACKAGE.rglob("test*.py") if "node_modules" not in path.parts
                 for line in _skips_for_a_missing_install(path)]
    offenders += [f"{path.relative_to(PACKAGE.parent)}:{line}"
                  for path in PACKAGE.rglob("conftest.py")
                  for line in _skips_for_a_missing_install(path)]
    assert not offenders, ("a test skips when a tool is not installed; mark it "
                           "@pytest.mark.needs(...) (emitra/testsetup.py) instead: " + ", ".join(offenders))
