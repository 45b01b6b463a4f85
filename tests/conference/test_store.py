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
