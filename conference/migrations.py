"""Schema changes, one function each, applied in order at start-up (sqlite-utils Migrations)."""
from __future__ import annotations

import sqlite3
from contextlib import contextmanager
from typing import Iterator

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("doithoai")


@contextmanager
def _rebuilding(conn: sqlite3.Connection) -> Iterator[None]:
    """A table rebuilt as SQLite's documentation says (a CHECK cannot change in place): foreign
    keys off for the copy, one IMMEDIATE transaction, the keys checked before it commits;
    anything raised rolls it all back."""
    conn.execute("PRAGMA foreign_keys=OFF")
    try:
        conn.execute("BEGIN IMMEDIATE")
        yield
        problems = conn.execute("PRAGMA foreign_key_check").fetchall()
        if problems:
            raise RuntimeError(f"foreign keys broken by the rebuild: {problems[:5]}")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    finally:
        conn.execute("PRAGMA foreign_keys=ON")


@migrations()
def m001_core(db: Database) -> None:
    db.execute(
        """
        CREATE TABLE staff (
            id INTEGER PRIMARY KEY,
            username TEXT NOT NULL UNIQUE,
            display_name TEXT NOT NULL DEFAULT '',
            role TEXT NOT NULL CHECK (role IN ('admin','chairman','secretary','kiosk','display')),
            password_hash TEXT NOT NULL,
            created_at TEXT NOT NULL,
            disabled_at TEXT
        )"""
    )
    db.execute(
        """
        CREATE TABLE conferences (
            id INTEGER PRIMARY KEY,
            title TEXT NOT NULL,
            organization TEXT NOT NULL DEFAULT '',
            held_on TEXT NOT NULL,
            starts_at TEXT NOT NULL DEFAULT '08:00',
            venue TEXT NOT NULL DEFAULT '',
            chair TEXT NOT NULL DEFAULT '',
            capacity INTEGER NOT NULL DEFAULT 120,
            announced_on TEXT,
            is_active INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL
        )"""
    )
    # At most one active conference.
    db.execute(
        "CREATE UNIQUE INDEX conferences_one_active ON conferences(is_active) WHERE is_active = 1"
    )
    db.execute(
        """
        CREATE TABLE groups (
            id INTEGER PRIMARY KEY,
            conference_id INTEGER NOT NULL REFERENCES conferences(id),
            name TEXT NOT NULL,
            name_key TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('ward','tdp')),
            quota INTEGER NOT NULL DEFAULT 0 CHECK (quota >= 0),
            sort_order INTEGER NOT NULL DEFAULT 0,
            UNIQUE (conference_id, name_key)
        )"""
    )
    db.execute(
        """
        CREATE TABLE invitees (
            id INTEGER PRIMARY KEY,
            conference_id INTEGER NOT NULL REFERENCES conferences(id),
            group_id INTEGER NOT NULL REFERENCES groups(id),
            name TEXT NOT NULL,
            name_key TEXT NOT NULL,
            position TEXT NOT NULL DEFAULT '',
            category TEXT NOT NULL
                CHECK (category IN ('ward_delegate','tdp_officer','resident')),
            phone TEXT NOT NULL DEFAULT '',
            checked_in_at TEXT,
            created_at TEXT NOT NULL,
            removed_at TEXT
        )"""
    )
    db.execute("CREATE INDEX invitees_group ON invitees(group_id)")
    db.execute("CREATE INDEX invitees_conference ON invitees(conference_id, name_key)")
    db.execute(
        """
        CREATE TABLE invitations (
            id INTEGER PRIMARY KEY,
            invitee_id INTEGER NOT NULL REFERENCES invitees(id),
            conference_id INTEGER NOT NULL REFERENCES conferences(id),
            code TEXT NOT NULL UNIQUE,
            short_code TEXT NOT NULL UNIQUE,
            issued_at TEXT NOT NULL,
            revoked_at TEXT
        )"""
    )
    # At most one valid invitation per invitee; revoked ones stay to answer `revoked`.
    db.execute(
        "CREATE UNIQUE INDEX invitations_one_valid ON invitations(invitee_id) "
        "WHERE revoked_at IS NULL"
    )
    db.execute(
        """
        CREATE TABLE devices (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            role TEXT NOT NULL CHECK (role IN ('kiosk','display')),
            paired_by INTEGER REFERENCES staff(id),
            paired_at TEXT NOT NULL,
            revoked_at TEXT
        )"""
    )
    db.execute(
        """
        CREATE TABLE pairings (
            id INTEGER PRIMARY KEY,
            token_hash TEXT NOT NULL UNIQUE,
            role TEXT NOT NULL CHECK (role IN ('kiosk','display')),
            device_name TEXT NOT NULL,
            created_by INTEGER REFERENCES staff(id),
            created_at TEXT NOT NULL,
            expires_at TEXT NOT NULL,
            used_at TEXT,
            device_id INTEGER REFERENCES devices(id)
        )"""
    )
    db.execute(
        """
        CREATE TABLE audit_log (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            subject TEXT NOT NULL DEFAULT '',
            detail TEXT NOT NULL DEFAULT '{}'
        )"""
    )


@migrations()
def m002_checkins(db: Database) -> None:
    """The door: admissions, scan retries, walk-ins."""
    db.execute(
        """
        CREATE TABLE checkins (
            id INTEGER PRIMARY KEY,
            conference_id INTEGER NOT NULL REFERENCES conferences(id),
            invitee_id INTEGER NOT NULL REFERENCES invitees(id),
            at TEXT NOT NULL,
            kiosk TEXT NOT NULL,
            actor TEXT NOT NULL,
            method TEXT NOT NULL CHECK (method IN ('scan','search','walk_in')),
            offline_at TEXT,
            flagged INTEGER NOT NULL DEFAULT 0,
            undone_at TEXT,
            undone_by TEXT
        )"""
    )
    # One admission per person: two kiosks scanning one card at once cannot both admit.
    db.execute(
        "CREATE UNIQUE INDEX checkins_one_active ON checkins(invitee_id) WHERE undone_at IS NULL"
    )
    db.execute("CREATE INDEX checkins_conference ON checkins(conference_id, at)")
    # The answer given to each scan_id, so a retried request gets the same answer.
    db.execute(
        """
        CREATE TABLE scans (
            scan_id TEXT PRIMARY KEY,
            at TEXT NOT NULL,
            status INTEGER NOT NULL,
            response TEXT NOT NULL
        )"""
    )
    db.execute("ALTER TABLE invitees ADD COLUMN walk_in INTEGER NOT NULL DEFAULT 0")


DEFAULT_TOPICS = (
    "Kinh tế - xã hội",
    "An ninh - trật tự",
    "Đất đai - xây dựng",
    "Môi trường",
    "An sinh xã hội",
    "Khác",
)


@migrations()
def m003_questions(db: Database) -> None:
    """The room: topics, questions from phones and the floor, interest votes, room settings."""
    db.execute(
        """
        CREATE TABLE topics (
            id INTEGER PRIMARY KEY,
            conference_id INTEGER NOT NULL REFERENCES conferences(id),
            name TEXT NOT NULL,
            sort_order INTEGER NOT NULL DEFAULT 0
        )"""
    )
    db.execute(
        """
        CREATE TABLE questions (
            id INTEGER PRIMARY KEY,
            conference_id INTEGER NOT NULL REFERENCES conferences(id),
            created_at TEXT NOT NULL,
            source TEXT NOT NULL CHECK (source IN ('phone','floor')),
            device TEXT,
            ip TEXT,
            group_id INTEGER REFERENCES groups(id),
            group_other TEXT NOT NULL DEFAULT '',
            asker_name TEXT NOT NULL DEFAULT '',
            show_name INTEGER NOT NULL DEFAULT 1,
            topic_id INTEGER REFERENCES topics(id),
            original_text TEXT NOT NULL,
            text TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN
                ('pending','approved','on_screen','answered','written_reply','referred','rejected','merged')),
            attention INTEGER NOT NULL DEFAULT 0,
            reject_reason TEXT NOT NULL DEFAULT '',
            queue_order REAL,
            responder TEXT NOT NULL DEFAULT '',
            answer_summary TEXT NOT NULL DEFAULT '',
            conclusion TEXT NOT NULL DEFAULT '',
            reply_by TEXT NOT NULL DEFAULT '',
            reply_due TEXT,
            referred_to TEXT NOT NULL DEFAULT '',
            merged_into INTEGER REFERENCES questions(id),
            shown_at TEXT,
            closed_at TEXT,
            updated_at TEXT NOT NULL
        )"""
    )
    db.execute("CREATE INDEX questions_conference ON questions(conference_id, status)")
    db.execute("CREATE INDEX questions_device ON questions(device, created_at)")
    db.execute("CREATE INDEX questions_ip ON questions(ip, created_at)")
    # At most one question on the screen of a conference.
    db.execute(
        "CREATE UNIQUE INDEX questions_one_on_screen ON questions(conference_id) WHERE status = 'on_screen'"
    )
    db.execute(
        """
        CREATE TABLE votes (
            question_id INTEGER NOT NULL REFERENCES questions(id),
            device TEXT NOT NULL,
            at TEXT NOT NULL,
            PRIMARY KEY (question_id, device)
        )"""
    )
    db.execute(
        """
        CREATE TABLE rooms (
            conference_id INTEGER PRIMARY KEY REFERENCES conferences(id),
            submissions TEXT NOT NULL DEFAULT 'open' CHECK (submissions IN ('open','paused','closed')),
            attention_words TEXT NOT NULL DEFAULT '[]',
            responders TEXT NOT NULL DEFAULT '[]',
            screen_mode TEXT NOT NULL DEFAULT 'questions' CHECK (screen_mode IN ('questions','arrivals')),
            zoom REAL NOT NULL DEFAULT 1.0,
            timer_started_at TEXT,
            timer_seconds INTEGER NOT NULL DEFAULT 180,
            updated_at TEXT NOT NULL DEFAULT ''
        )"""
    )
    for (conference_id,) in db.execute("SELECT id FROM conferences").fetchall():
        db.execute("INSERT INTO rooms (conference_id) VALUES (?)", [conference_id])
        for order, name in enumerate(DEFAULT_TOPICS):
            db.execute(
                "INSERT INTO topics (conference_id, name, sort_order) VALUES (?, ?, ?)",
                [conference_id, name, order],
            )


@migrations()
def m004_record(db: Database) -> None:
    """The record: the secretary's free-text parts of the minutes, and the follow-up of
    written replies and referrals after the meeting."""
    db.execute(
        """
        CREATE TABLE record_notes (
            conference_id INTEGER PRIMARY KEY REFERENCES conferences(id),
            document_number TEXT NOT NULL DEFAULT '',
            place TEXT NOT NULL DEFAULT '',
            opened_at TEXT NOT NULL DEFAULT '',
            closed_at TEXT NOT NULL DEFAULT '',
            chair_name TEXT NOT NULL DEFAULT '',
            secretary_name TEXT NOT NULL DEFAULT '',
            programme TEXT NOT NULL DEFAULT '',
            report_summary TEXT NOT NULL DEFAULT '',
            other_notes TEXT NOT NULL DEFAULT '',
            council_session_on TEXT,
            recipients TEXT NOT NULL DEFAULT '[]',
            updated_at TEXT NOT NULL DEFAULT ''
        )"""
    )
    db.execute("ALTER TABLE questions ADD COLUMN followup_done_on TEXT")
    db.execute("ALTER TABLE questions ADD COLUMN followup_text TEXT NOT NULL DEFAULT ''")


@migrations()
def m005_sessions(db: Database) -> None:
    """Sessions kept on the server, so that logging out, a password reset, a role change or
    unpairing ends them at once; the address each interest vote came from, for its limit."""
    db.execute(
        """
        CREATE TABLE sessions (
            id TEXT PRIMARY KEY,
            staff_id INTEGER REFERENCES staff(id),
            device_id INTEGER REFERENCES devices(id),
            created_at TEXT NOT NULL,
            expires_at TEXT,
            ended_at TEXT,
            CHECK ((staff_id IS NULL) != (device_id IS NULL))
        )"""
    )
    db.execute("CREATE INDEX sessions_staff ON sessions(staff_id)")
    db.execute("CREATE INDEX sessions_device ON sessions(device_id)")
    db.execute("CREATE INDEX sessions_ended ON sessions(ended_at) WHERE ended_at IS NOT NULL")
    db.execute("ALTER TABLE votes ADD COLUMN ip TEXT NOT NULL DEFAULT ''")
    db.execute("CREATE INDEX votes_ip ON votes(ip, at)")


@migrations(transactional=False)
def m006_accounting(db: Database) -> None:
    """Every question accounted for: `resolving` (the plan's "tiếp nhận, xem xét, chỉ đạo giải
    quyết") among the statuses, one `number` per question given when it is received, and the
    asker's phone for a written reply (staff only). SQLite cannot change a CHECK in place: the
    table is rebuilt as its documentation says, foreign keys off for the copy, then checked."""
    conn = db.conn
    with _rebuilding(conn):
        columns = [row[1] for row in conn.execute("PRAGMA table_info(questions)")]
        sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'questions'").fetchone()[0]
        sql = sql.replace("'rejected','merged')", "'rejected','merged','resolving')")
        sql = sql.replace("CREATE TABLE questions (", "CREATE TABLE questions_new (", 1)
        assert "'resolving'" in sql and "questions_new" in sql
        conn.execute(sql)
        conn.execute(f"INSERT INTO questions_new ({', '.join(columns)}) SELECT {', '.join(columns)} FROM questions")
        conn.execute("DROP TABLE questions")
        conn.execute("ALTER TABLE questions_new RENAME TO questions")
        conn.execute("ALTER TABLE questions ADD COLUMN number INTEGER")
        conn.execute("ALTER TABLE questions ADD COLUMN asker_phone TEXT NOT NULL DEFAULT ''")
        conn.execute(
            "UPDATE questions SET number = (SELECT count(*) FROM questions q "
            "WHERE q.conference_id = questions.conference_id AND q.id <= questions.id)"
        )
        conn.execute("CREATE INDEX questions_conference ON questions(conference_id, status)")
        conn.execute("CREATE INDEX questions_device ON questions(device, created_at)")
        conn.execute("CREATE INDEX questions_ip ON questions(ip, created_at)")
        conn.execute(
            "CREATE UNIQUE INDEX questions_one_on_screen ON questions(conference_id) WHERE status = 'on_screen'"
        )
        conn.execute("CREATE UNIQUE INDEX questions_number ON questions(conference_id, number)")


@migrations()
def m007_record_documents(db: Database) -> None:
    """Documents a ward can sign as they come out (Decree 30/2020/NĐ-CP): on the conference,
    what the invitations print before the day (the issuing body's full name, the body above it,
    the invitation's number); in the record's notes, the report's own number, issue date and
    signer, the secretary's assessment and proposals, and whether the minutes were passed at
    the meeting."""
    for column in ("issuing_body", "superior_body", "invitation_number"):
        db.execute(f"ALTER TABLE conferences ADD COLUMN {column} TEXT NOT NULL DEFAULT ''")
    for column in ("report_number", "signer_name", "assessment", "proposals"):
        db.execute(f"ALTER TABLE record_notes ADD COLUMN {column} TEXT NOT NULL DEFAULT ''")
    db.execute("ALTER TABLE record_notes ADD COLUMN report_issued_on TEXT")
    db.execute("ALTER TABLE record_notes ADD COLUMN signer_title TEXT NOT NULL DEFAULT 'chairman' "
               "CHECK (signer_title IN ('chairman','deputy'))")
    db.execute("ALTER TABLE record_notes ADD COLUMN passed_at_meeting INTEGER NOT NULL DEFAULT 0 "
               "CHECK (passed_at_meeting IN (0,1))")


@migrations()
def m008_composition(db: Database) -> None:
    """The plan's composition rules (#10): a TDP quota under the plan's minimum of 10 resident
    representatives carries the reason the ward accepted it; the conference records the
    channel its announcement went out on (Đài truyền thanh, trang thông tin điện tử)."""
    db.execute("ALTER TABLE groups ADD COLUMN quota_reason TEXT NOT NULL DEFAULT ''")
    db.execute("ALTER TABLE conferences ADD COLUMN announcement_channel TEXT NOT NULL DEFAULT ''")


@migrations()
def m009_ask_back(db: Database) -> None:
    """"Hỏi lại": the chairman's short question back to the asker of a phone question, and
    the asker's one-line answer, each with its time (one exchange per question, kept in the
    record). Text, not a phone's trace: the retention purge leaves it."""
    db.execute("ALTER TABLE questions ADD COLUMN ask_back TEXT NOT NULL DEFAULT ''")
    db.execute("ALTER TABLE questions ADD COLUMN ask_back_at TEXT")
    db.execute("ALTER TABLE questions ADD COLUMN ask_back_answer TEXT NOT NULL DEFAULT ''")
    db.execute("ALTER TABLE questions ADD COLUMN ask_back_answered_at TEXT")


_COUNTED = ("invited", "present", "residents_invited", "residents_present", "officers_invited", "officers_present")


def _contribution(row: str) -> str:
    """What one invitee row (NEW or OLD) adds to its group's counts, in `_COUNTED`'s order."""
    present = f"({row}.checked_in_at IS NOT NULL)"
    return ", ".join((
        "1", present,
        f"({row}.category = 'resident')", f"({row}.category = 'resident' AND {present})",
        f"({row}.category = 'tdp_officer')", f"({row}.category = 'tdp_officer' AND {present})",
    ))


@migrations()
def m010_group_counts(db: Database) -> None:
    """Each group's counts kept up to date by triggers, in the transaction that changes an
    invitee: an admission and the `attendance` it emits cost the same with 200 invitees as
    with 20,000 (reading the counts is one row per group, not a scan of the list). A partial
    index finds the few people with a position (the TDPs' officers) without the residents."""
    db.execute(
        f"""
        CREATE TABLE group_counts (
            group_id INTEGER PRIMARY KEY REFERENCES groups(id) ON DELETE CASCADE,
            {", ".join(f"{c} INTEGER NOT NULL DEFAULT 0" for c in _COUNTED)}
        )"""
    )
    add = (f"INSERT INTO group_counts (group_id, {', '.join(_COUNTED)}) VALUES (NEW.group_id, {_contribution('NEW')}) "
           f"ON CONFLICT(group_id) DO UPDATE SET {', '.join(f'{c} = {c} + excluded.{c}' for c in _COUNTED)};")
    take = ("UPDATE group_counts SET "
            + ", ".join(f"{c} = {c} - {v}" for c, v in zip(_COUNTED, _contribution("OLD").split(", ")))
            + " WHERE group_id = OLD.group_id;")
    db.execute(f"CREATE TRIGGER invitees_counted_insert AFTER INSERT ON invitees "
               f"WHEN NEW.removed_at IS NULL BEGIN {add} END")
    db.execute(f"CREATE TRIGGER invitees_counted_delete AFTER DELETE ON invitees "
               f"WHEN OLD.removed_at IS NULL BEGIN {take} END")
    db.execute(f"CREATE TRIGGER invitees_counted_leave AFTER UPDATE OF group_id, category, removed_at, checked_in_at "
               f"ON invitees WHEN OLD.removed_at IS NULL BEGIN {take} END")
    db.execute(f"CREATE TRIGGER invitees_counted_join AFTER UPDATE OF group_id, category, removed_at, checked_in_at "
               f"ON invitees WHEN NEW.removed_at IS NULL BEGIN {add} END")
    db.execute(
        f"INSERT INTO group_counts (group_id, {', '.join(_COUNTED)}) "
        "SELECT i.group_id, count(*), count(i.checked_in_at), "
        "count(CASE WHEN i.category = 'resident' THEN 1 END), "
        "count(CASE WHEN i.category = 'resident' THEN i.checked_in_at END), "
        "count(CASE WHEN i.category = 'tdp_officer' THEN 1 END), "
        "count(CASE WHEN i.category = 'tdp_officer' THEN i.checked_in_at END) "
        "FROM invitees i WHERE i.removed_at IS NULL GROUP BY i.group_id"
    )
    db.execute("CREATE INDEX invitees_positioned ON invitees(conference_id) WHERE removed_at IS NULL AND position != ''")


@migrations(transactional=False)
def m011_petitions(db: Database) -> None:
    """Petitions gathered before the day (#12): a question whose `source` is 'petition', with
    the official who prepares its answer (`prepared_by`, a name and position as typed), the
    prepared answer and when it was written. The CHECK on `source` changes, so the table is
    rebuilt as m006 does; every index and trigger on it is read first and made again."""
    conn = db.conn
    with _rebuilding(conn):
        columns = [row[1] for row in conn.execute("PRAGMA table_info(questions)")]
        sql = conn.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'questions'").fetchone()[0]
        extras = [row[0] for row in conn.execute(
            "SELECT sql FROM sqlite_master WHERE tbl_name = 'questions' AND type IN ('index', 'trigger') "
            "AND sql IS NOT NULL ORDER BY type, name")]
        sql = sql.replace("CHECK (source IN ('phone','floor'))", "CHECK (source IN ('phone','floor','petition'))")
        # After m006's rename SQLite keeps the name quoted: CREATE TABLE "questions" (
        for head in ('CREATE TABLE "questions" (', "CREATE TABLE questions ("):
            sql = sql.replace(head, "CREATE TABLE questions_new (", 1)
        assert "'petition'" in sql and "questions_new" in sql
        conn.execute(sql)
        conn.execute(f"INSERT INTO questions_new ({', '.join(columns)}) SELECT {', '.join(columns)} FROM questions")
        conn.execute("DROP TABLE questions")
        conn.execute("ALTER TABLE questions_new RENAME TO questions")
        for statement in extras:
            conn.execute(statement)
        conn.execute("ALTER TABLE questions ADD COLUMN prepared_by TEXT NOT NULL DEFAULT ''")
        conn.execute("ALTER TABLE questions ADD COLUMN prepared_answer TEXT NOT NULL DEFAULT ''")
        conn.execute("ALTER TABLE questions ADD COLUMN prepared_at TEXT")
        conn.execute("CREATE INDEX questions_source ON questions(conference_id, source)")


@migrations()
def m012_ward_roles(db: Database) -> None:
    """The plan's sub-categories of ward delegates (#10): each one's "thành phần" (Party
    committee, HĐND, UBND, Fatherland Front, mass organisations, police, military, clinic,
    schools, cooperative, officials), so the minutes name who attended for each, who
    supervised and who was absent. Empty: not set, read from the position
    (`office.officers.ward_role`). And the room's suggestions for "refer to the competent
    authority", a list the ward edits ('[]': the default list)."""
    db.execute("ALTER TABLE invitees ADD COLUMN ward_role TEXT NOT NULL DEFAULT ''")
    db.execute("ALTER TABLE rooms ADD COLUMN authorities TEXT NOT NULL DEFAULT '[]'")


_FTS_TEXT = "replace(replace(substr({}, 1, 2000), 'đ', 'd'), 'Đ', 'D')"


@migrations()
def m013_similar(db: Database) -> None:
    """Similar matters (#12, projector/similar.py): a full-text index of every question's text,
    kept by triggers in the transaction that writes the question, so a new question's likely
    duplicates (here and in earlier conferences) are a few dozen candidates away, not a scan.
    `scope` is `c<conference id>`: a search stays inside the conferences it is about and FTS5
    ranks only those (bm25 weighs the text alone). The tokenizer folds case and diacritics but
    not đ, which the triggers write as d; a text is indexed up to its first 2,000 characters.
    After m011: rebuilding the questions table drops its triggers (a later rebuild must make
    them again, as m011 does)."""
    db.execute("CREATE VIRTUAL TABLE questions_fts USING fts5(scope, text, tokenize = 'unicode61 remove_diacritics 2')")
    db.execute("INSERT INTO questions_fts (questions_fts, rank) VALUES ('rank', 'bm25(0.0, 1.0)')")
    # How many questions hold each term: a search asks for the rare ones (a street, an alley's
    # number, the problem's own word), not for the words half the history has.
    db.execute("CREATE VIRTUAL TABLE questions_fts_terms USING fts5vocab(questions_fts, 'row')")
    db.execute("CREATE TRIGGER questions_fts_insert AFTER INSERT ON questions BEGIN "
               "INSERT INTO questions_fts (rowid, scope, text) "
               f"VALUES (NEW.id, 'c' || NEW.conference_id, {_FTS_TEXT.format('NEW.text')}); END")
    db.execute("CREATE TRIGGER questions_fts_delete AFTER DELETE ON questions BEGIN "
               "DELETE FROM questions_fts WHERE rowid = OLD.id; END")
    db.execute("CREATE TRIGGER questions_fts_update AFTER UPDATE OF text ON questions WHEN NEW.text IS NOT OLD.text "
               f"BEGIN UPDATE questions_fts SET text = {_FTS_TEXT.format('NEW.text')} WHERE rowid = NEW.id; END")
    db.execute("INSERT INTO questions_fts (rowid, scope, text) "
               f"SELECT id, 'c' || conference_id, {_FTS_TEXT.format('text')} FROM questions")


@migrations()
def m014_topics(db: Database) -> None:
    """Dialogue by topic (#12): the room keeps the field (lĩnh vực) being taken now, and a field
    the chairman removes while questions still point to it is retired (kept for their record,
    no longer offered) rather than deleted."""
    db.execute("ALTER TABLE rooms ADD COLUMN current_topic_id INTEGER REFERENCES topics(id)")
    db.execute("ALTER TABLE topics ADD COLUMN retired INTEGER NOT NULL DEFAULT 0 CHECK (retired IN (0,1))")
    # The old way of dropping a field in use parked it at the end, still offered.
    db.execute("UPDATE topics SET retired = 1 WHERE sort_order >= 1000")


_KIOSK_FIELDS = ("name", "group_id", "position", "category", "checked_in_at", "removed_at", "walk_in")


def _bump(conference: str, invitees: str) -> str:
    """A change to what a kiosk's copy holds: the conference's `rev` goes up by one, and each
    invitee that `invitees` (a SELECT of id, conference_id) names is stamped with it."""
    return (
        f"UPDATE offline_revs SET rev = rev + 1 WHERE conference_id = {conference}; "
        "INSERT INTO offline_changes (invitee_id, conference_id, rev) "
        f"SELECT x.id, x.conference_id, (SELECT rev FROM offline_revs WHERE conference_id = {conference}) "
        f"FROM ({invitees}) x WHERE true "
        "ON CONFLICT(invitee_id) DO UPDATE SET rev = excluded.rev, conference_id = excluded.conference_id;"
    )


@migrations()
def m015_offline_changes(db: Database) -> None:
    """The kiosks' offline copy updated by changes, not reloaded whole (kiosk/sync.py): each
    conference's `rev` goes up in the same transaction as any change to what a kiosk keeps of an
    invitee (added, removed, edited, moved, card issued or revoked, admitted, taken back, a
    group renamed), and `offline_changes` keeps, per invitee, the `rev` of its last change. A
    kiosk asks for the invitees changed since its own `rev`: the work and the answer are in
    proportion to what changed, not to the list. `generation` is new with each database (a
    restore makes another): a copy from elsewhere is reloaded whole. Triggers, one place, like
    m010_group_counts."""
    db.execute(
        """
        CREATE TABLE offline_revs (
            conference_id INTEGER PRIMARY KEY REFERENCES conferences(id) ON DELETE CASCADE,
            rev INTEGER NOT NULL DEFAULT 0,
            generation TEXT NOT NULL
        )"""
    )
    db.execute(
        """
        CREATE TABLE offline_changes (
            invitee_id INTEGER PRIMARY KEY,
            conference_id INTEGER NOT NULL,
            rev INTEGER NOT NULL
        )"""
    )
    db.execute("CREATE INDEX offline_changes_rev ON offline_changes(conference_id, rev)")
    start = "INSERT OR IGNORE INTO offline_revs (conference_id, rev, generation) VALUES ({}, 0, lower(hex(randomblob(8))));"
    db.execute(f"CREATE TRIGGER offline_conference AFTER INSERT ON conferences BEGIN {start.format('NEW.id')} END")
    db.execute("INSERT INTO offline_revs (conference_id, rev, generation) SELECT id, 0, lower(hex(randomblob(8))) FROM conferences")
    changed = " OR ".join(f"NEW.{f} IS NOT OLD.{f}" for f in _KIOSK_FIELDS)
    db.execute(f"CREATE TRIGGER offline_invitee_insert AFTER INSERT ON invitees BEGIN "
               f"{start.format('NEW.conference_id')} {_bump('NEW.conference_id', 'SELECT NEW.id AS id, NEW.conference_id AS conference_id')} END")
    db.execute(f"CREATE TRIGGER offline_invitee_update AFTER UPDATE ON invitees WHEN {changed} BEGIN "
               f"{_bump('NEW.conference_id', 'SELECT NEW.id AS id, NEW.conference_id AS conference_id')} END")
    db.execute(f"CREATE TRIGGER offline_invitee_delete AFTER DELETE ON invitees BEGIN "
               f"{_bump('OLD.conference_id', 'SELECT OLD.id AS id, OLD.conference_id AS conference_id')} END")
    card = "SELECT id, conference_id FROM invitees WHERE id = {}.invitee_id"
    db.execute(f"CREATE TRIGGER offline_card_insert AFTER INSERT ON invitations BEGIN "
               f"{_bump('NEW.conference_id', card.format('NEW'))} END")
    db.execute(f"CREATE TRIGGER offline_card_update AFTER UPDATE ON invitations "
               f"WHEN NEW.revoked_at IS NOT OLD.revoked_at OR NEW.code IS NOT OLD.code OR NEW.short_code IS NOT OLD.short_code "
               f"BEGIN {_bump('NEW.conference_id', card.format('NEW'))} END")
    db.execute(f"CREATE TRIGGER offline_card_delete AFTER DELETE ON invitations BEGIN "
               f"{_bump('OLD.conference_id', card.format('OLD'))} END")
    db.execute(f"CREATE TRIGGER offline_group_rename AFTER UPDATE OF name ON groups WHEN NEW.name IS NOT OLD.name BEGIN "
               f"{_bump('NEW.conference_id', 'SELECT id, conference_id FROM invitees WHERE group_id = NEW.id')} END")


@migrations()
def m016_presenter(db: Database) -> None:
    """Who presented the ward's report at the meeting (the plan: a vice-chairman the chairman
    assigns), named in the minutes as the secretary writes it, never assumed."""
    db.execute("ALTER TABLE record_notes ADD COLUMN presenter TEXT NOT NULL DEFAULT ''")


@migrations()
def m017_meeting_ended(db: Database) -> None:
    """When the chairman ended the meeting ("Kết thúc hội nghị"): after it, nothing new joins
    the finished record (a floor question, a petition) until the chairman opens submissions
    again, which resumes the meeting."""
    db.execute("ALTER TABLE rooms ADD COLUMN ended_at TEXT")


@migrations()
def m018_group_keys(db: Database) -> None:
    """Groups' keys made again with today's `group_key`: 'Tổ 9', 'TDP số 09' and 'TDP 9' are one
    group, 'ĐB phường' the ward delegates' (a clerk's file had split them into three)."""
    from office.groups import group_key

    from . import store

    store.groups_rekey(db, group_key)


@migrations()
def m019_group_marks(db: Database) -> None:
    """Groups' keys keep the marks of a name's own words: 'TDP 1 Đông' and 'TDP 1 Đồng' were one
    key, so the second could not be added, and a file's rows for it went to the first."""
    from office.groups import group_key

    from . import store

    store.groups_rekey(db, group_key)


@migrations()
def m020_queue_end(db: Database) -> None:
    """Where the queue ends, read on every approval, found by an index: it read every question
    of the conference, a cost that grew with the day."""
    db.execute("CREATE INDEX questions_queue ON questions(conference_id, queue_order)")
