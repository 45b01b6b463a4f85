"""The office's pages and JSON API: conferences, groups, invitees, the roster import,
invitations, pairing tablets. Each view: who calls it, what it emits."""
from __future__ import annotations

from flask import Response, current_app, jsonify, redirect, render_template, request, session, url_for

from conference import clock, staff, store
from conference.errors import Refusal, active_conference, invalid, meeting_ended, not_found
from conference.i18n import _, number
from conference.inputs import query_id
from conference.net import public_url
from conference.offload import off_loop
from conference.qr import qr_data_uri
from conference.staff import current_user, requires
from conference.text import clean, fold
from kiosk import digests

from projector import events as room_events
from projector import vocabulary as room_vocabulary

from . import attendance, bp, conferences, events, groups, invitees, officers, openapi, petitions, roster_import  # noqa: F401 (openapi describes these routes)
from .announcement import announcement_warning
from .codes import format_short_code

# The PDF library (fpdf2 with fontTools) weighs ~45 MB: loaded on the first print, not at start.


def _invitations():
    from . import invitations

    return invitations


def _actor() -> str:
    return current_user().actor


def _with_warning(row: dict, invited: dict[int, int] | None = None) -> dict:
    """A conference as the conferences page shows it: what its announcement lacks, and whether
    more people are invited than it expects."""
    invited = store.invited_per_conference(store.db()) if invited is None else invited
    row["announcement_warning"] = announcement_warning(row)
    row["invited"] = invited.get(row["id"], 0)
    row["capacity_warning"] = attendance.capacity_warning(row["invited"], row["capacity"])
    return row


def _conferences() -> list[dict]:
    invited = store.invited_per_conference(store.db())
    return [_with_warning(row, invited) for row in store.conferences_list(store.db())]


# ---------------------------------------------------------------- conferences


@bp.get("/api/conference")
@requires(*staff.ROLES)
def api_conference():
    """Staff pages and boards: the active conference with per-group counts."""
    return jsonify(attendance.summary(store.db(), active_conference(store.db())))


@bp.get("/api/conferences")
@requires("admin", "chairman", "secretary")
def api_conferences():
    """The conferences page: every conference, past ones included."""
    return jsonify(_conferences())


@bp.post("/api/conferences")
@requires("admin")
def api_conference_create():
    """The conferences page creates one (active unless "activate": false); emits `attendance`."""
    body = request.get_json(silent=True)
    activate = body.get("activate", True) if isinstance(body, dict) else True
    if not isinstance(activate, bool):  # "false" or 0 would have switched the hall to it
        raise invalid(_("Kích hoạt (activate) phải là true hoặc false."))
    conference_id = conferences.create_conference(store.db(), body, _actor(), activate=activate)
    events.attendance_changed()
    return jsonify(_with_warning(store.conference_get(store.db(), conference_id))), 201


@bp.patch("/api/conferences/<int:conference_id>")
@requires("admin")
def api_conference_update(conference_id: int):
    """The conferences page edits title, date, venue…; emits `attendance`."""
    row = conferences.update_conference(store.db(), conference_id, request.get_json(silent=True), _actor())
    events.attendance_changed()
    return jsonify(_with_warning(row))


@bp.post("/api/conferences/<int:conference_id>/activate")
@requires("admin")
def api_conference_activate(conference_id: int):
    """The conferences page makes one the active conference; emits `attendance`."""
    row = conferences.activate_conference(store.db(), conference_id, _actor())
    events.attendance_changed()
    return jsonify(_with_warning(row))


# ---------------------------------------------------------------- groups and invitees


@bp.post("/api/groups")
@requires("admin")
def api_group_create():
    """The roster page adds a TDP (a fresh install gets a default conference); emits `attendance`."""
    group = conferences.add_group_to_active(store.db(), request.get_json(silent=True), _actor())
    events.attendance_changed()
    return jsonify(group), 201


@bp.patch("/api/groups/<int:group_id>")
@requires("admin")
def api_group_update(group_id: int):
    """The roster page renames a TDP or sets its quota (under 10 with `quota_reason`); emits `attendance`."""
    group = groups.update_group(store.db(), group_id, request.get_json(silent=True), _actor())
    events.attendance_changed()
    return jsonify(group)


@bp.delete("/api/groups/<int:group_id>")
@requires("admin")
def api_group_delete(group_id: int):
    """The roster page removes a group added by mistake (409 unless empty); emits `attendance`."""
    groups.remove_group(store.db(), group_id, _actor())
    events.attendance_changed()
    return "", 204


@bp.get("/api/invitees")
@requires("admin", "secretary", "kiosk")
def api_invitees():
    """Roster page, kiosk search and offline copy (codes as digests for kiosks); ?q= folds diacritics."""
    conference = store.conference_active(store.db())
    if conference is None:
        return jsonify([])
    group_id = query_id(request.args, "group")  # "abc", "16.0": not all the list, a 400
    if group_id is not None and (store.group_get(store.db(), group_id) or {}).get("conference_id") != conference["id"]:
        raise not_found(_("Không có đơn vị này trong hội nghị."))
    query = fold(request.args.get("q", ""))[:100]
    rows = store.invitees_list(store.db(), conference["id"], query or None, group_id)
    role = current_user().role
    people = [invitees.public_invitee(row, role in ("admin", "secretary")) for row in rows]
    if role == "kiosk":  # its offline copy holds digests, never a code in clear
        key = digests.conference_key(current_app.config["SECRET_KEY"], conference["id"])
        people = [digests.without_codes(person, key) for person in people]
    return jsonify(people)


@bp.post("/api/invitees")
@requires("admin")
def api_invitee_create():
    """The roster page adds one person with a fresh invitation; emits `attendance`."""
    row = invitees.add_invitee(store.db(), active_conference(store.db())["id"], request.get_json(silent=True), _actor())
    events.attendance_changed()
    return jsonify(invitees.public_invitee(row, True)), 201


@bp.patch("/api/invitees/<int:invitee_id>")
@requires("admin")
def api_invitee_update(invitee_id: int):
    """The roster page edits a person; emits `attendance`."""
    row = invitees.update_invitee(store.db(), invitee_id, request.get_json(silent=True), _actor())
    events.attendance_changed()
    return jsonify(invitees.public_invitee(row, True))


@bp.delete("/api/invitees/<int:invitee_id>")
@requires("admin")
def api_invitee_delete(invitee_id: int):
    """The roster page removes a person (their card becomes `revoked`); emits `attendance`."""
    invitees.remove_invitee(store.db(), invitee_id, _actor())
    events.attendance_changed()
    return "", 204


@bp.post("/api/invitees/<int:invitee_id>/reissue")
@requires("admin")
def api_invitee_reissue(invitee_id: int):
    """The roster page revokes a lost card and issues a new code; emits nothing (counts unchanged)."""
    return jsonify(invitees.public_invitee(invitees.reissue(store.db(), invitee_id, _actor()), True))


@bp.post("/api/invitees/<int:invitee_id>/revoke")
@requires("admin")
def api_invitee_revoke(invitee_id: int):
    """The roster page invalidates a card without a new one; emits nothing (counts unchanged)."""
    return jsonify(invitees.public_invitee(invitees.revoke(store.db(), invitee_id, _actor()), True))


@bp.post("/api/roster/import")
@requires("admin")
def api_roster_import():
    """The roster page uploads an .xlsx or .csv (`replace=1`: the file becomes the list): all rows
    or none; emits `attendance`."""
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        raise Refusal(400, "no_file", _("Hãy chọn tệp danh sách (.xlsx hoặc .csv)."))
    replace = request.form.get("replace", "").strip().lower() in ("1", "true", "on", "yes")
    summary = roster_import.import_roster(store.db(), upload.read(), upload.filename, _actor(), replace=replace)
    events.attendance_changed()
    return jsonify(summary.as_dict()), 201


# ---------------------------------------------------------------- invitations


def _invitees_to_print():
    """The active conference and its invitees, all or one group's (?group=ID)."""
    database = store.db()
    conference = active_conference(store.db())
    group_id = query_id(request.args, "group")
    if group_id is not None:
        group = store.group_get(database, group_id)
        if group is None or group["conference_id"] != conference["id"]:
            raise not_found(_("Không có đơn vị này trong hội nghị."))
    return conference, store.invitees_list(database, conference["id"], group_id=group_id)


@bp.get("/invitations.pdf")
@requires("admin", "secretary")
def invitations_pdf():
    """Office staff print the invitations: the whole roster or ?group=ID, one QR each."""
    conference, rows = _invitees_to_print()
    invitations = _invitations()
    try:  # built off the loop: 20,000 invitations take ~20 s, and the door keeps scanning meanwhile
        pdf = off_loop(invitations.render, conference, rows, current_app.config["NODE_MODULES"])
    except invitations.FontMissing:
        raise Refusal(503, "font_missing", _(
            "Thiếu phông chữ tiếng Việt cho tệp PDF. Hãy chạy lại lệnh cài đặt (scripts/setup)."))
    group_id = query_id(request.args, "group")  # read as a number: never the query's own text in a header
    name = "giay-moi.pdf" if group_id is None else f"giay-moi-don-vi-{group_id}.pdf"
    return Response(pdf, mimetype="application/pdf", headers={"Content-Disposition": f'inline; filename="{name}"'})


PRINT_PAGE_MAX = 2000  # invitations on one page to print from the browser


def _cards(rows: list[dict]) -> list[dict]:
    return [{**row, "qr": qr_data_uri(row["code"]) if row["code"] else None,
             "short": format_short_code(row["short_code"] or "")} for row in rows]


@bp.get("/invitations")
@requires("admin", "secretary")
def invitations_print():
    """Office staff: the same invitations as a page to print from the browser."""
    conference, rows = _invitees_to_print()
    if len(rows) > PRINT_PAGE_MAX:
        # One page of 20,000 cards is 150 MB of HTML no browser prints; a group's page, or the PDF.
        return render_template("error.html", status=413, message=_(
            "Danh sách có %(n)s người, quá nhiều để in trong một trang (tối đa %(m)s). Hãy in theo từng đơn vị "
            "(nút In ở bảng các đơn vị, trang Danh sách đại biểu) hoặc dùng tệp PDF giấy mời.",
            n=number(len(rows)), m=number(PRINT_PAGE_MAX))), 413
    cards = off_loop(_cards, rows)  # a QR each: drawn off the loop, the door keeps scanning
    return render_template(
        "office/invitations.html", conference=conference, cards=cards,
        when=_invitations().long_date(conference["held_on"]), heading=_invitations().heading(conference),
    )


# ---------------------------------------------------------------- pages


@bp.get("/admin")
@requires("admin", "secretary")
def roster_page():
    """Office staff: the roster per group against quotas, import, add/edit/remove."""
    database = store.db()
    conference = store.conference_active(database)
    summary = attendance.summary(database, conference) if conference else None
    return render_template(
        "office/roster.html",
        conference=summary,
        categories=attendance.CATEGORY_LABELS,
        categories_translated={k: _(v) for k, v in attendance.CATEGORY_LABELS.items()},
        officer_roles={k: _(v) for k, v in officers.ROLE_LABELS.items()},
        ward_roles=[[k, _(officers.WARD_ROLE_SHORT[k]), _(officers.WARD_ROLE_LABELS[k])] for k in officers.WARD_ROLES],
        minimum=attendance.MINIMUM_RESIDENTS,
        unnamed_ward=_invitations().unnamed_ward(conference) if conference else None,
    )


@bp.get("/admin/conferences")
@requires("admin")
def conferences_page():
    """Office staff: create, edit and switch conferences."""
    rows = _conferences()
    return render_template(
        "office/conferences.html", conferences=rows, defaults=conferences.default_conference_fields()
    )


# The QR the admin made last, kept in the admin's session until it is used or expires: the page
# shows it again on a reload (a GET; the form's POST answers with a redirect, never resent).
PAIRING = "pairing"


def _devices_page(error: str | None = None, status: int = 200):
    """The devices page: the list, and the pairing QR made last (or what became of it, once)."""
    database = store.db()
    kept = session.get(PAIRING)
    pairing = None
    if isinstance(kept, dict) and isinstance(kept.get("token"), str):
        state = staff.pairing_state(database, kept["token"])
        pairing = {"state": state, "name": kept.get("name", "")}
        if state == "valid":
            url = public_url() + url_for("office.pair_page", token=kept["token"])
            minutes = int(current_app.config["PAIRING_MINUTES"])
            pairing.update(url=url, qr=qr_data_uri(url), minutes=minutes)
        else:
            session.pop(PAIRING, None)  # said once: "đã ghép xong" or "đã hết hạn"
    return render_template("office/devices.html", devices=store.devices_list(database), pairing=pairing,
                           error=error), status


@bp.get("/admin/devices")
@requires("admin")
def devices_page():
    """Office staff: pair a tablet as kiosk or projector by QR; list paired devices."""
    return _devices_page()


@bp.get("/admin/devices/pairing")
@requires("admin")
def devices_pairing_state():
    """The devices page's script, every few seconds while its QR shows: `{"state"}` of that QR
    (valid, used, expired; none when no QR is kept), to reload the page once a tablet used it."""
    kept = session.get(PAIRING)
    if not isinstance(kept, dict) or not isinstance(kept.get("token"), str):
        return jsonify({"state": "none"})
    return jsonify({"state": staff.pairing_state(store.db(), kept["token"])})


@bp.post("/admin/devices")
@requires("admin")
def devices_pair():
    """The pairing form: makes a one-use QR that logs a tablet in without a password, then
    redirects to the devices page that shows it (303: a reload makes no second QR)."""
    minutes = int(current_app.config["PAIRING_MINUTES"])
    name = clean(request.form.get("name"))
    try:
        token, _expires_at = staff.start_pairing(store.db(), request.form.get("role", ""), name, current_user(), minutes)
    except Refusal as refusal:
        return _devices_page(refusal.message, refusal.status)
    session[PAIRING] = {"token": token, "name": name}
    return redirect(url_for("office.devices_page"), 303)


@bp.post("/admin/devices/<int:device_id>/revoke")
@requires("admin")
def devices_revoke(device_id: int):
    """The devices page unpairs a lost tablet: its session stops working at once."""
    staff.unpair(store.db(), device_id, _actor())
    return redirect(url_for("office.devices_page"))


@bp.get("/pair/<token>")
def pair_page(token: str):
    """A tablet that scanned the pairing QR: one button to finish pairing."""
    state, offer = staff.pairing_offer(store.db(), token)
    return render_template("office/pair.html", token=token, state=state, offer=offer), (200 if state == "valid" else 410)


@bp.post("/pair/<token>")
def pair_finish(token: str):
    """The tablet's button: uses the token once and logs the tablet in as its role."""
    device = staff.finish_pairing(store.db(), token)
    if device is None:
        return render_template("office/pair.html", token=token, state=staff.pairing_state(store.db(), token)), 410
    return redirect(url_for(staff.HOME_BY_ROLE[device["role"]]))



# ---------------------------------------------------------------- petitions gathered before the day


def _petitions_state() -> dict:
    """The petitions page's snapshot: the list (filtered by ?topic=ID, ?official=TEXT,
    ?prepared=0|1), the "chuẩn bị" board over all of them, and what the forms offer."""
    database = store.db()
    conference = active_conference(database)
    rows = store.petitions_list(database, conference["id"])
    board = petitions.board(rows, conference["held_on"], clock.hall_today())
    # Ended by the chairman: the page says so, as the server refuses a new petition (409 meeting_ended).
    board["ended"] = meeting_ended(database, conference["id"])
    shown = rows
    topic = query_id(request.args, "topic")
    if topic is not None and topic not in {t["id"] for t in store.topics_list(database, conference["id"])}:
        raise not_found(_("Không có lĩnh vực này trong hội nghị."))
    if topic is not None:
        shown = [r for r in shown if r["topic_id"] == topic]
    if "official" in request.args:
        official = fold(request.args.get("official", ""))
        shown = [r for r in shown if fold(r["prepared_by"]) == official]
    prepared = request.args.get("prepared")
    if prepared not in (None, "0", "1"):
        raise invalid(_("Tham số prepared chỉ nhận 0 (chưa chuẩn bị) hoặc 1 (đã chuẩn bị)."))
    if prepared is not None:
        shown = [r for r in shown if bool(r["prepared_answer"]) == (prepared == "1")]
    return {
        "conference": {"id": conference["id"], "title": conference["title"], "held_on": conference["held_on"]},
        "petitions": [petitions.staff_petition(r) for r in shown],
        "board": board,
        "officials": petitions.officials(database, conference["id"], rows),
        "groups": [{"id": g["id"], "name": g["name"]} for g in store.groups_list(database, conference["id"])],
        "topics": store.topics_list(database, conference["id"]),
    }


@bp.get("/admin/petitions")
@requires("admin", "secretary")
def petitions_page():
    """Office staff: petitions gathered before the day, their officials, prepared answers, the board."""
    return render_template("office/petitions.html", conference=store.conference_active(store.db()),
                           statuses=room_vocabulary.for_pages()["labels"])


@bp.get("/api/petitions")
@requires("admin", "secretary")
def api_petitions():
    """The petitions page on load and after each change: the list, the board, the forms' choices."""
    return jsonify(_petitions_state())


@bp.post("/api/petitions")
@requires("admin", "secretary")
def api_petition_create():
    """The petitions page types one in (pending, numbered now); emits `question` to the moderator."""
    row = petitions.add_petition(store.db(), request.get_json(silent=True), _actor())
    room_events.question_changed([row], screen_too=False)
    return jsonify(petitions.staff_petition(row)), 201


@bp.patch("/api/petitions/<int:petition_id>")
@requires("admin", "secretary")
def api_petition_update(petition_id: int):
    """The petitions page assigns the official or saves the prepared answer; emits `question` to the moderator."""
    row = petitions.update_petition(store.db(), petition_id, request.get_json(silent=True), _actor())
    room_events.question_changed([row], screen_too=False)
    return jsonify(petitions.staff_petition(row))


@bp.post("/api/petitions/import")
@requires("admin", "secretary")
def api_petitions_import():
    """The petitions page uploads a TDP summary sheet (.xlsx/.csv): all rows or none; emits `question` for each new one."""
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        raise Refusal(400, "no_file", _("Hãy chọn tệp kiến nghị (.xlsx hoặc .csv)."))
    summary = petitions.import_petitions(store.db(), upload.read(), upload.filename, _actor())
    new = set(summary.ids)
    rows = [q for q in store.questions_list(store.db(), summary.conference_id) if q["id"] in new]
    room_events.question_changed(rows, screen_too=False)
    return jsonify(summary.as_dict()), 201
