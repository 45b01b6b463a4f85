"""What every answer carries and every write must show: the same-origin check on each
state-changing request, whatever its content type and async mode, and the headers that
keep pages from being framed, sniffed or running any script but the app's own files."""
from __future__ import annotations

import secrets
import time
from urllib.parse import urlsplit

from flask import Flask, Response, request, session

from .errors import Refusal
from .i18n import _

_SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data", "text/plain")

# Only the app's own files; no inline script, no eval; styles from our stylesheets (the pages
# set single properties from scripts, which a policy allows); QR codes are data: images.
CONTENT_SECURITY_POLICY = "; ".join((
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "media-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self' ws: wss:",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
))
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}


def csrf_token() -> str:
    """The token pages send back with form and multipart writes."""
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(24)
    return session["csrf"]


def _same_origin() -> bool:
    """Whether a browser says this request comes from one of our own pages.

    A browser names the page behind every POST, PUT, PATCH and DELETE: `Sec-Fetch-Site` in
    today's browsers, `Origin` in all of them, even for `fetch(…, {mode: "no-cors"})`. A
    request with neither comes from no page (the kiosk's retries are pages; curl, the CLI's
    test client and tools are not), so there is nobody to forge it for."""
    site = request.headers.get("Sec-Fetch-Site")
    if site is not None:
        return site in ("same-origin", "none")
    origin = request.headers.get("Origin")
    if origin is None:
        return True
    return origin != "null" and urlsplit(origin).netloc.lower() == request.host.lower()


_STARTED = "doithoai.started"
# Forms anyone on the LAN may send without a session's token: the ask page's, posted when its
# script did not arrive. A phone keeps no session worth the name (its cookie may be gone by the
# time it sends), anyone may ask a question anyway, and another site's form is still refused
# above by its origin.
OPEN_FORMS = frozenset({"projector.ask_form"})


def _check_origin():
    """Every write from another page (another site, another port of this laptop) is refused;
    a form or an upload also carries the session's token."""
    request.environ[_STARTED] = time.perf_counter()
    if request.method in _SAFE_METHODS:
        return None
    if not _same_origin():
        raise Refusal(403, "cross_site", _("Yêu cầu này không đến từ trang của Đối thoại nên bị từ chối."))
    if request.mimetype in _FORM_TYPES and request.endpoint not in OPEN_FORMS:
        sent = request.headers.get("X-CSRF-Token") or request.form.get("csrf_token")
        if not sent:  # the pages always send it: a script's POST without a JSON body
            raise Refusal(400, "csrf", _(
                "Yêu cầu dạng biểu mẫu cần mã bảo vệ của trang (X-CSRF-Token). Một chương trình hãy gửi "
                "dữ liệu JSON (Content-Type: application/json), kể cả khi không có gì: {}."))
        if sent != session.get("csrf"):
            raise Refusal(400, "csrf", _("Phiên làm việc đã hết hạn. Hãy tải lại trang rồi thử lại."))
    return None


def _one_value_each():
    """A query parameter given twice (`?group=3&group=4`) is a 400 naming it: which of the two
    a filter took would be a guess, and the list answered as if the other had been applied."""
    for name, values in request.args.lists():
        if len(values) > 1:
            raise Refusal(400, "invalid", _("Tham số %(name)s có mặt nhiều lần trong địa chỉ; chỉ ghi một lần.",
                                            name=name[:40]))
    return None


def _headers(response: Response) -> Response:
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    started = request.environ.get(_STARTED)
    if started is not None:
        # The standard Server-Timing header: how long the app itself took (a browser's
        # developer tools show it; bench/hall.py sets it beside what the kiosk waited).
        response.headers["Server-Timing"] = f"app;dur={(time.perf_counter() - started) * 1000:.2f}"
    return response


def init_app(app: Flask) -> None:
    app.before_request(_check_origin)
    app.before_request(_one_value_each)
    app.after_request(_headers)
