"""The door: check-in, walk-ins, undo, the arrivals board, invitations and their print views."""
from __future__ import annotations

from flask import Response, current_app, jsonify, render_template, request

from conference import error_response, store
from conference.answers import Answer
from conference.i18n import _
from conference.roster import CATEGORY_LABELS, format_short_code
from conference.staff import current_user, requires
from conference.web import qr_data_uri

from . import bp, board, door, events

# The PDF library (fpdf2 with fontTools) weighs ~45 MB: loaded on the first print, not at start.


def _invitations():
    from . import invitations

    return invitations


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
    return _reply(door.walk_in(store.db(), request.get_json(silent=True), current_user()))


@bp.get("/api/board")
@requires("admin", "chairman", "secretary", "kiosk", "display")
def board_data():
    """The arrivals board, on connect and after each `attendance` event: groups, officers, pace."""
    conference = store.conference_active(store.db())
    if conference is None:
        return error_response("no_conference", _("Chưa có hội nghị nào đang hoạt động."), 404)
    return jsonify(board.board(store.db(), conference, current_app.config["TIMEZONE"]))


@bp.get("/kiosk")
@requires("kiosk", "admin")
def index():
    """Door staff on a paired tablet or laptop: the scanning page."""
    conference = store.conference_active(store.db())
    groups = store.groups_list(store.db(), conference["id"]) if conference else []
    return render_template("kiosk/index.html", conference=conference, groups=groups)


@bp.get("/board")
@requires("admin", "chairman", "secretary", "kiosk", "display")
def board_page():
    """Staff and the projector before the start: arrivals per group, live."""
    return render_template("kiosk/board.html", conference=store.conference_active(store.db()))


@bp.get("/kiosk/printable")
@requires("kiosk", "admin", "secretary")
def printable():
    """For a power cut: every invitee by group with a tick box, to print beforehand."""
    conference = store.conference_active(store.db())
    if conference is None:
        return error_response("no_conference", _("Chưa có hội nghị nào đang hoạt động."), 404)
    people = store.invitees_list(store.db(), conference["id"])
    groups: dict[str, list] = {}
    for person in people:
        groups.setdefault(person["group_name"], []).append(person)
    return render_template(
        "kiosk/printable.html", conference=conference, groups=groups,
        categories={k: _(v) for k, v in CATEGORY_LABELS.items()}, short=format_short_code,
    )


def _invitees_to_print():
    """The active conference and its invitees, all or one group's (?group=ID)."""
    database = store.db()
    conference = store.conference_active(database)
    if conference is None:
        return None, None, error_response("no_conference", _("Chưa có hội nghị nào đang hoạt động."), 404)
    group_id = request.args.get("group", type=int)
    if "group" in request.args:
        group = store.group_get(database, group_id) if group_id is not None else None
        if group is None or group["conference_id"] != conference["id"]:
            return None, None, error_response("not_found", _("Không có đơn vị này trong hội nghị."), 404)
    rows = store.invitees_list(database, conference["id"], group_id=group_id)
    return conference, rows, None


@bp.get("/invitations.pdf")
@requires("admin", "secretary")
def invitations_pdf():
    """Office staff print the invitations: the whole roster or ?group=ID, one QR each."""
    conference, rows, error = _invitees_to_print()
    if error:
        return error
    try:
        invitations = _invitations()
        pdf = invitations.render(conference, rows, current_app.config["NODE_MODULES"])
    except _invitations().FontMissing:
        return error_response(
            "font_missing",
            _("Thiếu phông chữ tiếng Việt cho tệp PDF. Hãy chạy lại lệnh cài đặt (scripts/setup)."),
            503,
        )
    name = "giay-moi.pdf" if "group" not in request.args else f"giay-moi-don-vi-{request.args['group']}.pdf"
    return Response(pdf, mimetype="application/pdf", headers={"Content-Disposition": f'inline; filename="{name}"'})


@bp.get("/invitations")
@requires("admin", "secretary")
def invitations_print():
    """Office staff: the same invitations as a page to print from the browser."""
    conference, rows, error = _invitees_to_print()
    if error:
        return error
    cards = [
        {**row, "qr": qr_data_uri(row["code"]) if row["code"] else None,
         "short": format_short_code(row["short_code"] or "")}
        for row in rows
    ]
    return render_template(
        "kiosk/invitations.html", conference=conference, cards=cards,
        when=_invitations().long_date(conference["held_on"]),
    )
