import logging
import time

log = logging.getLogger("emitra.request")


class RequestLogMiddleware:
    """One structured line per request: method, path, status, time, size."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.monotonic()
        response = self.get_response(request)
        person = getattr(request, "person", None)
        log.info(
            "request",
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "ms": round((time.monotonic() - started) * 1000, 1),
                "bytes": len(response.content) if not response.streaming else None,
                "sso_id": person.sso_id if person else None,
            },
        )
        return response
