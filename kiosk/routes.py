"""The door: check-in, walk-ins, undo, the arrivals board, the printable list."""
from __future__ import annotations

from pathlib import Path

from flask import current_app, jsonify, render_template, request, url_for

from conference import store
from conference.answers import Answer
from conference.errors import Refusal, active_conference, invalid, not_found
from conference.i18n import _
from conference.inputs import whole_number
from conference.staff import current_user, requires
from office.attendance import CATEGORY_LABELS
from office.codes import format_short_code

from . import board, bp, digests, door, events, openapi, sync, walkins  # noqa: F401 (openapi describes these routes)


def _tls():
    """The HTTPS authority's module: cryptography is loaded on the first tablet's request, not at start."""
    from . import tls

    return tls


def _reply(answer: Answer):
    if answer.changed:
        events.checkin_changed(answer.payload)
    return jsonify(answer.body), answer.status


@bp.post("/api/checkins")
@requires("kiosk", "admin")
def create_checkin():
    """A kiosk scanned a code or picked a name; emits `checkin` to kiosks, `attendance` to staff and display."""
    return _reply(door.admit(store.db(), request.get_json(silent=True), current_user(), current_app.config["TIMEZONE"]))


@bp.post("/api/checkins/<int:checkin_id>/undo")
@requires("kiosk", "admin")
def undo_checkin(checkin_id: int):
    """A kiosk takes back its last admission (a minute), an admin any; emits `checkin`, `attendance`."""
    return _reply(door.undo(store.db(), checkin_id, current_user()))


@bp.post("/api/invitees/<int:invitee_id>/undo-checkin")
@requires("admin")
def undo_invitee_checkin(invitee_id: int):
    """The roster page: an admin takes back a person's admission; emits `checkin`, `attendance`."""
    return _reply(door.undo_for_invitee(store.db(), invitee_id, current_user()))


@bp.post("/api/walkins")
@requires("kiosk", "admin")
def create_walkin():
    """A kiosk registers and admits someone without an invitation; emits `checkin`, `attendance`."""
    return _reply(walkins.walk_in(store.db(), request.get_json(silent=True), current_user(), current_app.config["TIMEZONE"]))


@bp.get("/api/board")
@requires("admin", "chairman", "secretary", "kiosk", "display")
def board_data():
    """The arrivals board, on connect and after each `attendance` event: groups, officers, pace."""
    return jsonify(board.board(store.db(), active_conference(store.db()), current_app.config["TIMEZONE"]))


@bp.get("/api/kiosk/roster")
@requires("kiosk", "admin")
def kiosk_roster():
    """The kiosk's offline copy: whole, or with `since` and `epoch` what changed since (410: reload whole); emits nothing."""
    database = store.db()
    conference = active_conference(database)
    key = digests.conference_key(current_app.config["SECRET_KEY"], conference["id"])
    if "since" not in request.args and "epoch" not in request.args:
        return jsonify(sync.whole(database, conference["id"], key))
    since = whole_number(request.args.get("since", ""), 0, 2**62)
    copy_epoch = request.args.get("epoch", "")
    if since is None or not 0 < len(copy_epoch) <= 100:
        raise invalid(_("Cần 'since' (số nguyên không âm) và 'epoch' (chuỗi) của bản sao trên máy."))
    page = current_app.config.get("KIOSK_SYNC_PAGE") or sync.PAGE
    answer = sync.changes(database, conference["id"], key, since, copy_epoch, int(page))
    if answer is None:
        raise Refusal(410, "reload_whole", _("Bản sao danh sách trên máy đã cũ; hãy tải lại toàn bộ."))
    return jsonify(answer)


@bp.get("/kiosk")
@requires("kiosk", "admin")
def index():
    """Door staff on a paired tablet or laptop: the scanning page, with the key of its code digests."""
    conference = store.conference_active(store.db())
    groups = store.groups_list(store.db(), conference["id"]) if conference else []
    key = digests.conference_key(current_app.config["SECRET_KEY"], conference["id"]).hex() if conference else ""
    return render_template("kiosk/index.html", conference=conference, groups=groups, digest_key=key)


@bp.get("/kiosk/sw.js")
def service_worker():
    """The kiosk page registers it for /kiosk: the page and its files from the cache while the server is down."""
    response = current_app.send_static_file("js/kiosk/sw.js")
    response.headers["Service-Worker-Allowed"] = url_for("kiosk.index")  # wider than its folder, /kiosk/
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.get("/board")
@requires("admin", "chairman", "secretary", "kiosk", "display")
def board_page():
    """Staff and the projector before the start: arrivals per group, live."""
    return render_template("kiosk/board.html", conference=store.conference_active(store.db()))


@bp.get("/kiosk/printable")
@requires("kiosk", "admin", "secretary")
def printable():
    """For a power cut: every invitee by group with a tick box, to print beforehand (the codes
    only for the office: a tablet never holds them)."""
    conference = active_conference(store.db())
    people = store.invitees_list(store.db(), conference["id"])
    groups: dict[str, list] = {}
    for person in people:
        groups.setdefault(person["group_name"], []).append(person)
    return render_template(
        "kiosk/printable.html", conference=conference, groups=groups,
        categories={k: _(v) for k, v in CATEGORY_LABELS.items()},
        short=format_short_code if current_user().role != "kiosk" else None,
    )


@bp.get("/tls/ca.crt")
def tls_authority():
    """A door tablet installs the hall's certificate authority once, to use the camera over HTTPS."""
    der = _tls().authority_der(Path(current_app.instance_path) / "tls")
    if der is None:
        raise not_found()
    return current_app.response_class(
        der, mimetype="application/x-x509-ca-cert",
        headers={"Content-Disposition": 'attachment; filename="doithoai-ca.crt"'},
    )
