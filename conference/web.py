"""The foundation's pages and API: login and sessions, who is logged in, health, the
OpenAPI description, the language switch, the front-end packages, the HTTPS authority."""
from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, current_app, jsonify, make_response, redirect, render_template, request, url_for

from . import clock, staff, store
from .errors import Refusal
from .i18n import _
from .staff import HOME_BY_ROLE, requires

bp = Blueprint("core", __name__)


# ---------------------------------------------------------------- login


@bp.get("/")
def home():
    """Anyone opening the server's address: their role's page, or the login page."""
    user = staff.current_user()
    if user is None:
        return redirect(url_for("core.login_page"))
    return redirect(url_for(HOME_BY_ROLE[user.role]))


@bp.get("/login")
def login_page():
    """A person at any device: the Vietnamese login form."""
    return render_template("conference/login.html", error=None, next=request.args.get("next", ""))


@bp.post("/login")
def login_form():
    """The login form posts here; on success goes to the role's page."""
    try:
        row = staff.authenticate(store.db(), request.form.get("username"), request.form.get("password"), _address())
    except Refusal as refusal:  # too many wrong passwords: the wait, in the form
        return render_template("conference/login.html", error=refusal.message, next=request.form.get("next", "")), 429
    if row is None:
        return render_template(
            "conference/login.html",
            error=_("Sai tên đăng nhập hoặc mật khẩu."),
            next=request.form.get("next", ""),
        ), 401
    staff.log_in(row)
    target = request.form.get("next") or ""
    if not target.startswith("/") or target.startswith("//"):
        target = url_for(HOME_BY_ROLE[row["role"]])
    return staff.remember_known(redirect(target), row["username"])


@bp.post("/logout")
def logout():
    """The logout button on every page; ends the session and closes its sockets; back to the login form."""
    staff.log_out()
    return redirect(url_for("core.login_page"))


@bp.post("/api/session")
def api_login():
    """Tools and tests log in with JSON; 200 with a session cookie, 401 otherwise."""
    try:
        body = request.get_json(silent=True)
    except Refusal:  # refused by the JSON gate
        body = None
    if not isinstance(body, dict):  # the contract: anything but good credentials is a 401
        raise Refusal(401, "unauthorized", _("Cần gửi JSON có username và password."))
    row = staff.authenticate(store.db(), body.get("username"), body.get("password"), _address())
    if row is None:
        raise Refusal(401, "unauthorized", _("Sai tên đăng nhập hoặc mật khẩu."))
    staff.log_in(row)
    return staff.remember_known(jsonify({"username": row["username"], "role": row["role"], "name": row["display_name"]}),
                                row["username"])


@bp.delete("/api/session")
def api_logout():
    """Tools log out; 204. The session ends on the server and its sockets close."""
    staff.log_out()
    return "", 204


def _address() -> str:
    return request.remote_addr or ""


@bp.get("/favicon.ico")
def favicon():
    """Every browser, on its own: the app's icon (drawn for it, `static/img/icon.svg`)."""
    return current_app.send_static_file("img/favicon.ico")


# ---------------------------------------------------------------- times as people read them


@bp.app_template_filter("hall_time")
def hall_time(iso: str | None) -> str:
    """'2026-11-30T05:10:42Z' → '12:10 30/11/2026': every page shows the hall's clock, never UTC."""
    return clock.local(iso, current_app.config["TIMEZONE"], "%H:%M %d/%m/%Y")


@bp.app_template_filter("hall_date")
def hall_date(iso: str | None) -> str:
    """A stored day '2026-11-30' → '30/11/2026', the Vietnamese way; anything else as it is."""
    try:
        return date.fromisoformat(str(iso)).strftime("%d/%m/%Y") if iso else ""
    except ValueError:
        return str(iso)


@bp.get("/api/health")
def health():
    """Anyone (a monitor, the staff): the database answers; Redis, when several processes share it."""
    from .realtime import message_queue_state

    store.conference_active(store.db())
    state = message_queue_state()
    return jsonify({"ok": state != "unavailable", "database": "ok", "message_queue": state})


@bp.get("/api/openapi.json")
def openapi():
    """Tools and fuzzers: the JSON API described as OpenAPI."""
    from .openapi import spec

    return jsonify(spec())


@bp.get("/api/me")
@requires(*staff.ROLES)
def api_me():
    """Every page asks who is logged in."""
    user = staff.current_user()
    assert user is not None
    return jsonify({"kind": user.kind, "id": user.id, "role": user.role, "name": user.name})


@bp.get("/lang/<code>")
def set_language(code: str):
    """The language switch in the page footer: remembers vi or en in a cookie."""
    response = make_response(redirect(request.referrer or url_for("core.home")))
    if code in ("vi", "en"):
        response.set_cookie("lang", code, max_age=365 * 86400, samesite="Lax")
    return response


# ---------------------------------------------------------------- front-end packages

# npm packages the pages use, installed by the setup command: the hall has no internet.
VENDOR = {
    "socket.io": "socket.io-client/dist",
    "be-vietnam-pro": "@fontsource/be-vietnam-pro",
    "qr-scanner": "qr-scanner",
    "noble-hashes": "@noble/hashes",
}


@bp.get("/vendor/<package>/<path:filename>")
@bp.get("/v/<version>/vendor/<package>/<path:filename>")
def vendor(package: str, filename: str, version: str | None = None):
    """Every page: scripts and fonts from node_modules, served by the app itself (the
    versioned address by WhiteNoise in front, `static_files.py`; here only what it missed)."""
    from flask import send_from_directory

    if package not in VENDOR:
        abort(404)
    folder = f"{current_app.config['NODE_MODULES']}/{VENDOR[package]}"
    return send_from_directory(folder, filename, max_age=0 if version else 86400)


@bp.get("/v/<version>/static/<path:filename>")
def versioned_static(version: str, filename: str):
    """Every page's own files under an older or unknown version: the current file, revalidated."""
    return current_app.send_static_file(filename)
