"""The CLI per the contract: demo, staff add, roster import; clean output, exit codes."""
from __future__ import annotations

from conference import store
from office import attendance, conferences

from ..conftest import GOOD_ROWS, snapshot, xlsx


def test_demo_is_a_realistic_conference_of_the_plan(runner, app, tmp_path):
    app.config["DATABASE"] = str(tmp_path / "demo.db")
    store.migrate(app.config["DATABASE"])
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    assert "admin" in result.output
    with app.app_context():
        database = store.db()
        conferences = store.conferences_list(database)
        assert len(conferences) == 2 and {c["held_on"][:4] for c in conferences} == {"2025"}
        active = store.conference_active(database)
        assert "lần 2" in active["title"]
        summary = attendance.summary(database, active)
        tdps = [g for g in summary["groups"] if g["kind"] == "tdp"]
        ward = [g for g in summary["groups"] if g["kind"] == "ward"]
        # The plan's hall: about 120 people, and the demo fills it without its own warning.
        assert len(tdps) >= 5 and 100 <= summary["invited"] <= active["capacity"] == 120
        assert summary["capacity_warning"] is None
        assert ward[0]["invited"] >= 20
        assert all(g["officers_invited"] >= 3 for g in tdps)
        # The plan asks at least 10 residents; the demo has some groups short, to show it.
        assert any(g["residents_invited"] >= 10 for g in tdps) and any(g["residents_invited"] < 10 for g in tdps)
        names = [p["name"] for p in store.invitees_list(database, active["id"])]
        assert any("ễ" in n or "ữ" in n or "ư" in n for n in names)
    again = runner.invoke(args=["demo"])
    assert again.exit_code != 0 and "đã có dữ liệu" in again.output
    assert runner.invoke(args=["demo", "--if-empty"]).exit_code == 0


def test_staff_add_then_login(runner, client):
    result = runner.invoke(args=["staff", "add", "Thuky2", "--role", "secretary", "--password", "mot-hai-ba-bon"])
    assert result.exit_code == 0, result.output
    response = client.post("/api/session", json={"username": "thuky2", "password": "mot-hai-ba-bon"})
    assert response.status_code == 200 and response.json["role"] == "secretary"


def test_staff_add_refuses_bad_input(runner):
    assert runner.invoke(args=["staff", "add", "x", "--role", "boss", "--password", "12345678"]).exit_code != 0
    short = runner.invoke(args=["staff", "add", "thuky3", "--role", "secretary", "--password", "123"])
    assert short.exit_code != 0 and "ít nhất 8" in short.output
    bad_name = runner.invoke(args=["staff", "add", "Tên Có Dấu", "--role", "secretary", "--password", "12345678"])
    assert bad_name.exit_code != 0 and "Tên đăng nhập" in bad_name.output


def test_roster_import_good_and_bad(runner, app, tmp_path):
    good = tmp_path / "danh-sach.xlsx"
    good.write_bytes(xlsx(GOOD_ROWS))
    result = runner.invoke(args=["roster", "import", str(good)])
    assert result.exit_code == 0, result.output
    assert "Đã nhập 4 người" in result.output and "đã tạo hội nghị" in result.output

    bad = tmp_path / "loi.csv"
    bad.write_text("Họ và tên,Đơn vị,Loại\nA,TDP 1,khách\n,TDP 2,\n", encoding="utf-8")
    with app.app_context():
        before = snapshot(store.db())
    result = runner.invoke(args=["roster", "import", str(bad)])
    assert result.exit_code == 1
    assert "Dòng 2:" in result.output and "Dòng 3:" in result.output
    with app.app_context():
        assert snapshot(store.db()) == before


def test_conference_list_and_activate(runner, app):
    with app.app_context():
        conferences.create_conference(store.db(), {"title": "Lần 1", "held_on": "2025-05-20"}, "t")
        conferences.create_conference(store.db(), {"title": "Lần 2", "held_on": "2025-11-20"}, "t")
    listed = runner.invoke(args=["conference", "list"]).output
    assert "* " in listed and "Lần 2" in listed and "20/11/2025" in listed  # days the Vietnamese way
    assert runner.invoke(args=["conference", "activate", "1"]).exit_code == 0
    assert runner.invoke(args=["conference", "activate", "99"]).exit_code != 0
