"""The room: the ask page and its API for phones, the moderator view, the projector screen."""
from __future__ import annotations

import re
import secrets

from flask import current_app, jsonify, make_response, redirect, render_template, request, url_for
from flask_babel import get_locale

from conference import clock, store
from conference.answers import Answer
from conference.errors import Refusal, active_conference
from conference.net import public_url
from conference.offload import off_loop
from conference.qr import qr_data_uri
from conference.realtime import DEVICE_COOKIE, device_key
from conference.staff import current_user, requires

from . import ask_back, bp, events, openapi, room, settings, shapes, similar, vocabulary  # noqa: F401 (openapi describes these routes)
from .vocabulary import PUBLIC, Status

_TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


def _device() -> tuple[str, str | None]:
    """(the phone's key, a new cookie to set when it had none)."""
    token = request.cookies.get(DEVICE_COOKIE, "")
    if _TOKEN.match(token):
        return device_key(token), None
    token = secrets.token_urlsafe(24)
    return device_key(token), token


def _own_device() -> str | None:
    """The phone's key from the cookie it already has; None without one (never a new one)."""
    token = request.cookies.get(DEVICE_COOKIE, "")
    return device_key(token) if _TOKEN.match(token) else None


def _keep_device(response, new_cookie: str | None):
    """A phone's first visit: its random id kept a year, so its questions are found again as its own."""
    if new_cookie:
        response.set_cookie(DEVICE_COOKIE, new_cookie, max_age=365 * 86400, httponly=True, samesite="Lax")
    return response


def _send(answer: Answer, new_cookie: str | None = None):
    response = jsonify(answer.body)
    response.status_code = answer.status
    return _keep_device(response, new_cookie)


def _active():
    return store.conference_active(store.db())


# ---------------------------------------------------------------- phones


# The ask page as last rendered for what it shows (language, conference, groups, topics), with a
# mark where each phone's own send id goes: when the join QR appears, hundreds of phones open the
# page within seconds, and rendering its fifty translated strings was the largest part of the
# server's work for each (bench/join_surge.py). A page with a refusal or a kept form is its own.
_SEND_ID_MARK = secrets.token_hex(16)  # unguessable: no title or name can carry it
_ask_pages: dict[tuple, str] = {}
_ASK_PAGES_KEPT = 16


def _ask_page(status: int = 200, sent: bool = False, refused: str = "", kept: dict | None = None,
              new_cookie: str | None = None):
    """The ask page; after a send without the script, what became of it, and the form as it was
    (`new_cookie`: the device id the send was made under, on a phone's first visit)."""
    conference = _active()
    groups = store.groups_list(store.db(), conference["id"]) if conference else []
    topics = store.topics_list(store.db(), conference["id"]) if conference else []

    def render(send_id: str) -> str:
        return render_template(
            "projector/ask.html", conference=conference, groups=groups, topics=topics, max_text=room.MAX_TEXT,
            vocabulary=vocabulary.for_pages(), sent=sent, refused=refused, kept=kept or {}, send_id=send_id)

    if refused or kept:
        page = render(secrets.token_urlsafe(12))
    else:
        shown = (str(get_locale()), sent, conference and (conference["id"], conference["title"]),
                 tuple((g["id"], g["name"], g["kind"]) for g in groups), tuple((t["id"], t["name"]) for t in topics))
        if shown not in _ask_pages:
            if len(_ask_pages) >= _ASK_PAGES_KEPT:
                _ask_pages.clear()
            _ask_pages[shown] = render(_SEND_ID_MARK)
        page = _ask_pages[shown].replace(_SEND_ID_MARK, secrets.token_urlsafe(12))
    return _keep_device(make_response(page, status), new_cookie)


@bp.get("/ask")
def ask_page():
    """A resident's phone, from the QR on the screen: send a question, follow it, show interest."""
    return _ask_page(sent=request.args.get("sent") == "1", new_cookie=_device()[1])


@bp.post("/ask")
def ask_form():
    """A phone whose script did not arrive (weak Wi-Fi) sends the form itself: kept as the script's send would be, then the page again; emits `question` to moderator."""
    device, new_cookie = _device()
    form = {key: request.form.get(key, "") for key in room.FORM_FIELDS}  # whole: a text too long is said so
    try:
        answer, row = room.submit(store.db(), room.from_form(form), device, request.remote_addr or "")
    except Refusal as refusal:  # the form comes back as it was (bounded), with why
        return _ask_page(status=refusal.status, refused=refusal.message,
                         kept={key: value[:room.MAX_RAW] for key, value in form.items()}, new_cookie=new_cookie)
    if answer.changed:
        events.question_changed([row], screen_too=False)
    # Post/Redirect/Get: a reload after this shows the page, never sends the form again.
    return _keep_device(redirect(url_for("projector.ask_page", sent=1), 303), new_cookie)


@bp.get("/api/ask")
def ask_state():
    """The ask page on (re)connect: the room's state, this phone's questions, the approved ones."""
    conference = active_conference(store.db())
    database = store.db()
    device, new_cookie = _device()
    voted = store.device_votes(database, conference["id"], device)
    public = []
    for row in store.questions_list(database, conference["id"], [s.value for s in PUBLIC]):
        if not shapes.shown(row):
            continue
        shown = shapes.public_question(row)
        shown["voted"] = row["id"] in voted
        public.append(shown)
    body = {
        "screen": shapes.screen(database, conference, public_url() + "/ask"),
        "mine": [shapes.own_question(r) for r in store.questions_list(database, conference["id"], device=device)],
        "public": public,
    }
    return _send(Answer(200, body), new_cookie)


@bp.post("/api/questions")
def create_question():
    """A phone sends a question (anyone on the LAN; `send_id` makes a repeat harmless); emits `question` to moderator, `my_question` to the phone."""
    device, new_cookie = _device()
    answer, row = room.submit(store.db(), request.get_json(silent=True), device, request.remote_addr or "")
    if answer.changed:  # a send repeated after a lost answer wrote nothing new
        events.question_changed([row], screen_too=False)
    return _send(answer, new_cookie)


@bp.post("/api/questions/<int:question_id>/interest")
def show_interest(question_id: int):
    """A phone taps "Tôi cũng quan tâm" (once per phone); emits `question` with the new interest."""
    device, new_cookie = _device()
    answer, row = room.vote(store.db(), question_id, device, request.remote_addr or "")
    events.question_changed([row], screen_too=row["status"] == Status.ON_SCREEN.value)
    return _send(answer, new_cookie)


@bp.post("/api/questions/<int:question_id>/ask-back/answer")
def answer_ask_back(question_id: int):
    """The asker's own phone answers the chairman's question back, once; emits `question` to moderator, `my_question` to the phone."""
    answer, row = ask_back.reply(store.db(), question_id, request.get_json(silent=True), _own_device())
    events.ask_back_changed(row)
    return _send(answer)


@bp.get("/api/screen")
def screen_state():
    """The projector and phones on (re)connect: what the screen shows now."""
    conference = active_conference(store.db())
    return jsonify(shapes.screen(store.db(), conference, public_url() + "/ask"))


# ---------------------------------------------------------------- staff


@bp.get("/api/questions")
@requires("chairman", "secretary", "display")
def list_questions():
    """Moderator view and projector: every question (the projector: only the approved ones)."""
    conference = _active()
    if conference is None:
        return jsonify([])
    database = store.db()
    if current_user().role == "display":
        rows = store.questions_list(database, conference["id"], [s.value for s in PUBLIC])
        return jsonify([shapes.public_question(r) for r in rows if shapes.shown(r)])
    return jsonify([shapes.staff_question(r) for r in store.questions_list(database, conference["id"])])


@bp.patch("/api/questions/<int:question_id>")
@requires("chairman", "secretary")
def change_question(question_id: int):
    """The chairman moves a question (the secretary edits text fields); emits `question`, `screen`."""
    answer, rows = room.change(store.db(), question_id, request.get_json(silent=True), current_user(),
                               today=clock.today(current_app.config["TIMEZONE"]))
    events.question_changed(rows)
    return _send(answer)


@bp.get("/api/questions/<int:question_id>/similar")
@requires("chairman", "secretary")
def similar_questions(question_id: int):
    """The moderator card, lazily: the likely duplicates here and the same matter in earlier conferences; emits nothing."""
    today = clock.today(current_app.config["TIMEZONE"]).isoformat()
    # The index and the matcher on a real thread: the hall's websockets go on meanwhile.
    return jsonify(off_loop(similar.similar, store.db(), question_id, today))


@bp.post("/api/questions/<int:question_id>/ask-back")
@requires("chairman", "secretary")
def ask_back_question(question_id: int):
    """The chairman asks the asker back ("Hỏi lại"); emits `question` to moderator, `my_question` to the asker's phone only."""
    answer, row = ask_back.ask(store.db(), question_id, request.get_json(silent=True), current_user())
    events.ask_back_changed(row)
    return _send(answer)


@bp.post("/api/questions/reorder")
@requires("chairman")
def reorder_questions():
    """The chairman reorders the queue; emits `question` for each, then `screen`."""
    body = request.get_json(silent=True)
    answer, rows = room.reorder(store.db(), body.get("order") if isinstance(body, dict) else None, current_user())
    events.question_changed(rows)
    return _send(answer)


@bp.post("/api/floor-questions")
@requires("chairman", "secretary")
def create_floor_question():
    """The secretary types a question raised aloud, straight into the queue (`send_id` makes a repeat harmless); emits `question`, `screen`."""
    answer, row = room.add_from_floor(store.db(), request.get_json(silent=True), current_user())
    if answer.changed:  # a send repeated after a lost answer wrote nothing new
        events.question_changed([row])
    return _send(answer)


@bp.get("/api/room")
@requires("chairman", "secretary")
def room_state():
    """The moderator view: submissions open or not, words, responders, topics, timer, zoom."""
    conference = active_conference(store.db())
    return jsonify(settings.room_settings(store.db(), conference["id"]))


@bp.post("/api/room/close")
@requires("chairman")
def close_meeting():
    """The chairman ends the meeting (`{"confirm": true}`); emits `question` for each question
    not reached, now a written reply, then `screen`."""
    answer, rows = room.close_meeting(store.db(), request.get_json(silent=True), current_user())
    events.question_changed(rows)
    return _send(answer)


@bp.patch("/api/room")
@requires("chairman")
def change_room():
    """The chairman opens/pauses/closes submissions, sets the screen, the timer; emits `screen`."""
    answer = settings.update_room(store.db(), request.get_json(silent=True), current_user())
    if answer.changed:
        events.screen_changed()
    return _send(answer)


# ---------------------------------------------------------------- pages


@bp.get("/projector")
@requires("chairman", "secretary", "display", "admin")
def index():
    """Anyone of the room's staff: their page (the screen for the projector, the queue for the rest)."""
    if current_user().role in ("display", "admin"):
        return redirect(url_for("projector.screen_page"))
    return redirect(url_for("projector.moderator_page"))


@bp.get("/moderator")
@requires("chairman", "secretary")
def moderator_page():
    """The chairman (and the secretary's desk): pending, queue, on screen, done."""
    conference = _active()
    groups = store.groups_list(store.db(), conference["id"]) if conference else []
    return render_template("projector/moderator.html", conference=conference, groups=groups,
                           vocabulary=vocabulary.for_pages())


@bp.get("/screen")
@requires("display", "chairman", "secretary", "admin")
def screen_page():
    """The projector: the question on screen, who answers, what is next, the join and Wi-Fi QRs."""
    return render_template("projector/screen.html", conference=_active(), **_hall_codes())


@bp.get("/poster")
@requires("admin", "chairman", "secretary")
def poster():
    """An A4 poster for the hall's walls: the hall's Wi-Fi and the join QR with its short address."""
    return render_template("projector/poster.html", conference=_active(), **_hall_codes())


def _hall_codes() -> dict[str, object]:
    """What the poster and the screen's idle page print: the join address (as a person types
    it: a plain http:// needs no scheme) and its QR; the hall's Wi-Fi, when it is set."""
    join = public_url() + "/ask"
    codes: dict[str, object] = {"join_url": join, "join_label": join.removeprefix("http://"),
                                "join_qr": qr_data_uri(join), "wifi": None}
    # from_prefixed_env reads "88888888" as a number: the settings are text again here.
    name = str(current_app.config.get("WIFI_NAME") or "").strip()
    password = str(current_app.config.get("WIFI_PASSWORD") or "")
    if name:
        codes["wifi"] = {"name": name, "password": password, "qr": qr_data_uri(wifi_qr_text(name, password))}
    return codes


def wifi_qr_text(name: str, password: str) -> str:
    """What a phone's camera reads to join a network: `WIFI:T:WPA;S:<name>;P:<password>;;`,
    with `\\ ; , : "` escaped by a backslash (the ZXing format every phone camera reads);
    an open network when there is no password."""
    def escape(text: str) -> str:
        return re.sub(r'([\\;,:"])', r"\\\1", text)
    if not password:
        return f"WIFI:T:nopass;S:{escape(name)};;"
    return f"WIFI:T:WPA;S:{escape(name)};P:{escape(password)};;"
