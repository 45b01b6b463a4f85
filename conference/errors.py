"""The one way to refuse: raise `Refusal`; the factory turns it into the contract's JSON
shape (`{"error", "message", …}`); a page that posts a form shows its message in place.

A rule raises it from inside its transaction, so nothing it began is kept; the CLI prints
its message. HTTP errors, a failing disk and numbers beyond SQLite's take the same shape.
"""
from __future__ import annotations

import sqlite3
from typing import Any

from flask import Flask, current_app, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from . import store
from .i18n import N_, _


class Refusal(Exception):
    """A request that cannot be honoured: a status, a code for programs, a sentence for people.

    `extra` goes into the JSON body beside them (the rows of a refused file, the person a
    walk-in already is)."""

    def __init__(self, status: int, code: str, message: str, **extra: Any):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.extra = extra

    @property
    def errors(self) -> list[dict[str, Any]]:
        """The rows of a refused file, each `{"row", "message"}`; empty otherwise."""
        return self.extra.get("errors", [])

    def body(self) -> dict[str, Any]:
        return {"error": self.code, "message": self.message, **self.extra}

    def __str__(self) -> str:
        return self.message


def invalid(message: str, **extra: Any) -> Refusal:
    """400: the body does not say what the contract asks."""
    return Refusal(400, "invalid", message, **extra)


def not_found(message: str | None = None) -> Refusal:
    return Refusal(404, "not_found", message or _("Không tìm thấy."))


def active_conference(database: Any, status: int = 404) -> dict[str, Any]:
    """The active conference, or the refusal that there is none (404 to read, 409 to write)."""
    conference = store.conference_active(database)
    if conference is None:
        raise Refusal(status, "no_conference", _("Chưa có hội nghị nào đang hoạt động."))
    return conference


def meeting_ended(database: Any, conference_id: int) -> bool:
    """The chairman pressed "Kết thúc hội nghị" and has not opened submissions since."""
    return bool(store.room_get(database, conference_id).get("ended_at"))


def meeting_not_ended(database: Any, conference: dict[str, Any], what: str) -> None:
    """409 once the chairman has ended the meeting: nothing new joins its finished record
    (`what` says what was refused) until submissions are opened again."""
    if meeting_ended(database, conference["id"]):
        raise Refusal(409, "meeting_ended", _(
            "Hội nghị đã kết thúc nên không nhận thêm %(what)s; biên bản đã ghi đủ những gì hội nghị nhận. "
            "Nếu hội nghị họp tiếp, chủ trì bấm Mở ở mục Nhận câu hỏi.", what=what))


def _json_error(code: str, message: str, status: int):
    """The one shape of every JSON error: a code for programs, a sentence for people."""
    return jsonify({"error": code, "message": message}), status


def _refused(refusal: Refusal):
    """A refusal is an answer to a program (a page's script, a kiosk, the CLI's test client):
    the JSON shape. Pages that post forms catch it and show its message in place. A browser
    opening a page or a file itself (a link, `/invitations?group=abc`: it asks for HTML by name,
    a script's fetch never does) gets the message as a page."""
    if (request.method == "GET" and not request.path.startswith("/api/")
            and "text/html" in request.headers.get("Accept", "")):
        return render_template("error.html", message=refusal.message, status=refusal.status), refusal.status
    return jsonify(refusal.body()), refusal.status


_HTTP_MESSAGES = {
    400: ("bad_request", N_("Yêu cầu không hợp lệ.")),
    401: ("unauthorized", N_("Bạn cần đăng nhập.")),
    403: ("forbidden", N_("Tài khoản của bạn không có quyền làm việc này.")),
    404: ("not_found", N_("Không tìm thấy.")),
    405: ("method_not_allowed", N_("Thao tác này không được hỗ trợ ở địa chỉ này.")),
    413: ("too_large", N_("Tệp hoặc nội dung gửi lên quá lớn.")),
    415: ("unsupported_media_type", N_("Định dạng dữ liệu gửi lên không được hỗ trợ.")),
    429: ("too_many_requests", N_("Bạn gửi quá nhiều yêu cầu. Hãy thử lại sau ít phút.")),
}


def _http_error(exc: HTTPException):
    """Every HTTP error as our JSON shape for API calls, as a Vietnamese page otherwise."""
    code, message = _HTTP_MESSAGES.get(exc.code or 500, ("error", N_("Đã có lỗi xảy ra.")))
    if request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json":
        return _json_error(code, _(message), exc.code or 500)
    return render_template("error.html", message=_(message), status=exc.code), exc.code


_STORAGE_PROBLEMS = ("readonly", "read-only", "disk is full", "disk i/o error", "database is locked", "unable to open")


def _storage_error(exc: sqlite3.OperationalError):
    """The disk is full, read-only or failing: the write was rolled back whole, reads go on.

    Anything else an OperationalError says is a bug, and stays a 500."""
    text = str(exc).lower()
    if not any(problem in text for problem in _STORAGE_PROBLEMS):
        raise exc
    current_app.logger.error("storage: %s", exc)
    if "locked" in text:
        return _json_error("busy", _("Máy chủ đang bận ghi dữ liệu. Xin thử lại sau giây lát."), 503)
    return _json_error("storage_unavailable", _(
        "Máy chủ không ghi được dữ liệu (ổ đĩa đầy, hỏng hoặc chỉ cho đọc). Những gì đã lưu vẫn an toàn; "
        "thao tác này chưa được ghi. Hãy báo cán bộ kỹ thuật."), 503)


def _number_too_large(_exc: OverflowError):
    """A number in a body or a query beyond what SQLite stores (2^63): refused, not a 500."""
    return _json_error("invalid", _("Số gửi lên quá lớn."), 400)


def init_app(app: Flask) -> None:
    app.register_error_handler(Refusal, _refused)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(sqlite3.OperationalError, _storage_error)
    app.register_error_handler(OverflowError, _number_too_large)
