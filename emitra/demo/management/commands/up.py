"""`emitra up`: everything a laptop needs, then the portal and its worker.

Creates the data folder and secrets (settings do that on import), migrates,
collects static files, loads the demo data into an empty database, registers
the portal with the bundled SSO provider, and runs gunicorn and the task
worker until Ctrl-C, which stops both.
"""
import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from emitra.demo.cast import DEMO_PASSWORD, PEOPLE
from emitra.demo.loaders import load_demo
from emitra.deploy.gunicorn import WORKERS, gunicorn_command

class Command(BaseCommand):
    help = "Set up and serve the portal with demo data and the background worker."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=WORKERS)
        parser.add_argument("--no-demo", action="store_true", help="do not load demo data into an empty database")
        parser.add_argument("--demo-digilocker", nargs="?", type=int, const=0, default=None, metavar="PORT",
                            help="serve a local stand-in for DigiLocker (on PORT, else a free port) and connect "
                                 "the portal to it (F30)")

    def handle(self, *args, host, port, workers, no_demo, demo_digilocker=None, **options):
        from emitra.network.models import Kiosk
        from emitra.sso.services import ensure_portal_client, portal_uris_for

        self.stdout.write(f"Data folder: {settings.DATA_DIR}")
        call_command("migrate", interactive=False, verbosity=0)
        call_command("createcachetable", verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        if not no_demo and not Kiosk.objects.exists():
            self.stdout.write("Loading demo data ...")
            load_demo()
        hosts = {host, "127.0.0.1", "localhost"} if host in ("127.0.0.1", "localhost", "0.0.0.0") else {host}
        redirects, logouts = [], []
        for h in hosts:
            r, lo = portal_uris_for(f"http://{h}:{port}")
            redirects += r
            logouts += lo
        ensure_portal_client(redirects, logouts)

        env = dict(os.environ, DJANGO_SETTINGS_MODULE="emitra.settings",
                   EMITRA_DATA_DIR=str(settings.DATA_DIR))
        if host == "0.0.0.0":
            env.setdefault("EMITRA_ALLOWED_HOSTS", "*")
        digilocker = None
        if demo_digilocker is not None:
            digilocker = self.start_demo_digilocker(demo_digilocker, hosts, port, env)
        web = subprocess.Popen(gunicorn_command(f"{host}:{port}", workers), env=env)
        worker = subprocess.Popen([sys.executable, "-m", "emitra.cli", "db_worker"], env=env)
        # the outbox's safety net: messages whose task was lost or is due again
        sweeper = subprocess.Popen([sys.executable, "-m", "emitra.cli", "deliver_outbox", "--every", "60"], env=env)
        shown = "127.0.0.1" if host == "0.0.0.0" else host
        self.stdout.write(self.style.SUCCESS(f"\ne-Mitra is running at http://{shown}:{port}/"))
        self.stdout.write(f"Demo sign-ins (password {DEMO_PASSWORD}): " + ", ".join(p[0] for p in PEOPLE[:7]))
        self.stdout.write("Press Ctrl-C to stop.\n")

        stopping = False

        def stop(signum, frame):
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        try:
            while not stopping and all(p.poll() is None for p in (web, worker, sweeper)):
                time.sleep(0.3)
        finally:
            if digilocker is not None:
                digilocker.stop()
            for proc in (web, worker, sweeper):
                if proc.poll() is None:
                    proc.send_signal(signal.SIGTERM)
            for proc in (web, worker, sweeper):
                try:
                    proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    proc.kill()
        self.stdout.write("Stopped.")

    def start_demo_digilocker(self, digilocker_port, hosts, port, env):
        """The local DigiLocker (emitra.documents.digilocker_server) in a thread of this process, with
        the portal registered as its client; the portal's processes get its address and credentials."""
        import secrets

        from emitra.documents.digilocker_server import DEMO_PIN, Client, DemoDigiLocker, demo_accounts

        secret = secrets.token_urlsafe(24)
        callbacks = {f"http://{h}:{port}/digilocker/callback/" for h in hosts if h != "0.0.0.0"}
        server = DemoDigiLocker(accounts=demo_accounts(), port=digilocker_port,
                                clients=[Client("emitra-demo", secret, callbacks)]).start()
        env.update(EMITRA_DIGILOCKER_URL=server.url, EMITRA_DIGILOCKER_CLIENT_ID="emitra-demo",
                   EMITRA_DIGILOCKER_CLIENT_SECRET=secret)
        account = server.accounts[0]
        self.stdout.write(f"Demo DigiLocker at {server.url}/ (sign in there as {account.mobile}, PIN {DEMO_PIN})")
        return server
        if not stopping:
            sys.exit(1)
