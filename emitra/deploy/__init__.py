"""What runs in front of the portal in production (issue 12 req 9: slow clients).

gunicorn's threads (2 workers x 8 threads, emitra.deploy.gunicorn) read a
request with blocking reads: a client that sends a byte a second holds one thread
for as long as it likes, and 16 such clients stop the portal. So the portal is served
behind HAProxy with `haproxy_config()`: HAProxy reads each request's headers (and its
body, up to its buffer) itself, drops a request whose headers are not all in within
10 s, and hands gunicorn only whole requests, at most 16 at a time (the rest wait in
its queue, costing no thread). Limits: request line and each header 4 KB / 8 KB and
100 headers (gunicorn), all headers 32 KB (HAProxy's buffer), body 12 MB (HAProxy,
413; uploads are at most 5 MB each), form fields other than files 2.5 MB (Django).
"""

HAPROXY = """\
# e-Mitra: HAProxy in front of gunicorn (emitra.deploy; issue 12 req 9)
global
    maxconn 4096
    # every request's headers must fit in one buffer: at most 32 KB of headers
    tune.bufsize 32768
    tune.http.maxhdr 101

defaults
    mode http
    option http-buffer-request
    option forwardfor
    # a request's headers (and body, up to the buffer) must be in within 10 s
    timeout http-request 10s
    # a kiosk's next click keeps its connection for 60 s (issue 12, F1): on GPRS a new TCP
    # connection costs a round trip (>= 0.5 s) more; an idle connection costs HAProxy a few KB
    # and gunicorn nothing (HAProxy holds it; gunicorn's own 2 s is HAProxy's loopback side)
    timeout http-keep-alive 60s
    timeout connect 5s
    timeout client 60s
    timeout server 120s
    timeout queue 60s

frontend portal
    bind {bind}
    http-request deny deny_status 413 if {{ req.hdr_val(content-length) gt {max_body} }}
    default_backend gunicorn

backend gunicorn
    # no more requests at once than gunicorn has threads; the others wait here
    server portal {backend} maxconn {threads}
"""

MAX_BODY = 12 * 1024 * 1024


def haproxy_config(*, bind, backend, threads=None):
    """HAProxy's configuration: listen on bind (host:port), forward to gunicorn on backend."""
    from emitra.deploy.gunicorn import THREADS, WORKERS

    return HAPROXY.format(bind=bind, backend=backend, max_body=MAX_BODY, threads=threads or WORKERS * THREADS)
