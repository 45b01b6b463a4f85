"""The backup's restore reads every field before it writes one; the backup and the database
keep a phone's traces and invitees' phone numbers no longer than the record needs them."""
from __future__ import annotations

import copy
import hashlib
import json
from pathlib import Path

import pytest

from conference import create_app, store
from conference.errors import Refusal
from office import demo
from record import backup, backup_schema, retention

from ..conftest import PASSWORD, import_file, login, xlsx

ROWS = [["Họ và tên", "Đơn vị", "Loại", "Điện thoại"],
        ["Nguyễn Văn An", "TDP số 1", "cán bộ TDP", "0912345678"],
        ["Trần Thị Bình", "TDP số 1", "", "0987654321"],
        ["Phạm Thị Dung", "Đại biểu phường", "", ""]]
ADDRESSES = ("192.168.1.57", "fe80::1c2b:3aff:fe4d:9e10", "192.168.1.203")


def phone(app, address: str):
    """A resident's phone on the hall's LAN: its own cookie, its own address."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    client.get("/ask")  # the ask page gives the phone its device cookie
    return client


def fresh_app(path: Path):
    return create_app({"TESTING": True, "DATABASE": str(path), "SECRET_KEY": "t", "ASYNC_MODE": "threading",
                       "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"})


@pytest.fixture
def hall(app, client, auth):
    """A roster with phone numbers; three questions sent from three phones, interest shown,
    each question decided: one written reply, one referral, one answered."""
    auth.login("admin")
    assert import_file(client, xlsx(ROWS)).status_code == 201
    held = {"held_on": "2025-11-20", "announced_on": "2025-11-10"}  # the meeting is over: the follow-up runs
    assert client.patch(f"/api/conferences/{client.get('/api/conference').json['id']}", json=held).status_code == 200
    phones = [phone(app, address) for address in ADDRESSES]
    ids = [p.post("/api/questions", json={"text": f"Câu hỏi số {n} về đường ngõ 5"}).json["id"]
           for n, p in enumerate(phones, start=1)]
    chairman, secretary = login(app, "chairman"), login(app, "secretary")
    for qid in ids:
        assert chairman.patch(f"/api/questions/{qid}", json={"status": "approved"}).status_code == 200
    for p in phones[1:]:
        assert p.post(f"/api/questions/{ids[0]}/interest").status_code == 200
    for qid, outcome, extra in (
        (ids[0], "written_reply", {"reply_by": "Văn phòng UBND", "reply_due": "2030-01-10"}),
        (ids[1], "referred", {"referred_to": "Phòng Tài nguyên và Môi trường quận"}),
        (ids[2], "answered", {}),
    ):
        chairman.patch(f"/api/questions/{qid}", json={"status": "on_screen"})
        response = chairman.patch(f"/api/questions/{qid}", json={
            "status": outcome, "responder": "Chủ tịch UBND phường", "conclusion": "Giao xử lý.", **extra})
        assert response.status_code == 200, response.json
    return {"secretary": secretary, "chairman": chairman, "admin": client, "ids": ids, "phones": phones}


def traces(app) -> dict:
    """What the database holds of the phones and the invitees' numbers, read through the store."""
    with app.app_context():
        database = store.db()
        conference = store.conference_active(database)
        return {"questions": store.question_traces(database, conference["id"]),
                "votes": store.vote_devices(database, conference["id"]),
                "vote_addresses": store.vote_addresses(database, conference["id"]),
                "phones": store.invitee_phones(database, conference["id"])}


def signed(data: dict) -> bytes:
    """A hand-made backup whose checksum holds: the SHA-256 of the data's canonical JSON."""
    canonical = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return json.dumps({"format": "doithoai-backup", "version": 1, "exported_at": "2025-11-20T10:00:00Z",
                       "sha256": hashlib.sha256(canonical.encode()).hexdigest(), "data": data},
                      ensure_ascii=False).encode()


def everything(database) -> dict:
    return {table: list(database.query(f"SELECT * FROM {table}")) for table in store.BACKUP_TABLES}


# ---------------------------------------------------------------- hostile files


def _set(table, field, value, row=0):
    def mangle(data):
        data[table][row][field] = value
    return mangle


def _question_to_nowhere(data):
    data["questions"][0]["conference_id"] = 999


def _two_rows_one_id(data):
    data["groups"].append(copy.deepcopy(data["groups"][0]))


def _merged_in_a_ring(data):
    first, second = data["questions"][0], data["questions"][1]
    first.update(status="merged", merged_into=second["id"])
    second.update(status="merged", merged_into=first["id"])


def _merged_into_itself(data):
    data["questions"][0].update(status="merged", merged_into=data["questions"][0]["id"])


HOSTILE = [
    pytest.param(_set("conferences", "held_on", "not-a-date"), "conferences", "held_on", id="held_on-not-a-date"),
    pytest.param(_set("questions", "status", "bogus"), "questions", "status", id="status-bogus"),
    pytest.param(_set("groups", "quota", "10"), "groups", "quota", id="string-for-int"),
    pytest.param(_question_to_nowhere, "questions", "conference_id", id="question-to-missing-conference"),
    pytest.param(_set("invitees", "category", "khách mời"), "invitees", "category", id="category-unknown"),
    pytest.param(_set("conferences", "capacity", True), "conferences", "capacity", id="bool-for-int"),
    pytest.param(_set("conferences", "capacity", 10**30), "conferences", "capacity", id="number-out-of-range"),
    pytest.param(_set("conferences", "starts_at", "25:00"), "conferences", "starts_at", id="time-25h"),
    pytest.param(_set("questions", "created_at", "hôm qua"), "questions", "created_at", id="timestamp"),
    pytest.param(_set("questions", "shown_at", "2025-11-20T08:00:00"), "questions", "shown_at", id="timestamp-no-zone"),
    pytest.param(_set("questions", "reply_due", "20/11/2025"), "questions", "reply_due", id="date-vn-form"),
    pytest.param(_set("questions", "merged_into", 4242), "questions", "merged_into", id="merged-into-missing"),
    pytest.param(_set("questions", "topic_id", 4242), "questions", "topic_id", id="topic-missing"),
    pytest.param(_set("invitees", "name", "A" * 101), "invitees", "name", id="name-too-long"),
    pytest.param(_set("questions", "text", "x" * 1001), "questions", "text", id="text-too-long"),
    pytest.param(_set("invitees", "phone", "gọi tôi"), "invitees", "phone", id="phone-shape"),
    pytest.param(_set("invitations", "code", "DT1-hello"), "invitations", "code", id="code-shape"),
    pytest.param(_set("invitations", "invitee_id", 4242), "invitations", "invitee_id", id="invitation-to-nobody"),
    pytest.param(_set("votes", "question_id", 4242), "votes", "question_id", id="vote-to-nowhere"),
    pytest.param(_set("rooms", "zoom", 9), "rooms", "zoom", id="zoom"),
    pytest.param(_set("rooms", "attention_words", "not json"), "rooms", "attention_words", id="word-list"),
    pytest.param(_set("questions", "ip_address", "10.0.0.1"), "questions", "ip_address", id="unknown-column"),
    pytest.param(_set("conferences", "title", None), "conferences", "title", id="null-title"),
    pytest.param(_two_rows_one_id, "groups", "id", id="duplicate-id"),
    pytest.param(_set("invitees", "name", "Nguyễn\x00 Văn An"), "invitees", "name", id="nul-in-a-name"),
    pytest.param(_set("questions", "text", "Đường\x1b[2J ngập"), "questions", "text", id="escape-in-a-question"),
    pytest.param(_set("rooms", "responders", '["Chủ tịch\\u0000"]'), "rooms", "responders", id="nul-in-a-list"),
    pytest.param(_set("invitees", "name", "Lê\x85 Văn\u202e Bình"), "invitees", "name", id="c1-and-bidi-in-a-name"),
    pytest.param(_set("invitees", "name", "\u200b\u200b"), "invitees", "name", id="a-name-of-zero-widths"),
    pytest.param(_set("questions", "number", 2**63 - 1), "questions", "number", id="number-past-any-next"),
    pytest.param(_set("groups", "id", 2**63 - 1), "groups", "id", id="id-past-javascript-and-any-next"),
    pytest.param(_set("invitees", "checked_in_at", "9999-12-31T20:00:00Z"), "invitees", "checked_in_at",
                 id="moment-year-10000-in-the-hall"),
    pytest.param(_set("questions", "created_at", "0001-01-01T00:00:00+07:00"), "questions", "created_at", id="moment-year-0"),
    pytest.param(_set("questions", "reply_due", "0001-01-03"), "questions", "reply_due", id="day-in-year-1"),
    pytest.param(_merged_in_a_ring, "questions", "merged_into", id="merge-ring"),
    pytest.param(_merged_into_itself, "questions", "merged_into", id="merged-into-itself"),
    pytest.param(_set("questions", "status", "merged"), "questions", "merged_into", id="merged-into-nothing"),
]


@pytest.fixture
def good_data(hall) -> dict:
    raw = hall["secretary"].get("/record/backup.json").data
    return json.loads(raw)["data"]


@pytest.mark.parametrize("mangle,table,field", HOSTILE)
def test_a_hand_made_backup_that_pages_could_not_show_is_refused(good_data, tmp_path, mangle, table, field):
    mangle(good_data)
    empty = fresh_app(tmp_path / "empty.db")
    with empty.app_context():
        database = store.db()
        before = everything(database)
        with pytest.raises(Refusal) as refused:
            backup.restore(database, signed(good_data))
        assert everything(database) == before
        assert store.conferences_count(database) == 0
    assert (refused.value.status, refused.value.code) == (422, "invalid_backup")
    message = refused.value.message
    assert f"bảng {table}" in message and f"trường {field}" in message and "dòng " in message, message
    assert refused.value.errors[0]["table"] == table and refused.value.errors[0]["field"] == field


@pytest.mark.parametrize("mangle,table,field", [HOSTILE[0], HOSTILE[1], HOSTILE[3], HOSTILE[4]])
def test_the_restore_command_refuses_them_too(good_data, tmp_path, mangle, table, field):
    mangle(good_data)
    (tmp_path / "tay.json").write_bytes(signed(good_data))
    empty = fresh_app(tmp_path / "empty.db")
    result = empty.test_cli_runner().invoke(args=["restore", str(tmp_path / "tay.json")])
    assert result.exit_code != 0 and f"bảng {table}" in result.output and field in result.output, result.output
    with empty.app_context():
        assert store.conferences_count(store.db()) == 0


def test_a_refused_file_lists_each_problem(good_data, tmp_path):
    good_data["conferences"][0]["held_on"] = "not-a-date"
    good_data["questions"][1]["status"] = "bogus"
    with fresh_app(tmp_path / "empty.db").app_context():
        with pytest.raises(Refusal) as refused:
            backup.restore(store.db(), signed(good_data))
    assert [(e["table"], e["field"]) for e in refused.value.errors] == [("conferences", "held_on"), ("questions", "status")]


def test_a_question_merged_into_a_later_one_restores(good_data, tmp_path):
    """References are checked against the whole file, not row by row as they are written."""
    first, last = good_data["questions"][0], good_data["questions"][-1]
    first.update(status="merged", merged_into=last["id"])
    with fresh_app(tmp_path / "empty.db").app_context():
        backup.restore(store.db(), signed(good_data))
        assert store.question_get(store.db(), first["id"])["merged_into"] == last["id"]


def test_a_paragraph_keeps_its_line_breaks_and_tabs(good_data, tmp_path):
    """Only what no rule writes is refused: a conclusion of several lines is the record's own."""
    good_data["questions"][0]["conclusion"] = "Thứ nhất: nạo vét cống.\r\nThứ hai:\tlắp đèn."
    with fresh_app(tmp_path / "empty.db").app_context():
        backup.restore(store.db(), signed(good_data))
        assert store.question_get(store.db(), good_data["questions"][0]["id"])["conclusion"].endswith("\tlắp đèn.")


def test_the_schema_describes_every_column_the_app_writes(db):
    """A migration that adds a column to a backup table must say here what its values may be."""
    for table in store.BACKUP_TABLES:
        columns = {c["name"]: c for c in store.table_info(db, table)}
        schema = backup_schema.SCHEMA[table]
        assert set(schema) == set(columns), table
        for name, column in columns.items():
            key = bool(column["pk"])
            assert schema[name].nullable == (not column["notnull"] and not key), (table, name)
            assert schema[name].required == (key or (column["notnull"] and column["dflt_value"] is None)), (table, name)


# ---------------------------------------------------------------- the round trip


def test_the_demo_restored_into_an_empty_database_shows_every_page(app, tmp_path):
    with app.app_context():
        demo.load(store.db())
    secretary = login(app, "secretary")
    invited = secretary.get("/api/conference").json["invited"]
    assert invited > 100
    raw = secretary.get("/record/backup.json").data
    (tmp_path / "demo.json").write_bytes(raw)

    restored = fresh_app(tmp_path / "restored.db")
    result = restored.test_cli_runner().invoke(args=["restore", str(tmp_path / "demo.json")])
    assert result.exit_code == 0, result.output
    with restored.app_context():
        from conference import staff

        for role in ("admin", "secretary"):
            staff.add_staff(store.db(), role, role, PASSWORD)
    admin, other = login(restored, "admin"), login(restored, "secretary")
    conference = other.get("/api/conference")
    assert conference.status_code == 200 and conference.json["invited"] == invited
    assert other.get("/record").status_code == 200
    assert other.get("/record/minutes.docx").status_code == 200
    assert admin.get("/admin").status_code == 200
    assert admin.get("/api/board").status_code == 200
    assert json.loads(other.get("/record/backup.json").data)["data"] == json.loads(raw)["data"]


# ---------------------------------------------------------------- what the backup holds


def test_the_backup_holds_no_address_and_no_device_of_a_phone(app, hall, tmp_path):
    held = traces(app)
    devices = {q["device"] for q in held["questions"]} | set(held["votes"])
    assert len(devices) == 3 and {q["ip"] for q in held["questions"]} == set(ADDRESSES)
    assert set(held["vote_addresses"]) == set(ADDRESSES[1:])
    raw = hall["secretary"].get("/record/backup.json").data
    text = raw.decode()
    for trace in devices | set(ADDRESSES):
        assert trace not in text
    data = json.loads(raw)["data"]
    assert all("device" not in q and "ip" not in q for q in data["questions"])
    assert all("ip" not in v for v in data["votes"])
    assert len(data["votes"]) == 2 and all(v["device"].startswith(retention.PSEUDONYM_PREFIX) for v in data["votes"])

    (tmp_path / "b.json").write_bytes(raw)
    restored = fresh_app(tmp_path / "restored.db")
    assert restored.test_cli_runner().invoke(args=["restore", str(tmp_path / "b.json")]).exit_code == 0
    with restored.app_context():
        from conference import staff

        staff.add_staff(store.db(), "secretary", "secretary", PASSWORD)
    questions = login(restored, "secretary").get("/api/questions").json
    assert next(q for q in questions if q["id"] == hall["ids"][0])["interest"] == 2
    assert traces(restored)["questions"] == [] and traces(restored)["vote_addresses"] == []


def test_an_older_backup_with_the_traces_restores_without_them(app, hall, tmp_path):
    with app.app_context():
        data = store.backup_rows(store.db(), store.conference_active(store.db())["id"])
    assert any(q["ip"] for q in data["questions"])
    restored = fresh_app(tmp_path / "restored.db")
    with restored.app_context():
        backup.restore(store.db(), signed(json.loads(json.dumps(data))))
    left = traces(restored)
    assert left["questions"] == [] and left["vote_addresses"] == []
    assert all(v.startswith(retention.PSEUDONYM_PREFIX) for v in left["votes"])


# ---------------------------------------------------------------- retention


def test_closing_the_last_followup_purges_the_phones_and_the_numbers(app, hall):
    secretary, admin = hall["secretary"], hall["admin"]
    an = next(p for p in admin.get("/api/invitees").json if p["name"] == "Nguyễn Văn An")
    assert admin.patch(f"/api/invitees/{an['id']}", json={"phone": "0911222333"}).status_code == 200
    written, referred = hall["ids"][0], hall["ids"][1]
    first = secretary.patch(f"/api/questions/{written}/followup", json={"done_on": "2025-11-25"})
    assert first.status_code == 200 and first.json["purged"] is None
    held = traces(app)
    assert len(held["questions"]) == 3 and len(held["phones"]) == 2  # one item still open: kept
    with app.app_context():
        assert any("0911222333" in e["detail"] for e in store.audit_entries(store.db(), 500))

    done = secretary.patch(f"/api/questions/{referred}/followup", json={"done_on": "2025-11-26", "reply": "Đã chuyển."})
    assert done.status_code == 200 and done.json["done_on"] == "2025-11-26"
    assert done.json["purged"]["phones"] == 2  # the page says what went, and why
    held = traces(app)
    assert held["questions"] == [] and held["phones"] == [] and held["vote_addresses"] == []
    assert all(v.startswith(retention.PSEUDONYM_PREFIX) for v in held["votes"])
    with app.app_context():
        entries = store.audit_entries(store.db(), 500)
    assert not any(e["actor"].startswith("phone:") for e in entries)
    assert not any(number in e["detail"] for e in entries for number in ("0911222333", "0987654321"))
    assert any(e["action"] == "invitee.update" for e in entries)
    questions = hall["chairman"].get("/api/questions").json
    assert next(q for q in questions if q["id"] == written)["interest"] == 2  # the count stays


def test_an_undecided_question_keeps_the_followup_open(app, hall):
    hall["phones"][0].post("/api/questions", json={"text": "Một câu hỏi gửi muộn, chưa ai duyệt"})
    for qid in hall["ids"][:2]:
        hall["secretary"].patch(f"/api/questions/{qid}/followup", json={"done_on": "2025-11-25"})
    assert len(traces(app)["questions"]) == 4


def test_the_purge_command_applies_the_same_rule(app, hall, runner):
    result = runner.invoke(args=["record", "purge"])
    assert result.exit_code == 0 and "chưa xong" in result.output
    assert len(traces(app)["questions"]) == 3
    with app.app_context():
        database = store.db()
        conference_id = store.conference_active(database)["id"]
        with store.write(database):
            for qid in hall["ids"][:2]:
                store.question_update(database, qid, {"followup_done_on": "2025-11-25"})
            store.conference_update(database, conference_id, {"held_on": "2099-01-01"})
    result = runner.invoke(args=["record", "purge"])  # everything done, but the day is still to come
    assert result.exit_code == 0 and "chưa xong" in result.output
    assert len(traces(app)["phones"]) == 2
    with app.app_context():
        with store.write(store.db()):
            store.conference_update(store.db(), conference_id, {"held_on": "2025-11-20"})
    result = runner.invoke(args=["record", "purge", "--conference", str(conference_id)])
    assert result.exit_code == 0 and "3 câu hỏi" in result.output, result.output
    left = traces(app)
    assert left["questions"] == left["phones"] == left["vote_addresses"] == []
    assert runner.invoke(args=["record", "purge", "--conference", "999"]).exit_code != 0


def test_a_copy_cut_in_the_middle_of_a_letter_is_said_incomplete_not_foreign():
    """A backup cut short where a Vietnamese letter's bytes were split said "not UTF-8" (as if
    it were some other kind of file); it is an incomplete copy, said so."""
    cut = '{"format": "doithoai-backup", "data": {"title": "Hội nghị Đ'.encode()[:-1]
    with pytest.raises(Refusal) as refused:
        backup.read(cut)
    assert "không đầy đủ" in refused.value.message
    with pytest.raises(Refusal) as foreign:
        backup.read(b"\xff\xfe garbage")
    assert "UTF-8" in foreign.value.message
