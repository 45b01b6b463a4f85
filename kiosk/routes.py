"""The door's pages: invitations (PDF and print view) and the kiosk's start page."""
from __future__ import annotations

from flask import Response, current_app, render_template, request

from conference import error_response, store
from conference.i18n import _
from conference.roster import format_short_code
from conference.staff import requires
from conference.web import qr_data_uri

from . import bp, invitations


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
        pdf = invitations.render(conference, rows, current_app.config["NODE_MODULES"])
    except invitations.FontMissing:
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
        when=invitations.long_date(conference["held_on"]),
    )


@bp.get("/kiosk")
@requires("kiosk", "admin")
def index():
    """Door staff on a paired tablet: the kiosk's start page."""
    return render_template("kiosk/index.html")
