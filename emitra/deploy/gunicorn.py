"""How gunicorn serves the portal: `emitra up`, the benches and the slow-client tests all
start it with this one command line (issue 12 req 9; HAProxy in front: emitra.deploy)."""
import sys

# gunicorn: a process per CPU of a small server (each has its own GIL) and
# threads in each, so that a request waiting on the database leaves the CPU
# to another. `emitra bench payments` serves the same way.
WORKERS = 2
THREADS = 8


def gunicorn_command(bind, workers=WORKERS, threads=THREADS):
    """The command line that serves the portal. No access log: RequestLogMiddleware
    already writes one line per request, with the person and the time taken. Request
    limits (issue 12 req 9): request line 4 KB, 100 headers of at most 8 KB each; in
    production behind HAProxy (emitra.deploy), which holds slow clients off the threads."""
    return [sys.executable, "-m", "gunicorn", "emitra.wsgi", "--bind", bind, "--workers", str(workers),
            "--threads", str(threads), "--no-control-socket", "--log-level", "warning", "--graceful-timeout", "5",
            "--limit-request-line", "4094", "--limit-request-fields", "100", "--limit-request-field_size", "8190"]
