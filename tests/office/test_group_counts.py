"""The counts kept by triggers equal the list counted again, after every kind of change:
an import, admissions and undos, a walk-in, a removal, an edit that moves someone."""
from __future__ import annotations

import random

from conference import store

from ..conftest import import_file, xlsx


def kept(db, conference_id):
    keys = ("invited", "present", "residents_invited", "residents_present", "officers_invited", "officers_present")
    return sorted((g["id"], *(g[k] for k in keys)) for g in store.groups_with_counts(db, conference_id))


def recounted(db, conference_id):
    keys = ("invited", "present", "residents_invited", "residents_present", "officers_invited", "officers_present")
    return sorted((g["id"], *(g[k] for k in keys)) for g in store.groups_recounted(db, conference_id))


def test_kept_counts_equal_a_recount_after_every_change(app, client, auth, db):
    auth.login("admin")
    rows = [["Họ và tên", "Đơn vị", "Loại"]] + [
        [f"Người {i}", f"TDP số {i % 4 + 1}", "cán bộ TDP" if i % 7 == 0 else ""] for i in range(60)]
    assert import_file(client, xlsx(rows)).status_code == 201
    conference = store.conference_active(db)
    assert kept(db, conference["id"]) == recounted(db, conference["id"])
    people = client.get("/api/invitees").json
    groups = [g["id"] for g in client.get("/api/conference").json["groups"] if g["kind"] == "tdp"]
    chance = random.Random(7)
    for step in range(120):
        person = chance.choice(people)
        move = chance.choice(["admit", "undo", "remove", "edit", "walk_in"])
        if move == "admit":
            client.post("/api/checkins", json={"invitee_id": person["id"]})
        elif move == "undo":
            listed = db.execute("SELECT id FROM checkins WHERE invitee_id = ? AND undone_at IS NULL",
                                [person["id"]]).fetchone()
            if listed:
                client.post(f"/api/checkins/{listed[0]}/undo")
        elif move == "remove":
            client.delete(f"/api/invitees/{person['id']}")
        elif move == "edit":
            client.patch(f"/api/invitees/{person['id']}", json={"group_id": chance.choice(groups),
                                                                 "category": chance.choice(["resident", "tdp_officer"])})
        else:
            client.post("/api/walkins", json={"name": f"Khách {step}", "group_id": chance.choice(groups), "confirm": True})
        assert kept(db, conference["id"]) == recounted(db, conference["id"]), (step, move)
    assert sum(g[2] for g in kept(db, conference["id"])) > 0  # people really came in
