"""The kiosks' offline copy updated by changes (kiosk/sync.py, GET /api/kiosk/roster): a copy
brought up to date with what changed is the list a whole reload gives, whatever happened to
the list meanwhile; a copy too far behind, of another database or key, is told to reload."""
from __future__ import annotations

import io
import random

import pytest

from conference import store
from conference.realtime import socketio
from kiosk import digests, sync

from ..conftest import HEADER, csrf, import_file, login, xlsx

GROUPS = ["TDP số 1", "TDP số 2", "Đại biểu phường"]
ROWS = [HEADER] + [
    [n, name, group, "", "đại biểu phường" if group == "Đại biểu phường" else "đại diện nhân dân", ""]
    for n, (name, group) in enumerate([
        ("Nguyễn Văn An", "TDP số 1"), ("Trần Thị Bình", "TDP số 1"), ("Lê Văn Cường", "TDP số 2"),
        ("Phạm Thị Dung", "TDP số 2"), ("Hoàng Văn Em", "TDP số 2"), ("Đỗ Thị Hoa", "Đại biểu phường"),
        ("Vũ Văn Khánh", "TDP số 1"), ("Bùi Thị Lan", "TDP số 2"),
    ], 1)
]
NAMES = ["Đặng Văn Quang", "Ngô Thị Thu", "Dương Văn Sơn", "Lý Thị Mai", "Trịnh Văn Tú", "Mai Thị Yến",
         "Hồ Văn Phúc", "Tạ Thị Ngọc", "Cao Văn Long", "Lưu Thị Hằng"]


@pytest.fixture
def hall(app):
    """An imported roster; the admin's and the kiosk's clients."""
    admin = login(app, "admin")
    assert import_file(admin, xlsx(ROWS)).status_code == 201
    return admin, login(app, "kiosk")


def whole(kiosk) -> dict:
    response = kiosk.get("/api/kiosk/roster")
    assert response.status_code == 200, response.json
    return response.json


def by_id(copy: dict) -> dict[int, dict]:
    return {p["id"]: p for p in copy["people"]}


def apply(copy: dict, answer: dict) -> dict:
    """What static/js/kiosk/roster.js does with an answer: changed people in, removed ones out."""
    people = by_id(copy)
    for person in answer["changed"]:
        people[person["id"]] = person
    for gone in answer["removed"]:
        people.pop(gone, None)
    return {**copy, "epoch": answer["epoch"], "rev": answer["rev"], "people": list(people.values())}


def catch_up(kiosk, copy: dict) -> tuple[dict, str]:
    """Ask for what changed until nothing more is owed; a whole reload only when told."""
    for _ in range(100):
        response = kiosk.get("/api/kiosk/roster", query_string={"since": copy["rev"], "epoch": copy["epoch"]})
        if response.status_code == 410:
            assert response.json["error"] == "reload_whole" and response.json["message"]
            return whole(kiosk), "whole"
        assert response.status_code == 200, response.json
        copy = apply(copy, response.json)
        if not response.json["more"]:
            return copy, "delta"
    raise AssertionError("the changes never ended")


class Hall:
    """Random things the office and the door do to the list, through the API as they do."""

    def __init__(self, admin, kiosk, rng: random.Random):
        self.admin, self.kiosk, self.rng = admin, kiosk, rng
        self.names = iter(f"{name} {n}" for n in range(1, 100) for name in NAMES)

    def people(self) -> list[dict]:
        return self.admin.get("/api/invitees").json

    def groups(self) -> list[dict]:
        return self.admin.get("/api/conference").json["groups"]

    def tdp(self) -> dict:
        return self.rng.choice([g for g in self.groups() if g["kind"] == "tdp"])

    def someone(self, present: bool | None = None) -> dict | None:
        people = [p for p in self.people() if present is None or bool(p["checked_in_at"]) == present]
        return self.rng.choice(people) if people else None

    def add(self):
        self.admin.post("/api/invitees", json={"name": next(self.names), "group_id": self.tdp()["id"]})

    def remove(self):
        if person := self.someone():
            self.admin.delete(f"/api/invitees/{person['id']}")

    def edit(self):
        if person := self.someone():
            self.admin.patch(f"/api/invitees/{person['id']}", json=self.rng.choice([
                {"position": self.rng.choice(["", "Tổ phó TDP", "Chi hội trưởng"])},
                {"name": next(self.names)}, {"group_id": self.tdp()["id"]},
            ]))

    def reissue(self):
        if person := self.someone():
            self.admin.post(f"/api/invitees/{person['id']}/reissue")

    def revoke(self):
        if person := self.someone():
            self.admin.post(f"/api/invitees/{person['id']}/revoke")

    def check_in(self):
        if person := self.someone(present=False):
            self.kiosk.post("/api/checkins", json={"invitee_id": person["id"]})

    def scan(self):
        people = [p for p in self.people() if p["code"] and not p["checked_in_at"]]
        if people:
            self.kiosk.post("/api/checkins", json={"code": self.rng.choice(people)["code"]})

    def undo(self):
        if person := self.someone(present=True):
            self.admin.post(f"/api/invitees/{person['id']}/undo-checkin")

    def walk_in(self):
        self.kiosk.post("/api/walkins", json={"name": next(self.names), "group_id": self.tdp()["id"], "confirm": True})

    def rename_group(self):
        group = self.tdp()
        self.admin.patch(f"/api/groups/{group['id']}", json={"name": f"{group['name'].split(' (')[0]} ({self.rng.randint(1, 99)})"})

    def replace(self):
        """The roster replaced by a file: some kept, one new, the rest removed (unless inside)."""
        kept = self.rng.sample(self.people(), k=min(4, len(self.people())))
        rows = [HEADER] + [[n, p["name"], p["group_name"], "", "", ""] for n, p in enumerate(kept, 1)]
        rows.append([len(rows), next(self.names), "TDP số 1", "", "", ""])
        self.admin.post("/api/roster/import", data={"file": (io.BytesIO(_csv(rows)), "moi.csv"), "replace": "1"},
                        headers={"X-CSRF-Token": csrf(self.admin)}, content_type="multipart/form-data")

    def import_more(self):
        rows = [HEADER] + [[n, next(self.names), "TDP số 2", "", "", ""] for n in range(1, 4)]
        import_file(self.admin, _csv(rows), "them.csv")

    def one(self) -> str:
        moves = ["add", "remove", "edit", "reissue", "revoke", "check_in", "scan", "undo", "walk_in",
                 "rename_group", "import_more", "check_in", "scan", "undo"]
        move = self.rng.choice(moves)
        getattr(self, move)()
        return move


def _csv(rows: list[list]) -> bytes:
    return "\n".join(",".join(str(cell) for cell in row) for row in rows).encode("utf-8")


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_a_copy_brought_up_by_changes_is_the_whole_list(app, hall, seed):
    admin, kiosk = hall
    app.config["KIOSK_SYNC_PAGE"] = 3  # several pages, and "too far behind", with a small hall
    rng = random.Random(seed)
    world = Hall(admin, kiosk, rng)
    copies = [whole(kiosk)]  # copies left behind at different moments, each caught up later
    ways = []
    for step in range(40):
        world.one()
        if rng.random() < 0.3:
            copies.append(whole(kiosk))
        if rng.random() < 0.5:
            i = rng.randrange(len(copies))
            copies[i], way = catch_up(kiosk, copies[i])
            ways.append(way)
            fresh = whole(kiosk)
            assert copies[i]["rev"] == fresh["rev"] and copies[i]["epoch"] == fresh["epoch"]
            assert by_id(copies[i]) == by_id(fresh), f"seed {seed}, step {step}"
    for copy in copies:
        caught, way = catch_up(kiosk, copy)
        ways.append(way)
        assert by_id(caught) == by_id(whole(kiosk))
    assert "delta" in ways  # the point: most catch-ups are by changes


def test_each_kind_of_change_reaches_a_copy_one_step_at_a_time(app, hall):
    admin, kiosk = hall
    world = Hall(admin, kiosk, random.Random(7))
    copy = whole(kiosk)
    for move in ("add", "remove", "edit", "reissue", "revoke", "check_in", "scan", "undo", "walk_in",
                 "rename_group", "replace", "import_more"):
        before = copy["rev"]
        getattr(world, move)()
        copy, way = catch_up(kiosk, copy)
        assert way == "delta", move
        assert copy["rev"] > before, move
        assert by_id(copy) == by_id(whole(kiosk)), move


def test_nothing_changed_is_a_tiny_answer_and_the_copy_holds_no_code(hall):
    admin, kiosk = hall
    copy = whole(kiosk)
    answer = kiosk.get("/api/kiosk/roster", query_string={"since": copy["rev"], "epoch": copy["epoch"]})
    assert answer.status_code == 200
    assert answer.json == {"epoch": copy["epoch"], "rev": copy["rev"], "changed": [], "removed": [], "more": False}
    codes = [(p["code"], p["short_code"]) for p in admin.get("/api/invitees").json]
    text = kiosk.get("/api/kiosk/roster").get_data(as_text=True)
    assert all(code not in text and short not in text for code, short in codes)
    assert all("code" not in p and "short_code" not in p and p["code_digest"] for p in copy["people"])


def test_the_checkin_event_carries_the_rev_a_copy_one_behind_needs(app, hall):
    admin, kiosk = hall
    socket = socketio.test_client(app, flask_test_client=kiosk)
    copy = whole(kiosk)
    for person, undo in ((copy["people"][0], False), (copy["people"][1], True)):
        socket.get_received()
        admitted = kiosk.post("/api/checkins", json={"invitee_id": person["id"]})
        assert admitted.status_code == 201
        if undo:
            assert kiosk.post(f"/api/checkins/{admitted.json['checkin_id']}/undo").status_code == 200
        for event in [e["args"][0] for e in socket.get_received() if e["name"] == "checkin"]:
            # What static/js/kiosk/roster.js does with it: one behind, apply it and be current.
            assert event["rev"] == copy["rev"] + 1
            by_id(copy)[event["invitee_id"]]["checked_in_at"] = event["at"]
            copy["rev"] = event["rev"]
        fresh = whole(kiosk)
        assert copy["rev"] == fresh["rev"] and by_id(copy) == by_id(fresh)
    socket.disconnect()


def test_too_far_behind_another_database_or_key_or_ahead_reloads_whole(app, hall):
    admin, kiosk = hall
    app.config["KIOSK_SYNC_PAGE"] = 2
    copy = whole(kiosk)
    world = Hall(admin, kiosk, random.Random(3))
    for _ in range(9):  # more than 4 pages of 2 people changed
        world.add()
    _, way = catch_up(kiosk, copy)
    assert way == "whole"
    fresh = whole(kiosk)
    ask = lambda **q: kiosk.get("/api/kiosk/roster", query_string=q)  # noqa: E731
    assert ask(since=fresh["rev"] + 1, epoch=fresh["epoch"]).status_code == 410  # ahead: another database
    conference, generation, mark = fresh["epoch"].split(".")
    assert ask(since=fresh["rev"], epoch=f"{conference}.{generation}x.{mark}").status_code == 410
    # Another secret key gives other digests: a copy made under the old one cannot be patched.
    with app.app_context():
        same, other = (digests.conference_key(secret, int(conference)) for secret in ("test", "another"))
        assert sync.changes(store.db(), int(conference), same, fresh["rev"], fresh["epoch"]) is not None
        assert sync.changes(store.db(), int(conference), other, fresh["rev"], fresh["epoch"]) is None
        assert sync.whole(store.db(), int(conference), other)["epoch"] != fresh["epoch"]


@pytest.mark.parametrize("query", [
    {"since": "-1", "epoch": "x"}, {"since": "abc", "epoch": "x"}, {"since": "1"}, {"epoch": "x"},
    {"since": "1", "epoch": ""}, {"since": "1", "epoch": "x" * 101}, {"since": "9" * 40, "epoch": "x"},
])
def test_a_bad_question_is_a_clear_400(hall, query):
    _, kiosk = hall
    answer = kiosk.get("/api/kiosk/roster", query_string=query)
    assert answer.status_code == 400 and answer.json["error"] == "invalid"
    assert "since" in answer.json["message"]


def test_only_the_door_may_ask(app, hall):
    assert app.test_client().get("/api/kiosk/roster").status_code == 401
    assert app.test_client().get("/api/kiosk/roster?since=0&epoch=x").status_code == 401
    for role in ("chairman", "secretary", "display"):
        assert login(app, role).get("/api/kiosk/roster").status_code == 403
    for role in ("kiosk", "admin"):  # the door page is the kiosk's and an admin's
        people = login(app, role).get("/api/kiosk/roster").json["people"]
        assert people and all("code" not in p for p in people)


def test_no_active_conference_is_a_404(app):
    assert login(app, "kiosk").get("/api/kiosk/roster").status_code == 404


def test_a_page_ends_between_changes_and_one_change_larger_than_a_page_comes_whole(app, hall):
    admin, kiosk = hall
    app.config["KIOSK_SYNC_PAGE"] = 2
    copy = whole(kiosk)
    tdp2 = next(g for g in admin.get("/api/conference").json["groups"] if g["name"] == "TDP số 2")
    members = {p["id"] for p in copy["people"] if p["group_id"] == tdp2["id"]}
    assert len(members) > 2
    assert admin.patch(f"/api/groups/{tdp2['id']}", json={"name": "TDP số 2 (Đồng Mai)"}).status_code == 200
    first = next(p for p in copy["people"] if p["group_id"] != tdp2["id"])
    assert kiosk.post("/api/checkins", json={"invitee_id": first["id"]}).status_code == 201
    answer = kiosk.get("/api/kiosk/roster", query_string={"since": copy["rev"], "epoch": copy["epoch"]}).json
    assert {p["id"] for p in answer["changed"]} == members and answer["more"]  # the rename, whole
    assert all(p["group_name"] == "TDP số 2 (Đồng Mai)" for p in answer["changed"])
    caught, way = catch_up(kiosk, apply(copy, answer))
    assert way == "delta" and by_id(caught) == by_id(whole(kiosk))
