"""Core pages and JSON API: login, conferences, roster, quotas, device pairing."""
from __future__ import annotations

import base64
import io
from typing import Any

from flask import (
    Blueprint, abort, current_app, jsonify, make_response, redirect, render_template, request, session,
    url_for,
)

from . import error_response, realtime, roster, staff, store
from .i18n import _
from .net import public_url
from .roster import RosterError
from .staff import requires
from .text import clean, fold

bp = Blueprint("core", __name__)

HOME_BY_ROLE = {
    "admin": "core.roster_page",
    "secretary": "core.roster_page",
    "chairman": "projector.index",
    "kiosk": "kiosk.index",
    "display": "projector.index",
}


def qr_data_uri(text: str) -> str:
    """An SVG QR code as a data: URI, for an <img src> that autoescaping keeps safe."""
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


def _json_body() -> Any:
    return request.get_json(silent=True)


def _roster_error(exc: RosterError):
    response = jsonify({"error": "invalid", "message": exc.message, "errors": exc.errors})
    return response, 422 if exc.errors else 400


def _not_found():
    return error_response("not_found", _("Không tìm thấy."), 404)


def _active_or_404():
    conference = store.conference_active(store.db())
    if conference is None:
        abort(404)
    return conference


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
    row = staff.authenticate(store.db(), request.form.get("username"), request.form.get("password"))
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
    return redirect(target)


@bp.post("/logout")
def logout():
    """The logout button on every page; back to the login form."""
    session.clear()
    return redirect(url_for("core.login_page"))


@bp.post("/api/session")
def api_login():
    """Tools and tests log in with JSON; 200 with a session cookie, 401 otherwise."""
    body = _json_body()
    if not isinstance(body, dict):  # the contract: anything but good credentials is a 401
        return error_response("unauthorized", _("Cần gửi JSON có username và password."), 401)
    row = staff.authenticate(store.db(), body.get("username"), body.get("password"))
    if row is None:
        return error_response("unauthorized", _("Sai tên đăng nhập hoặc mật khẩu."), 401)
    staff.log_in(row)
    return jsonify({"username": row["username"], "role": row["role"], "name": row["display_name"]})


@bp.delete("/api/session")
def api_logout():
    """Tools log out; 204."""
    session.clear()
    return "", 204


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


# ---------------------------------------------------------------- conferences


@bp.get("/api/conference")
@requires(*staff.ROLES)
def api_conference():
    """Staff pages and boards: the active conference with per-group counts."""
    conference = store.conference_active(store.db())
    if conference is None:
        return error_response("no_conference", _("Chưa có hội nghị nào đang hoạt động."), 404)
    return jsonify(roster.conference_summary(store.db(), conference))


@bp.get("/api/conferences")
@requires("admin", "chairman", "secretary")
def api_conferences():
    """The conferences page: every conference, past ones included."""
    rows = store.conferences_list(store.db())
    for row in rows:
        row["announcement_warning"] = roster.announcement_warning(row)
    return jsonify(rows)


@bp.post("/api/conferences")
@requires("admin")
def api_conference_create():
    """The conferences page creates one (active unless "activate": false); emits `attendance`."""
    body = _json_body()
    user = staff.current_user()
    try:
        conference_id = roster.create_conference(
            store.db(), body, user.actor, activate=not (isinstance(body, dict) and body.get("activate") is False)
        )
    except RosterError as exc:
        return _roster_error(exc)
    realtime.attendance_changed()
    row = store.conference_get(store.db(), conference_id)
    row["announcement_warning"] = roster.announcement_warning(row)
    return jsonify(row), 201


@bp.patch("/api/conferences/<int:conference_id>")
@requires("admin")
def api_conference_update(conference_id: int):
    """The conferences page edits title, date, venue…; emits `attendance`."""
    database = store.db()
    try:
        fields = roster.validate_conference(_json_body(), partial=True)
    except RosterError as exc:
        return _roster_error(exc)
    with store.write(database):
        if store.conference_get(database, conference_id) is None:
            return _not_found()
        store.conference_update(database, conference_id, fields)
        store.audit(database, staff.current_user().actor, "conference.update", str(conference_id), **fields)
    realtime.attendance_changed()
    row = store.conference_get(database, conference_id)
    row["announcement_warning"] = roster.announcement_warning(row)
    return jsonify(row)


@bp.post("/api/conferences/<int:conference_id>/activate")
@requires("admin")
def api_conference_activate(conference_id: int):
    """The conferences page makes one the active conference; emits `attendance`."""
    database = store.db()
    with store.write(database):
        if store.conference_get(database, conference_id) is None:
            return _not_found()
        store.conference_activate(database, conference_id)
        store.audit(database, staff.current_user().actor, "conference.activate", str(conference_id))
    realtime.attendance_changed()
    return jsonify(store.conference_get(database, conference_id))


# ---------------------------------------------------------------- groups and invitees


@bp.post("/api/groups")
@requires("admin")
def api_group_create():
    """The roster page adds a TDP (a fresh install gets a default conference); emits `attendance`."""
    try:
        group = roster.add_group(store.db(), None, _json_body(), staff.current_user().actor)
    except RosterError as exc:
        return _roster_error(exc)
    realtime.attendance_changed()
    return jsonify(group), 201


@bp.patch("/api/groups/<int:group_id>")
@requires("admin")
def api_group_update(group_id: int):
    """The roster page renames a TDP or sets its quota; emits `attendance`."""
    try:
        group = roster.update_group(store.db(), group_id, _json_body(), staff.current_user().actor)
    except LookupError:
        return _not_found()
    except RosterError as exc:
        return _roster_error(exc)
    realtime.attendance_changed()
    return jsonify(group)


@bp.get("/api/invitees")
@requires("admin", "secretary", "kiosk")
def api_invitees():
    """Roster page, kiosk search: invitees of the active conference; ?q= folds diacritics."""
    conference = store.conference_active(store.db())
    if conference is None:
        return jsonify([])
    group_id = request.args.get("group", type=int)
    query = fold(request.args.get("q", ""))[:100]
    rows = store.invitees_list(store.db(), conference["id"], query or None, group_id)
    with_phone = staff.current_user().role in ("admin", "secretary")
    return jsonify([roster.public_invitee(row, with_phone) for row in rows])


@bp.post("/api/invitees")
@requires("admin")
def api_invitee_create():
    """The roster page adds one person with a fresh invitation; emits `attendance`."""
    conference = _active_or_404()
    try:
        row = roster.add_invitee(store.db(), conference["id"], _json_body(), staff.current_user().actor)
    except RosterError as exc:
        return _roster_error(exc)
    realtime.attendance_changed()
    return jsonify(roster.public_invitee(row, True)), 201


@bp.patch("/api/invitees/<int:invitee_id>")
@requires("admin")
def api_invitee_update(invitee_id: int):
    """The roster page edits a person; emits `attendance`."""
    try:
        row = roster.update_invitee(store.db(), invitee_id, _json_body(), staff.current_user().actor)
    except LookupError:
        return _not_found()
    except RosterError as exc:
        return _roster_error(exc)
    realtime.attendance_changed()
    return jsonify(roster.public_invitee(row, True))


@bp.delete("/api/invitees/<int:invitee_id>")
@requires("admin")
def api_invitee_delete(invitee_id: int):
    """The roster page removes a person (their card becomes `revoked`); emits `attendance`."""
    try:
        roster.remove_invitee(store.db(), invitee_id, staff.current_user().actor)
    except LookupError:
        return _not_found()
    realtime.attendance_changed()
    return "", 204


@bp.post("/api/invitees/<int:invitee_id>/reissue")
@requires("admin")
def api_invitee_reissue(invitee_id: int):
    """The roster page revokes a lost card and issues a new code."""
    try:
        row = roster.reissue(store.db(), invitee_id, staff.current_user().actor)
    except LookupError:
        return _not_found()
    return jsonify(roster.public_invitee(row, True))


@bp.post("/api/invitees/<int:invitee_id>/revoke")
@requires("admin")
def api_invitee_revoke(invitee_id: int):
    """The roster page invalidates a card without a new one."""
    try:
        row = roster.revoke(store.db(), invitee_id, staff.current_user().actor)
    except LookupError:
        return _not_found()
    return jsonify(roster.public_invitee(row, True))


@bp.post("/api/roster/import")
@requires("admin")
def api_roster_import():
    """The roster page uploads an .xlsx or .csv: all rows or none; emits `attendance`."""
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        return error_response("no_file", _("Hãy chọn tệp danh sách (.xlsx hoặc .csv)."), 400)
    try:
        summary = roster.import_roster(
            store.db(), upload.read(), upload.filename, staff.current_user().actor
        )
    except RosterError as exc:
        return _roster_error(exc)
    realtime.attendance_changed()
    return jsonify(summary.as_dict()), 201


# ---------------------------------------------------------------- pages


@bp.get("/admin")
@requires("admin", "secretary")
def roster_page():
    """Office staff: the roster per group against quotas, import, add/edit/remove."""
    database = store.db()
    conference = store.conference_active(database)
    summary = roster.conference_summary(database, conference) if conference else None
    return render_template(
        "conference/roster.html",
        conference=summary,
        categories=roster.CATEGORY_LABELS,
        categories_translated={k: _(v) for k, v in roster.CATEGORY_LABELS.items()},
    )


@bp.get("/admin/conferences")
@requires("admin")
def conferences_page():
    """Office staff: create, edit and switch conferences."""
    rows = store.conferences_list(store.db())
    for row in rows:
        row["announcement_warning"] = roster.announcement_warning(row)
    return render_template(
        "conference/conferences.html", conferences=rows, defaults=roster.default_conference_fields()
    )


@bp.get("/admin/devices")
@requires("admin")
def devices_page():
    """Office staff: pair a tablet as kiosk or projector by QR; list paired devices."""
    return render_template(
        "conference/devices.html", devices=store.devices_list(store.db()), pairing=None
    )


@bp.post("/admin/devices")
@requires("admin")
def devices_pair():
    """The pairing form: shows a one-use QR that logs a tablet in without a password."""
    user = staff.current_user()
    minutes = int(current_app.config["PAIRING_MINUTES"])
    try:
        token, expires_at = staff.start_pairing(
            store.db(), request.form.get("role", ""), clean(request.form.get("name")), user, minutes
        )
    except staff.StaffError as exc:
        return render_template(
            "conference/devices.html", devices=store.devices_list(store.db()), pairing=None,
            error=str(exc),
        ), 400
    url = public_url() + url_for("core.pair_page", token=token)
    return render_template(
        "conference/devices.html",
        devices=store.devices_list(store.db()),
        pairing={"url": url, "qr": qr_data_uri(url), "expires_at": expires_at, "minutes": minutes},
    )


@bp.post("/admin/devices/<int:device_id>/revoke")
@requires("admin")
def devices_revoke(device_id: int):
    """The devices page unpairs a lost tablet: its session stops working at once."""
    database = store.db()
    with store.write(database):
        store.device_revoke(database, device_id)
        store.audit(database, staff.current_user().actor, "device.revoke", str(device_id))
    return redirect(url_for("core.devices_page"))


@bp.get("/pair/<token>")
def pair_page(token: str):
    """A tablet that scanned the pairing QR: one button to finish pairing."""
    state = staff.pairing_state(store.db(), token)
    return render_template("conference/pair.html", token=token, state=state), (
        200 if state == "valid" else 410
    )


@bp.post("/pair/<token>")
def pair_finish(token: str):
    """The tablet's button: uses the token once and logs the tablet in as its role."""
    device = staff.finish_pairing(store.db(), token)
    if device is None:
        return render_template("conference/pair.html", token=token, state=staff.pairing_state(store.db(), token)), 410
    return redirect(url_for(HOME_BY_ROLE[device["role"]]))


# ---------------------------------------------------------------- front-end packages

# npm packages the pages use, installed by the setup command: the hall has no internet.
VENDOR = {
    "socket.io": "socket.io-client/dist",
    "be-vietnam-pro": "@fontsource/be-vietnam-pro",
    "qr-scanner": "qr-scanner",
}


@bp.get("/vendor/<package>/<path:filename>")
def vendor(package: str, filename: str):
    """Every page: scripts and fonts from node_modules, served by the app itself."""
    from flask import send_from_directory

    if package not in VENDOR:
        abort(404)
    folder = f"{current_app.config['NODE_MODULES']}/{VENDOR[package]}"
    return send_from_directory(folder, filename, max_age=86400)


@bp.get("/tls/ca.crt")
def tls_authority():
    """A tablet installs the hall's certificate authority once, to use the camera over HTTPS."""
    from pathlib import Path

    from .tls import authority_der

    der = authority_der(Path(current_app.instance_path) / "tls")
    if der is None:
        abort(404)
    return current_app.response_class(
        der, mimetype="application/x-x509-ca-cert",
        headers={"Content-Disposition": 'attachment; filename="doithoai-ca.crt"'},
    )
