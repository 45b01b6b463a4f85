"""The store's promises: WAL, synchronous=FULL, foreign keys, migrations applied once."""
from __future__ import annotations

from conference import store
from conference.migrations import migrations


def test_pragmas(db):
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000


def test_migrations_are_applied_once(app, db):
    applied = [m.name for m in migrations.applied(db)]
    assert applied and applied == [m.name for m in migrations._migrations]
    store.migrate(app.config["DATABASE"])  # again: nothing to do, nothing broken
    assert [m.name for m in migrations.applied(db)] == applied


def test_a_failed_write_leaves_nothing(db):
    try:
        with store.write(db):
            store.conference_insert(db, {"title": "X", "held_on": "2026-01-01"})
            raise RuntimeError("boom")
    except RuntimeError:
        pass
    assert store.conferences_list(db) == []


def test_text_cleaning_and_folding():
    from conference.text import clean, fold
    import unicodedata
    assert clean("  Nguyễn\u200b  Văn\tAn \u202e") == "Nguyễn Văn An"
    assert fold(unicodedata.normalize("NFD", "ĐẶNG Thị Hường")) == "dang thi huong"
    assert unicodedata.is_normalized("NFC", clean(unicodedata.normalize("NFD", "Trường")))


def _before(tmp_path, migration: str):
    from sqlite_utils import Database

    db = Database(tmp_path / "old.db")
    db.execute("PRAGMA foreign_keys=ON")
    migrations.apply(db, stop_before=migration)
    conference = db["conferences"].insert({"title": "Hội nghị đối thoại", "held_on": "2025-11-20", "created_at": "2025-11-01T01:00:00Z"}).last_pk
    for n, status in enumerate(("answered", "pending", "rejected")):
        db["questions"].insert({"conference_id": conference, "created_at": f"2025-11-20T01:0{n}:00Z", "updated_at": f"2025-11-20T01:0{n}:00Z", "source": "phone",
                                "original_text": f"Câu hỏi số {n}", "text": f"Câu hỏi số {n}", "status": status})
    return db


def test_a_database_from_before_the_table_rebuilds_keeps_every_question(tmp_path):
    """m006 and m011 rebuild `questions` (SQLite cannot change a CHECK in place): a ward's
    questions come through whole, numbered in order, with their keys and indexes."""
    db = _before(tmp_path, "m006_accounting")
    migrations.apply(db)
    assert db.execute("SELECT id, number, text, status, source FROM questions ORDER BY id").fetchall() == [
        (1, 1, "Câu hỏi số 0", "answered", "phone"), (2, 2, "Câu hỏi số 1", "pending", "phone"),
        (3, 3, "Câu hỏi số 2", "rejected", "phone")]
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    indexes = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'questions'")}
    assert {"questions_number", "questions_one_on_screen", "questions_source"} <= indexes
    assert [m.name for m in migrations.applied(db)] == [m.name for m in migrations._migrations]


def test_a_rebuild_that_would_break_a_key_changes_nothing(tmp_path):
    """A question pointing at a conference that is gone: the rebuild stops with the reason,
    the old table stays as it was, and the migration is tried again at the next start."""
    import pytest

    db = _before(tmp_path, "m011_petitions")
    db.execute("PRAGMA foreign_keys=OFF")
    db.execute("UPDATE questions SET conference_id = 99 WHERE id = 3")
    db.conn.commit()
    db.execute("PRAGMA foreign_keys=ON")
    before = db.execute("SELECT sql FROM sqlite_master WHERE name = 'questions'").fetchone()[0]
    with pytest.raises(RuntimeError, match="foreign keys broken by the rebuild"):
        migrations.apply(db)
    assert db.execute("SELECT sql FROM sqlite_master WHERE name = 'questions'").fetchone()[0] == before
    assert db.execute("SELECT count(*) FROM questions").fetchone()[0] == 3
    assert "m011_petitions" not in {m.name for m in migrations.applied(db)}
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert not db.conn.in_transaction


def test_groups_written_the_ward_s_ways_come_to_one_key_after_the_upgrade(tmp_path):
    """m018: 'Tổ 9' and 'TDP số 09' had keys of their own (three groups for one TDP after two
    files); now they are one key. Where a database already holds two groups that come to one
    key, the first takes it and the other keeps its own: nothing is merged behind the office's back."""
    db = _before(tmp_path, "m018_group_keys")
    conference = db.execute("SELECT id FROM conferences").fetchone()[0]
    for name, old_key in (("Tổ 9", "to 9"), ("TDP số 03", "tdp 03"), ("TDP 3", "tdp 3"), ("ĐB phường", "db phuong")):
        db["groups"].insert({"conference_id": conference, "name": name, "name_key": old_key, "kind": "tdp",
                             "quota": 10, "sort_order": 1})
    migrations.apply(db)
    keys = dict(db.execute("SELECT name, name_key FROM groups").fetchall())
    assert keys == {"Tổ 9": "tdp 9", "TDP số 03": "tdp 03", "TDP 3": "tdp 3", "ĐB phường": "db phuong"}
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_groups_whose_names_differ_in_marks_get_keys_of_their_own_after_the_upgrade(tmp_path):
    """m019: 'TDP 1 Đông' had the key 'tdp 1 dong', so 'TDP 1 Đồng' could not be added; its key
    now keeps its marks (and a name without marks keeps the key it had)."""
    from office.groups import group_key

    db = _before(tmp_path, "m019_group_marks")
    conference = db.execute("SELECT id FROM conferences").fetchone()[0]
    for name, old_key in (("TDP 1 Đông", "tdp 1 dong"), ("TDP 2", "tdp 2")):
        db["groups"].insert({"conference_id": conference, "name": name, "name_key": old_key, "kind": "tdp",
                             "quota": 10, "sort_order": 1})
    migrations.apply(db)
    keys = dict(db.execute("SELECT name, name_key FROM groups").fetchall())
    assert keys == {"TDP 1 Đông": "tdp 1 dong  đông", "TDP 2": "tdp 2"}
    db["groups"].insert({"conference_id": conference, "name": "TDP 1 Đồng", "name_key": group_key("TDP 1 Đồng"),
                         "kind": "tdp", "quota": 10, "sort_order": 2})  # the unique key lets the second in
    assert db.execute("SELECT count(*) FROM groups").fetchone()[0] == 3
