"""The `emitra` command: Django's management commands plus a few of our own.

    emitra up [--host H] [--port P]   set up and serve the portal with its worker
    emitra demo                       load the demo data (idempotent; migrates first if need be)
    emitra check                      Django's deploy checks on production settings
    emitra check-ledger               verify the ledger's invariants
    emitra bench ledger|payments|search|gprs [--seconds T]
    emitra test [pytest arguments]    set up what the tests need, then run them
    emitra <any manage.py command>    e.g. emitra migrate, emitra db_worker
"""
import os
import sys


def translate(argv):
    """Map our spellings onto management command names."""
    if not argv:
        return ["help"]
    command, rest = argv[0], argv[1:]
    if command == "check" and "--deploy" not in rest:
        os.environ["EMITRA_ENV"] = "production"
        return ["check", "--deploy", "--fail-level", "WARNING", *rest]
    if command == "bench":
        if not rest or rest[0].startswith("-"):
            sys.exit("usage: emitra bench ledger|payments|search|gprs [--seconds T]")
        return ["bench_" + rest[0], *rest[1:]]
    return [command.replace("-", "_"), *rest]


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["test"]:
        from emitra import testsetup

        sys.exit(testsetup.run(argv[1:]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "emitra.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["emitra", *translate(argv)])


if __name__ == "__main__":
    main()
