"""Slow clients do not tie up the server (issue 12 req 9).

Several clients that send their request one byte a second (a bad GPRS link, or an
attack) are held open while other people's requests are made: these are answered
while every slow client is still sending. gunicorn's threads block on a slow
client's request (one thread each, 16 in all as `emitra up` serves), so the portal
is served behind HAProxy (emitra/deploy/haproxy.cfg), which reads every request
whole before it hands it to gunicorn and drops one whose headers are not in within
10 s; the request-line, header and body limits are set there and in gunicorn.
"""
import shutil
import socket
import subprocess
import threading
from dataclasses import dataclass

import pytest
import requests

from emitra.browsers.tests import serving
from emitra.core.loopback import free_port
from emitra.deploy.gunicorn import gunicorn_command
from emitra.deploy import haproxy_config

SLOW_CLIENTS = 24  # more than gunicorn's 2 workers x 8 threads


class SlowClient(threading.Thread):
    """Sends a GET one byte a second and never finishes its headers (until stopped)."""

    def __init__(self, port, stopping):
        super().__init__(daemon=True)
        self.sock = socket.create_connection(("127.0.0.1", port))
        self.stopping = stopping
        self.sent = 0
        self.answered = False

    def run(self):
        request = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + b"a" * 10_000
        try:
            for byte in request:
                self.sock.sendall(bytes([byte]))
                self.sent += 1
                if self.stopping.wait(1):
                    return
        except OSError:
            return  # the proxy gave up on it
        finally:
            self.sock.close()


def started(clients):
    return all(c.sent >= 2 for c in clients)


@dataclass
class Proxied:
    front: int
    base: str
    server: subprocess.Popen
    proxy: subprocess.Popen
    log_path: object


@pytest.fixture
def proxied(tmp_path):
    """The portal as deployed: gunicorn behind HAProxy with emitra.deploy's configuration."""
    backend, front = free_port(), free_port()
    config = tmp_path / "haproxy.cfg"
    config.write_text(haproxy_config(bind=f"127.0.0.1:{front}", backend=f"127.0.0.1:{backend}"))
    log_path = tmp_path / "server.log"
    with open(log_path, "wb") as log:
        server = serving.start(gunicorn_command(f"127.0.0.1:{backend}"), serving.environment(tmp_path), log)
        proxy = serving.start([shutil.which("haproxy"), "-db", "-f", str(config)], {}, log)
    try:
        base = f"http://127.0.0.1:{front}"
        serving.wait_until_up(base, server, log_path)
        yield Proxied(front, base, server, proxy, log_path)
    finally:
        serving.stop(proxy)
        serving.stop(server)


@pytest.mark.needs("haproxy")
@pytest.mark.django_db(transaction=True)
def test_other_requests_are_answered_while_slow_clients_dribble(proxied):
    front, server, proxy, log_path = proxied.front, proxied.server, proxied.proxy, proxied.log_path
    stopping = threading.Event()
    clients = []
    try:
        clients = [SlowClient(front, stopping) for _ in range(SLOW_CLIENTS)]
        for c in clients:
            c.start()
        while not started(clients):
            stopping.wait(0.1)
        answers = [requests.get(f"http://127.0.0.1:{front}{path}", timeout=120).status_code
                   for path in ("/healthz", "/", "/status/", "/sso/login/") * 5]
        still_sending = [c.is_alive() and c.sent < 100 for c in clients]
        assert answers == [200] * 20
        assert all(still_sending), [c.sent for c in clients]  # all were held open meanwhile
        assert proxy.poll() is None and server.poll() is None, log_path.read_text()[-3000:]
    finally:
        stopping.set()
        for c in clients:
            c.join()


@pytest.mark.needs("haproxy")
@pytest.mark.django_db(transaction=True)
def test_request_header_and_body_limits_are_set(proxied):
    base = proxied.base
    assert requests.get(base + "/healthz", headers={"X-Big": "a" * 20_000}, timeout=60).status_code in (400, 431)
    assert requests.get(base + "/healthz?" + "q" * 10_000, timeout=60).status_code in (400, 414)
    big = requests.post(base + "/sso/login/", data=b"a" * (13 * 1024 * 1024), timeout=60,
                        headers={"Content-Type": "application/octet-stream"})
    assert big.status_code == 413
    assert requests.get(base + "/healthz", timeout=60).status_code == 200
