"""The only place with SQL. One sqlite-utils Database per request, cached on `g`.

Every write runs inside `write(db)`: one IMMEDIATE transaction, so a writer takes the lock
before it reads and a check-in or a question acknowledged to a client is on disk
(WAL + synchronous=FULL). Callers emit Socket.IO events only after `write` returns.
"""
from __future__ import annotations

import contextlib
import json
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from flask import Flask, current_app, g
from sqlite_utils import Database

from . import clock
from .migrations import migrations

Row = dict[str, Any]


# ---------------------------------------------------------------- connection


def connect(path: str) -> Database:
    """Open the database file with the settings the hall relies on."""
    conn = sqlite3.connect(path, timeout=5.0, check_same_thread=False)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("PRAGMA busy_timeout=5000")
    return Database(conn)


def migrate(path: str) -> None:
    """Apply every pending schema change."""
    database = connect(path)
    try:
        migrations.apply(database)
    finally:
        database.close()


# Connections are kept between requests: opening one costs its pragmas, and closing the
# last one makes SQLite checkpoint the whole WAL, each time. A request borrows one and gives
# it back, rolled back if it was left inside a transaction.
_POOL_SIZE = 8
_pools: dict[str, list[Database]] = {}
_pool_lock = threading.Lock()


def db() -> Database:
    """This request's connection."""
    if "db" not in g:
        path = current_app.config["DATABASE"]
        with _pool_lock:
            pool = _pools.setdefault(path, [])
            database = pool.pop() if pool else None
        g.db = database or connect(path)
        g.db_path = path
    return g.db


def close_db(_exc: BaseException | None = None) -> None:
    database = g.pop("db", None)
    path = g.pop("db_path", None)
    if database is None:
        return
    if database.conn.in_transaction:
        database.conn.rollback()
    with _pool_lock:
        pool = _pools.setdefault(path, [])
        if len(pool) < _POOL_SIZE:
            pool.append(database)
            return
    database.close()


def release_all() -> None:
    """Close every pooled connection (tests that delete their database file, shutdown)."""
    with _pool_lock:
        for pool in _pools.values():
            for database in pool:
                database.close()
        _pools.clear()


def init_app(app: Flask) -> None:
    migrate(app.config["DATABASE"])
    app.teardown_appcontext(close_db)


@contextlib.contextmanager
def write(database: Database) -> Iterator[Database]:
    """One write transaction; commits on success, rolls back on any exception."""
    conn = database.conn
    if conn.in_transaction:  # nested: part of the caller's transaction
        yield database
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield database
        conn.execute("COMMIT")
    except BaseException:
        # SQLite itself ends the transaction on some errors (a full disk): roll back only
        # what is still open, and let the first error speak.
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


now = clock.now  # UTC timestamp, ISO 8601 with seconds and a Z


def _rows(database: Database, sql: str, params: Iterable[Any] = ()) -> list[Row]:
    """Rows as dicts, read straight from the cursor (sqlite-utils' query() wraps every read
    in a savepoint, three statements for one; our reads need no such guard)."""
    cursor = database.conn.execute(sql, list(params))
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def _one(database: Database, sql: str, params: Iterable[Any] = ()) -> Row | None:
    rows = _rows(database, sql, params)
    return rows[0] if rows else None


def _insert(database: Database, sql: str, params: Iterable[Any]) -> int:
    cursor = database.execute(sql, list(params))
    return int(cursor.lastrowid or 0)


def audit(database: Database, actor: str, action: str, subject: str = "", **detail: Any) -> None:
    """Keep who did what and when; called inside the write it records."""
    database.execute(
        "INSERT INTO audit_log (at, actor, action, subject, detail) VALUES (?, ?, ?, ?, ?)",
        [now(), actor, action, subject, json.dumps(detail, ensure_ascii=False)],
    )


def audited_since(database: Database, since: str, actions: tuple[str, ...], subject: str | None = None) -> bool:
    """Whether any of `actions` was recorded at or after `since` (about `subject`, if given)."""
    marks = ", ".join("?" for _ in actions)
    where = f"at >= ? AND action IN ({marks})" + (" AND subject = ?" if subject is not None else "")
    row = _one(database, f"SELECT EXISTS(SELECT 1 FROM audit_log WHERE {where}) AS found",
               [since, *actions, *([subject] if subject is not None else [])])
    return bool(row and row["found"])


def audit_entries(database: Database, limit: int = 200) -> list[Row]:
    return _rows(database, "SELECT * FROM audit_log ORDER BY id DESC LIMIT ?", [limit])
    


def is_empty(database: Database) -> bool:
    """No conference and no staff yet: a fresh install."""
    row = _one(
        database,
        "SELECT (SELECT count(*) FROM conferences) + (SELECT count(*) FROM staff) AS n",
    )
    return not row or row["n"] == 0


# ---------------------------------------------------------------- staff


def staff_insert(
    database: Database, username: str, role: str, password_hash: str, display_name: str
) -> int:
    return _insert(
        database,
        "INSERT INTO staff (username, role, password_hash, display_name, created_at) "
        "VALUES (?, ?, ?, ?, ?)",
        [username, role, password_hash, display_name, now()],
    )


def staff_set_password(database: Database, staff_id: int, role: str, password_hash: str) -> None:
    database.execute(
        "UPDATE staff SET role = ?, password_hash = ?, disabled_at = NULL WHERE id = ?",
        [role, password_hash, staff_id],
    )


def staff_by_username(database: Database, username: str) -> Row | None:
    return _one(database, "SELECT * FROM staff WHERE username = ?", [username])


def staff_by_id(database: Database, staff_id: int) -> Row | None:
    return _one(database, "SELECT * FROM staff WHERE id = ?", [staff_id])


# ---------------------------------------------------------------- devices and pairing


def pairing_insert(
    database: Database,
    token_hash: str,
    role: str,
    device_name: str,
    created_by: int | None,
    expires_at: str,
) -> int:
    return _insert(
        database,
        "INSERT INTO pairings (token_hash, role, device_name, created_by, created_at, "
        "expires_at) VALUES (?, ?, ?, ?, ?, ?)",
        [token_hash, role, device_name, created_by, now(), expires_at],
    )


def pairing_by_hash(database: Database, token_hash: str) -> Row | None:
    return _one(database, "SELECT * FROM pairings WHERE token_hash = ?", [token_hash])


def pairing_consume(database: Database, token_hash: str, at: str) -> Row | None:
    """Mark a valid pairing used and make its device; None when used, expired or unknown."""
    pairing = _one(
        database,
        "SELECT * FROM pairings WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?",
        [token_hash, at],
    )
    if pairing is None:
        return None
    device_id = _insert(
        database,
        "INSERT INTO devices (name, role, paired_by, paired_at) VALUES (?, ?, ?, ?)",
        [pairing["device_name"], pairing["role"], pairing["created_by"], at],
    )
    database.execute(
        "UPDATE pairings SET used_at = ?, device_id = ? WHERE id = ?",
        [at, device_id, pairing["id"]],
    )
    return device_get(database, device_id)


def device_get(database: Database, device_id: int) -> Row | None:
    return _one(database, "SELECT * FROM devices WHERE id = ?", [device_id])


def devices_list(database: Database) -> list[Row]:
    return _rows(database, "SELECT * FROM devices ORDER BY id DESC")


def device_revoke(database: Database, device_id: int) -> None:
    database.execute(
        "UPDATE devices SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
        [now(), device_id],
    )


# ---------------------------------------------------------------- sessions


def session_insert(
    database: Database, session_id: str, staff_id: int | None, device_id: int | None, expires_at: str | None
) -> None:
    database.execute(
        "INSERT INTO sessions (id, staff_id, device_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
        [session_id, staff_id, device_id, now(), expires_at],
    )


def session_user(database: Database, session_id: str, at: str) -> Row | None:
    """Who a live session is: `kind`, `id`, `role`, `name`; None once ended, expired,
    disabled or unpaired."""
    return _one(
        database,
        "SELECT CASE WHEN s.staff_id IS NULL THEN 'device' ELSE 'staff' END AS kind, "
        "coalesce(s.staff_id, s.device_id) AS id, coalesce(st.role, d.role) AS role, "
        "coalesce(nullif(st.display_name, ''), st.username, d.name) AS name "
        "FROM sessions s LEFT JOIN staff st ON st.id = s.staff_id LEFT JOIN devices d ON d.id = s.device_id "
        "WHERE s.id = ? AND s.ended_at IS NULL AND (s.expires_at IS NULL OR s.expires_at > ?) "
        "AND st.disabled_at IS NULL AND d.revoked_at IS NULL",
        [session_id, at],
    )


def sessions_end(
    database: Database, *, session_id: str | None = None, staff_id: int | None = None, device_id: int | None = None
) -> list[str]:
    """End one session, or every live session of an account or a device; their ids."""
    column, value = next((c, v) for c, v in (("id", session_id), ("staff_id", staff_id), ("device_id", device_id))
                         if v is not None)
    ended = [r["id"] for r in _rows(
        database, f"SELECT id FROM sessions WHERE {column} = ? AND ended_at IS NULL", [value])]
    database.execute(f"UPDATE sessions SET ended_at = ? WHERE {column} = ? AND ended_at IS NULL", [now(), value])
    return ended


def sessions_ended_since(database: Database, since: str) -> list[str]:
    return [r["id"] for r in _rows(database, "SELECT id FROM sessions WHERE ended_at >= ?", [since])]


# ---------------------------------------------------------------- conferences

CONFERENCE_FIELDS = (
    "title", "organization", "held_on", "starts_at", "venue", "chair", "capacity", "announced_on",
    "issuing_body", "superior_body", "invitation_number", "announcement_channel",
)


def conference_insert(database: Database, fields: dict[str, Any]) -> int:
    names = [f for f in CONFERENCE_FIELDS if f in fields]
    return _insert(
        database,
        f"INSERT INTO conferences ({', '.join(names)}, created_at) "
        f"VALUES ({', '.join('?' for _ in names)}, ?)",
        [fields[f] for f in names] + [now()],
    )


def conference_update(database: Database, conference_id: int, fields: dict[str, Any]) -> None:
    names = [f for f in CONFERENCE_FIELDS if f in fields]
    if names:
        database.execute(
            f"UPDATE conferences SET {', '.join(f'{n} = ?' for n in names)} WHERE id = ?",
            [fields[n] for n in names] + [conference_id],
        )


def conference_activate(database: Database, conference_id: int) -> None:
    database.execute("UPDATE conferences SET is_active = 0 WHERE is_active = 1")
    database.execute("UPDATE conferences SET is_active = 1 WHERE id = ?", [conference_id])


def conference_get(database: Database, conference_id: int) -> Row | None:
    return _one(database, "SELECT * FROM conferences WHERE id = ?", [conference_id])


def conference_active(database: Database) -> Row | None:
    return _one(database, "SELECT * FROM conferences WHERE is_active = 1")


def conferences_list(database: Database) -> list[Row]:
    return _rows(database, "SELECT * FROM conferences ORDER BY held_on DESC, id DESC")


def invited_per_conference(database: Database) -> dict[int, int]:
    """How many people are on each conference's list (walk-ins too): the conferences page
    compares it with the capacity."""
    return {
        row["conference_id"]: row["n"]
        for row in _rows(
            database,
            "SELECT conference_id, count(*) AS n FROM invitees WHERE removed_at IS NULL GROUP BY conference_id",
        )
    }


# ---------------------------------------------------------------- groups

_GROUP_COUNTS = """
SELECT g.id, g.name, g.kind, g.quota, g.quota_reason, g.sort_order, g.conference_id,
       coalesce(c.invited, 0) AS invited, coalesce(c.present, 0) AS present,
       coalesce(c.residents_invited, 0) AS residents_invited, coalesce(c.residents_present, 0) AS residents_present,
       coalesce(c.officers_invited, 0) AS officers_invited, coalesce(c.officers_present, 0) AS officers_present
FROM groups g
LEFT JOIN group_counts c ON c.group_id = g.id  -- kept by triggers (migration m010): one row a group
WHERE {where}
ORDER BY g.kind = 'tdp', g.sort_order, g.id
"""


def groups_recounted(database: Database, conference_id: int) -> list[Row]:
    """The counts counted again from the list itself: what the kept counts must equal (tests)."""
    return _rows(
        database,
        "SELECT g.id, count(i.id) AS invited, count(i.checked_in_at) AS present, "
        "count(CASE WHEN i.category = 'resident' THEN 1 END) AS residents_invited, "
        "count(CASE WHEN i.category = 'resident' THEN i.checked_in_at END) AS residents_present, "
        "count(CASE WHEN i.category = 'tdp_officer' THEN 1 END) AS officers_invited, "
        "count(CASE WHEN i.category = 'tdp_officer' THEN i.checked_in_at END) AS officers_present "
        "FROM groups g LEFT JOIN invitees i ON i.group_id = g.id AND i.removed_at IS NULL "
        "WHERE g.conference_id = ? GROUP BY g.id ORDER BY g.id",
        [conference_id],
    )


def groups_with_counts(database: Database, conference_id: int) -> list[Row]:
    return _rows(database, _GROUP_COUNTS.format(where="g.conference_id = ?"), [conference_id])


def group_with_counts(database: Database, group_id: int) -> Row | None:
    return _one(database, _GROUP_COUNTS.format(where="g.id = ?"), [group_id])


def groups_list(database: Database, conference_id: int) -> list[Row]:
    return _rows(
        database,
        "SELECT * FROM groups WHERE conference_id = ? ORDER BY kind = 'tdp', sort_order, id",
        [conference_id],
    )


def group_get(database: Database, group_id: int) -> Row | None:
    return _one(database, "SELECT * FROM groups WHERE id = ?", [group_id])


def group_insert(
    database: Database, conference_id: int, name: str, name_key: str, kind: str, quota: int,
    quota_reason: str = "",
) -> int:
    order = _one(
        database,
        "SELECT coalesce(max(sort_order), 0) + 1 AS n FROM groups WHERE conference_id = ?",
        [conference_id],
    )
    return _insert(
        database,
        "INSERT INTO groups (conference_id, name, name_key, kind, quota, quota_reason, sort_order) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        [conference_id, name, name_key, kind, quota, quota_reason, order["n"] if order else 1],
    )


def group_update(
    database: Database, group_id: int, name: str, name_key: str, quota: int, quota_reason: str = ""
) -> None:
    database.execute(
        "UPDATE groups SET name = ?, name_key = ?, quota = ?, quota_reason = ? WHERE id = ?",
        [name, name_key, quota, quota_reason, group_id],
    )


def groups_rekey(database: Database, key: Callable[[str], str], conference_id: int | None = None) -> None:
    """Each group's `name_key` made again with `key` (a migration, a restored backup written by
    an older version). Where two groups of a conference come to one key, the first keeps it and
    the other its old one: the office sees both and moves people between them."""
    sql = "SELECT id, conference_id, name, name_key FROM groups"
    params: list[Any] = []
    if conference_id is not None:
        sql += " WHERE conference_id = ?"
        params.append(conference_id)
    rows = _rows(database, sql + " ORDER BY id", params)
    taken = {(r["conference_id"], r["name_key"]) for r in rows}
    for row in rows:
        new = key(row["name"])
        if new == row["name_key"] or (row["conference_id"], new) in taken:
            continue
        taken.discard((row["conference_id"], row["name_key"]))
        taken.add((row["conference_id"], new))
        database.execute("UPDATE groups SET name_key = ? WHERE id = ?", [new, row["id"]])


def group_usage(database: Database, group_id: int) -> dict[str, int]:
    """What still names a group: people on its list, people removed from it (kept on record,
    their cards answer `revoked`) and of those the ones who ever came in, and questions sent
    under it."""
    row = _one(
        database,
        "SELECT (SELECT count(*) FROM invitees WHERE group_id = ?1 AND removed_at IS NULL) AS listed, "
        "(SELECT count(*) FROM invitees WHERE group_id = ?1 AND removed_at IS NOT NULL) AS removed, "
        "(SELECT count(*) FROM invitees i WHERE i.group_id = ?1 AND i.removed_at IS NOT NULL "
        " AND EXISTS (SELECT 1 FROM checkins c WHERE c.invitee_id = i.id)) AS removed_came, "
        "(SELECT count(*) FROM questions WHERE group_id = ?1) AS questions",
        [group_id],
    )
    return dict(row) if row else {"listed": 0, "removed": 0, "removed_came": 0, "questions": 0}


def group_delete(database: Database, group_id: int) -> None:
    """A group with nobody listed, no question and nobody removed from it who ever came in
    (`group_usage`; the caller checks): it goes with the removed people it held and their cards."""
    removed = "SELECT id FROM invitees WHERE group_id = ? AND removed_at IS NOT NULL"
    database.execute(f"DELETE FROM invitations WHERE invitee_id IN ({removed})", [group_id])
    database.execute("DELETE FROM invitees WHERE group_id = ? AND removed_at IS NOT NULL", [group_id])
    database.execute("DELETE FROM groups WHERE id = ?", [group_id])


def officer_positions(database: Database, conference_id: int, group_id: int | None = None) -> list[Row]:
    """The positions written for people on the TDPs' lists, with whether each is in the hall:
    what tells a TDP's three officers (office/officers.py)."""
    sql = (
        "SELECT i.group_id, i.position, i.checked_in_at FROM invitees i JOIN groups g ON g.id = i.group_id "
        "WHERE i.conference_id = ? AND i.removed_at IS NULL AND g.kind = 'tdp' AND i.position != ''"
    )
    params: list[Any] = [conference_id]
    if group_id is not None:
        sql += " AND i.group_id = ?"
        params.append(group_id)
    return _rows(database, sql, params)


# ---------------------------------------------------------------- invitees

_INVITEE_SELECT = """
SELECT i.id, i.name, i.group_id, i.position, i.category, i.ward_role, i.phone, i.checked_in_at, i.walk_in,
       i.conference_id, g.name AS group_name, g.kind AS group_kind,
       v.code, v.short_code
FROM invitees i
JOIN groups g ON g.id = i.group_id
LEFT JOIN invitations v ON v.invitee_id = i.id AND v.revoked_at IS NULL
"""
_INVITEE_ORDER = " ORDER BY g.kind = 'tdp', g.sort_order, g.id, " \
    "CASE i.category WHEN 'ward_delegate' THEN 0 WHEN 'tdp_officer' THEN 1 ELSE 2 END, i.id"


def invitees_list(
    database: Database,
    conference_id: int,
    name_key: str | None = None,
    group_id: int | None = None,
) -> list[Row]:
    sql = _INVITEE_SELECT + " WHERE i.conference_id = ? AND i.removed_at IS NULL"
    params: list[Any] = [conference_id]
    if name_key:
        sql += " AND instr(i.name_key, ?) > 0"
        params.append(name_key)
    if group_id is not None:
        sql += " AND i.group_id = ?"
        params.append(group_id)
    return _rows(database, sql + _INVITEE_ORDER, params)


def invitee_get(database: Database, invitee_id: int, include_removed: bool = False) -> Row | None:
    where = " WHERE i.id = ?" + ("" if include_removed else " AND i.removed_at IS NULL")
    return _one(database, _INVITEE_SELECT + where, [invitee_id])


def roster_people(database: Database, conference_id: int) -> list[Row]:
    """Everyone on a conference's list with what a re-import compares: their group's key and
    their folded name, what the file may change, and whether they are in the hall."""
    return _rows(
        database,
        "SELECT i.id, i.group_id, g.name_key AS group_key, i.name, i.name_key, i.position, i.category, i.ward_role, "
        "i.phone, i.checked_in_at FROM invitees i JOIN groups g ON g.id = i.group_id "
        "WHERE i.conference_id = ? AND i.removed_at IS NULL ORDER BY i.id",
        [conference_id],
    )


def invitee_names(database: Database, conference_id: int) -> list[Row]:
    """Everyone on the roster: `id`, `group_id`, `name` (office.invitees.name_index finds namesakes)."""
    return _rows(database, "SELECT id, group_id, name FROM invitees WHERE conference_id = ? AND removed_at IS NULL",
                 [conference_id])


def invitee_insert(
    database: Database,
    conference_id: int,
    group_id: int,
    name: str,
    name_key: str,
    position: str,
    category: str,
    phone: str,
    walk_in: bool = False,
    ward_role: str = "",
    at: str | None = None,
) -> int:
    return _insert(
        database,
        "INSERT INTO invitees (conference_id, group_id, name, name_key, position, category, "
        "phone, created_at, walk_in, ward_role) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [conference_id, group_id, name, name_key, position, category, phone, at or now(), int(walk_in), ward_role],
    )


def invitee_update(database: Database, invitee_id: int, fields: dict[str, Any]) -> None:
    allowed = ("group_id", "name", "name_key", "position", "category", "phone", "ward_role")
    names = [f for f in allowed if f in fields]
    if names:
        database.execute(
            f"UPDATE invitees SET {', '.join(f'{n} = ?' for n in names)} WHERE id = ?",
            [fields[n] for n in names] + [invitee_id],
        )


def invitee_remove(database: Database, invitee_id: int) -> None:
    """Removed invitees stay on record (their cards answer `revoked`), off the roster."""
    at = now()
    database.execute("UPDATE invitees SET removed_at = ? WHERE id = ?", [at, invitee_id])
    invitation_revoke(database, invitee_id, at)


# ---------------------------------------------------------------- invitations


def invitations_insert(database: Database, conference_id: int, cards: list[tuple[int, str, str]]) -> None:
    """One card per (invitee id, code, short code), issued now."""
    at = now()
    database.conn.executemany(
        "INSERT INTO invitations (invitee_id, conference_id, code, short_code, issued_at) VALUES (?, ?, ?, ?, ?)",
        [(invitee_id, conference_id, code, short, at) for invitee_id, code, short in cards],
    )


def invitation_revoke(database: Database, invitee_id: int, at: str | None = None) -> None:
    database.execute(
        "UPDATE invitations SET revoked_at = ? WHERE invitee_id = ? AND revoked_at IS NULL",
        [at or now(), invitee_id],
    )


def short_codes_taken(database: Database, candidates: list[str]) -> set[str]:
    if not candidates:
        return set()
    marks = ", ".join("?" for _ in candidates)
    return {
        row["short_code"]
        for row in _rows(
            database,
            f"SELECT short_code FROM invitations WHERE short_code IN ({marks})", candidates
        )
    }


def invitation_lookup(database: Database, code: str) -> Row | None:
    """An invitation by its QR text or its short code, revoked ones included."""
    return _one(
        database,
        "SELECT v.*, i.removed_at FROM invitations v JOIN invitees i ON i.id = v.invitee_id "
        "WHERE v.code = ? OR v.short_code = ?",
        [code, code],
    )


# ---------------------------------------------------------------- check-in


def checkin_active(database: Database, invitee_id: int) -> Row | None:
    """The admission that counts for this person, if any."""
    return _one(
        database, "SELECT * FROM checkins WHERE invitee_id = ? AND undone_at IS NULL", [invitee_id]
    )


def checkin_get(database: Database, checkin_id: int) -> Row | None:
    return _one(database, "SELECT * FROM checkins WHERE id = ?", [checkin_id])


def checkin_insert(
    database: Database,
    conference_id: int,
    invitee_id: int,
    at: str,
    kiosk: str,
    actor: str,
    method: str,
    offline_at: str | None,
) -> int:
    checkin_id = _insert(
        database,
        "INSERT INTO checkins (conference_id, invitee_id, at, kiosk, actor, method, offline_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        [conference_id, invitee_id, at, kiosk, actor, method, offline_at],
    )
    database.execute("UPDATE invitees SET checked_in_at = ? WHERE id = ?", [at, invitee_id])
    return checkin_id


def checkin_flag(database: Database, checkin_id: int) -> None:
    database.execute("UPDATE checkins SET flagged = 1 WHERE id = ?", [checkin_id])


def checkin_undo(database: Database, checkin_id: int, at: str, by: str) -> None:
    row = checkin_get(database, checkin_id)
    if row is None or row["undone_at"]:
        return
    database.execute(
        "UPDATE checkins SET undone_at = ?, undone_by = ? WHERE id = ?", [at, by, checkin_id]
    )
    database.execute("UPDATE invitees SET checked_in_at = NULL WHERE id = ?", [row["invitee_id"]])


def scan_get(database: Database, scan_id: str) -> Row | None:
    return _one(database, "SELECT * FROM scans WHERE scan_id = ?", [scan_id])


def scan_put(database: Database, scan_id: str, status: int, response: dict[str, Any]) -> None:
    database.execute(
        "INSERT INTO scans (scan_id, at, status, response) VALUES (?, ?, ?, ?)",
        [scan_id, now(), status, json.dumps(response, ensure_ascii=False)],
    )


def arrivals(database: Database, conference_id: int, limit: int = 10) -> list[Row]:
    """The latest admissions, newest first."""
    return _rows(
        database,
        "SELECT c.id, c.at, c.kiosk, c.method, c.flagged, i.id AS invitee_id, i.name, "
        "i.position, i.category, i.walk_in, g.name AS group_name "
        "FROM checkins c JOIN invitees i ON i.id = c.invitee_id JOIN groups g ON g.id = i.group_id "
        "WHERE c.conference_id = ? AND c.undone_at IS NULL ORDER BY c.at DESC, c.id DESC LIMIT ?",
        [conference_id, limit],
    )    


def arrivals_since(database: Database, conference_id: int, since: str) -> int:
    row = _one(
        database,
        "SELECT count(*) AS n FROM checkins WHERE conference_id = ? AND undone_at IS NULL AND at >= ?",
        [conference_id, since],
    )
    return int(row["n"]) if row else 0


def flagged_count(database: Database, conference_id: int) -> int:
    row = _one(
        database,
        "SELECT count(*) AS n FROM checkins WHERE conference_id = ? AND undone_at IS NULL AND flagged = 1",
        [conference_id],
    )
    return int(row["n"]) if row else 0


# ---------------------------------------------------------------- the room


def topics_list(database: Database, conference_id: int) -> list[Row]:
    """The fields on offer, in the chairman's order (a retired one is only in its questions' rows)."""
    return _rows(
        database, "SELECT id, name FROM topics WHERE conference_id = ? AND retired = 0 ORDER BY sort_order, id",
        [conference_id],
    )


def topics_retired(database: Database, conference_id: int) -> list[Row]:
    """The fields taken off the list that questions still point to: naming one again brings it back."""
    return _rows(database, "SELECT id, name FROM topics WHERE conference_id = ? AND retired = 1 ORDER BY id",
                 [conference_id])


def topics_save(database: Database, conference_id: int, topics: list[tuple[int | None, str]]) -> None:
    """The chairman's list of fields, in order: (id, name) keeps and renames a field, (None,
    name) adds one. A field left out is deleted, or retired when questions still point to it;
    either way it stops being the field taken now. Inside the caller's transaction."""
    kept = set()
    for order, (topic_id, name) in enumerate(topics):
        if topic_id is None:
            kept.add(_insert(
                database, "INSERT INTO topics (conference_id, name, sort_order) VALUES (?, ?, ?)",
                [conference_id, name, order],
            ))
        else:
            kept.add(topic_id)
            database.execute(
                "UPDATE topics SET name = ?, sort_order = ?, retired = 0 WHERE id = ? AND conference_id = ?",
                [name, order, topic_id, conference_id],
            )
    for old in topics_list(database, conference_id):
        if old["id"] in kept:
            continue
        database.execute("UPDATE rooms SET current_topic_id = NULL WHERE current_topic_id = ?", [old["id"]])
        used = _one(database, "SELECT 1 AS used FROM questions WHERE topic_id = ? LIMIT 1", [old["id"]])
        if used:
            database.execute("UPDATE topics SET retired = 1, sort_order = 1000 WHERE id = ?", [old["id"]])
        else:
            database.execute("DELETE FROM topics WHERE id = ?", [old["id"]])


def topic_shown_count(database: Database, conference_id: int, topic_id: int, statuses: Iterable[str]) -> int:
    """How many questions of a field the hall has seen (a public status and a place in the
    queue once): what the projector may say of a field, never counting pending ones."""
    wanted = list(statuses)
    row = _one(
        database,
        f"SELECT count(*) AS n FROM questions WHERE conference_id = ? AND topic_id = ? AND queue_order IS NOT NULL "
        f"AND status IN ({', '.join('?' for _ in wanted)})",
        [conference_id, topic_id, *wanted],
    )
    return int(row["n"]) if row else 0


def topics_insert(database: Database, conference_id: int, names: Iterable[str]) -> None:
    for order, name in enumerate(names):
        database.execute(
            "INSERT INTO topics (conference_id, name, sort_order) VALUES (?, ?, ?)", [conference_id, name, order]
        )


def topics_reorder(database: Database, conference_id: int, names: list[str]) -> None:
    """Keep topics that questions point to; rename in place by position, add or drop the rest."""
    current = topics_list(database, conference_id)
    for order, name in enumerate(names):
        if order < len(current):
            database.execute(
                "UPDATE topics SET name = ?, sort_order = ? WHERE id = ?", [name, order, current[order]["id"]]
            )
        else:
            database.execute(
                "INSERT INTO topics (conference_id, name, sort_order) VALUES (?, ?, ?)", [conference_id, name, order]
            )
    for extra in current[len(names):]:
        used = _one(database, "SELECT 1 AS used FROM questions WHERE topic_id = ? LIMIT 1", [extra["id"]])
        if used:
            database.execute("UPDATE topics SET sort_order = 1000 WHERE id = ?", [extra["id"]])
        else:
            database.execute("DELETE FROM topics WHERE id = ?", [extra["id"]])


def room_get(database: Database, conference_id: int) -> Row:
    row = _one(database, "SELECT * FROM rooms WHERE conference_id = ?", [conference_id])
    if row is None:
        return {
            "conference_id": conference_id, "submissions": "open", "attention_words": "[]",
            "responders": "[]", "screen_mode": "questions", "zoom": 1.0,
            "timer_started_at": None, "timer_seconds": 180, "updated_at": "", "current_topic_id": None,
            "ended_at": None,
        }
    return row


ROOM_FIELDS = (
    "submissions", "attention_words", "responders", "screen_mode", "zoom", "timer_started_at", "timer_seconds",
    "current_topic_id", "ended_at",
)


def room_update(database: Database, conference_id: int, fields: dict[str, Any]) -> None:
    database.execute("INSERT OR IGNORE INTO rooms (conference_id) VALUES (?)", [conference_id])
    names = [f for f in ROOM_FIELDS if f in fields]
    database.execute(
        f"UPDATE rooms SET {', '.join(f'{n} = ?' for n in names + ['updated_at'])} WHERE conference_id = ?",
        [fields[n] for n in names] + [now(), conference_id],
    )


def room_authorities(database: Database, conference_id: int) -> str:
    """The room's referral suggestions as stored (a JSON list; '[]' means the default list)."""
    row = _one(database, "SELECT authorities FROM rooms WHERE conference_id = ?", [conference_id])
    return row["authorities"] if row else "[]"


def room_authorities_update(database: Database, conference_id: int, authorities: str) -> None:
    """Inside the caller's transaction: the referral suggestions (a JSON list)."""
    database.execute("INSERT OR IGNORE INTO rooms (conference_id) VALUES (?)", [conference_id])
    database.execute("UPDATE rooms SET authorities = ?, updated_at = ? WHERE conference_id = ?",
                     [authorities, now(), conference_id])


_QUESTION_SELECT = """
SELECT q.*, g.name AS group_name, t.name AS topic_name,
       (SELECT count(*) FROM votes v WHERE v.question_id = q.id) AS interest,
       (SELECT m.number FROM questions m WHERE m.id = q.merged_into) AS merged_into_number
FROM questions q
LEFT JOIN groups g ON g.id = q.group_id
LEFT JOIN topics t ON t.id = q.topic_id
"""

QUESTION_FIELDS = (
    "group_id", "group_other", "asker_name", "asker_phone", "show_name", "topic_id", "text", "status", "attention",
    "reject_reason", "queue_order", "responder", "answer_summary", "conclusion", "reply_by", "reply_due",
    "referred_to", "merged_into", "shown_at", "closed_at", "followup_done_on", "followup_text",
    "prepared_by", "prepared_answer", "prepared_at",
)


def question_insert(database: Database, conference_id: int, fields: dict[str, Any]) -> int:
    """A question received: it gets the conference's next `number`, kept for good."""
    names = [f for f in ("source", "device", "ip", "group_id", "group_other", "asker_name", "asker_phone", "show_name",
                         "topic_id", "original_text", "text", "status", "attention", "queue_order", "responder",
                         "answer_summary", "conclusion") if f in fields]
    at = now()
    return _insert(
        database,
        f"INSERT INTO questions (conference_id, created_at, updated_at, number, {', '.join(names)}) "
        f"VALUES (?, ?, ?, (SELECT coalesce(max(number), 0) + 1 FROM questions WHERE conference_id = ?), "
        f"{', '.join('?' for _ in names)})",
        [conference_id, at, at, conference_id] + [fields[n] for n in names],
    )


def questions_number_missing(database: Database, conference_id: int) -> None:
    """Questions restored from an older backup get their numbers, in the order received."""
    row = _one(database, "SELECT coalesce(max(number), 0) AS n FROM questions WHERE conference_id = ?", [conference_id])
    last = int(row["n"]) if row else 0
    missing = _rows(database, "SELECT id FROM questions WHERE conference_id = ? AND number IS NULL ORDER BY id",
                    [conference_id])
    for offset, question in enumerate(missing, start=1):
        database.execute("UPDATE questions SET number = ? WHERE id = ?", [last + offset, question["id"]])


def question_get(database: Database, question_id: int) -> Row | None:
    return _one(database, _QUESTION_SELECT + " WHERE q.id = ?", [question_id])


def questions_list(
    database: Database, conference_id: int, statuses: Iterable[str] | None = None, device: str | None = None
) -> list[Row]:
    sql = _QUESTION_SELECT + " WHERE q.conference_id = ?"
    params: list[Any] = [conference_id]
    if statuses is not None:
        wanted = list(statuses)
        sql += f" AND q.status IN ({', '.join('?' for _ in wanted)})"
        params += wanted
    if device is not None:
        sql += " AND q.device = ?"
        params.append(device)
    return _rows(database, sql + " ORDER BY coalesce(q.queue_order, q.id), q.id", params)


def questions_up_next(database: Database, conference_id: int, topic_id: int | None, limit: int) -> list[Row]:
    """The first `limit` approved questions in the queue's order, the field taken now
    (`topic_id`) first: what the projector shows next. The ids are picked first, so only
    the rows shown pay for their votes and names, however long the queue."""
    order = " ORDER BY coalesce(queue_order, id), id"
    pick = "SELECT id FROM questions WHERE conference_id = ? AND status = 'approved'"

    def part(where: str, params: list[Any], n: int) -> list[Row]:
        return _rows(database, _QUESTION_SELECT + f" WHERE q.id IN ({pick}{where}{order} LIMIT ?)"
                     " ORDER BY coalesce(q.queue_order, q.id), q.id", [conference_id] + params + [n])

    if topic_id is None:
        return part("", [], limit)
    first = part(" AND topic_id = ?", [topic_id], limit)
    if len(first) >= limit:
        return first
    return first + part(" AND topic_id IS NOT ?", [topic_id], limit - len(first))


# Similar matters (projector/similar.py): what a suggestion shows, with its conference's date;
# the text up to what the matcher reads (a 1 MB text costs what a long question costs).
_MATTER_SELECT = """
SELECT q.id, q.number, q.conference_id, substr(q.text, 1, 2000) AS text, q.status, q.merged_into, q.reply_by, q.reply_due,
       q.referred_to, q.followup_done_on, c.held_on, c.title AS conference_title
FROM questions q JOIN conferences c ON c.id = q.conference_id
"""


def conferences_before(database: Database, conference_id: int) -> list[int]:
    """The conferences held before this one (the same day: made before it), latest first."""
    return [row["id"] for row in _rows(
        database,
        "SELECT c.id FROM conferences c, conferences this WHERE this.id = ? "
        "AND (c.held_on < this.held_on OR (c.held_on = this.held_on AND c.id < this.id)) "
        "ORDER BY c.held_on DESC, c.id DESC",
        [conference_id],
    )]


def questions_count(database: Database, conference_ids: Iterable[int] | None = None) -> int:
    """How many questions these conferences hold (None: every conference)."""
    if conference_ids is None:
        row = _one(database, "SELECT count(*) AS n FROM questions")
        return int(row["n"]) if row else 0
    wanted = [int(c) for c in conference_ids]
    if not wanted:
        return 0
    row = _one(database, f"SELECT count(*) AS n FROM questions WHERE conference_id IN ({', '.join('?' for _ in wanted)})",
               wanted)
    return int(row["n"]) if row else 0


def term_documents(database: Database, terms: Iterable[str]) -> dict[str, int]:
    """How many questions the full-text index holds each term in (a term it lacks: absent).
    fts5vocab counts by reading the term's list: a common word costs more than a rare one."""
    wanted = list(terms)
    if not wanted:
        return {}
    # One `term = ?` per term: fts5vocab seeks an equality, but reads its whole list for an IN.
    sql = " UNION ALL ".join("SELECT term, doc FROM questions_fts_terms WHERE term = ?" for _ in wanted)
    return {row["term"]: row["doc"] for row in _rows(database, sql, wanted)}


def questions_matching(database: Database, query: str, conference_ids: Iterable[int], limit: int) -> list[Row]:
    """Questions of these conferences whose text the full-text index matches (`query`: an FTS5
    expression made by projector.similar), best bm25 first, at most `limit`.

    One conference is searched inside its scope (FTS5 ranks only its questions); several are
    searched across the index and kept after: ranking a few more rows costs less than making
    FTS5 walk every conference's scope."""
    wanted = {int(c) for c in conference_ids}
    if not wanted or not query:
        return []
    if len(wanted) == 1:
        expression, fetch = f"scope : c{next(iter(wanted))} AND text : ({query})", limit
    else:
        expression, fetch = f"text : ({query})", limit * 2
    hits = _rows(database, "SELECT rowid AS id FROM questions_fts WHERE questions_fts MATCH ? ORDER BY rank LIMIT ?",
                 [expression, fetch])
    if not hits:
        return []
    order = {row["id"]: n for n, row in enumerate(hits)}
    rows = [row for row in questions_by_ids(database, order) if row["conference_id"] in wanted]
    return sorted(rows, key=lambda row: order[row["id"]])[:limit]


def questions_by_ids(database: Database, ids: Iterable[int]) -> list[Row]:
    """Questions by id, in the shape of `questions_matching` (a merged duplicate's target)."""
    wanted = list(ids)
    if not wanted:
        return []
    return _rows(database, _MATTER_SELECT + f" WHERE q.id IN ({', '.join('?' for _ in wanted)})", wanted)


def question_update(database: Database, question_id: int, fields: dict[str, Any]) -> None:
    names = [f for f in QUESTION_FIELDS if f in fields]
    database.execute(
        f"UPDATE questions SET {', '.join(f'{n} = ?' for n in names + ['updated_at'])} WHERE id = ?",
        [fields[n] for n in names] + [now(), question_id],
    )


def question_ask_back(database: Database, question_id: int, text: str, at: str) -> bool:
    """"Hỏi lại": the chairman's question back to the asker, while no answer has come (a new
    one replaces an unanswered one). False when the asker has already answered."""
    cursor = database.execute(
        "UPDATE questions SET ask_back = ?, ask_back_at = ?, updated_at = ? WHERE id = ? AND ask_back_answer = ''",
        [text, at, at, question_id],
    )
    return cursor.rowcount == 1


def question_ask_back_answer(database: Database, question_id: int, answer: str, at: str) -> bool:
    """The asker's one answer to the question back; False when there is none to answer, or
    it was answered already."""
    cursor = database.execute(
        "UPDATE questions SET ask_back_answer = ?, ask_back_answered_at = ?, updated_at = ? "
        "WHERE id = ? AND ask_back != '' AND ask_back_answer = ''",
        [answer, at, at, question_id],
    )
    return cursor.rowcount == 1


def petitions_list(database: Database, conference_id: int) -> list[Row]:
    """The petitions gathered before the day (`source` 'petition'), by their number."""
    return _rows(database, _QUESTION_SELECT + " WHERE q.conference_id = ? AND q.source = 'petition' ORDER BY q.number",
                 [conference_id])


def petition_texts(database: Database, conference_id: int) -> list[Row]:
    """Each petition's group and text, to find one sent twice."""
    return _rows(database, "SELECT id, number, group_id, text FROM questions WHERE conference_id = ? "
                 "AND source = 'petition'", [conference_id])


def questions_merged_into(database: Database, question_id: int) -> list[int]:
    """The numbers of the questions merged into this one (status `merged`), in order."""
    return [row["number"] for row in _rows(
        database, "SELECT number FROM questions WHERE merged_into = ? AND status = 'merged' ORDER BY number",
        [question_id])]


def question_on_screen(database: Database, conference_id: int) -> Row | None:
    return _one(database, _QUESTION_SELECT + " WHERE q.conference_id = ? AND q.status = 'on_screen'", [conference_id])


def queue_end(database: Database, conference_id: int) -> float:
    row = _one(database, "SELECT max(queue_order) AS n FROM questions WHERE conference_id = ?", [conference_id])
    return float(row["n"] or 0) + 1 if row else 1.0


def submissions_since(database: Database, column: str, value: str, since: str) -> int:
    """How many questions one device (column "device") or one address ("ip") sent since."""
    assert column in ("device", "ip")
    row = _one(
        database, f"SELECT count(*) AS n FROM questions WHERE {column} = ? AND created_at >= ?", [value, since]
    )
    return int(row["n"]) if row else 0


def vote_insert(database: Database, question_id: int, device: str, address: str) -> bool:
    cursor = database.execute(
        "INSERT OR IGNORE INTO votes (question_id, device, ip, at) VALUES (?, ?, ?, ?)",
        [question_id, device, address, now()],
    )
    return cursor.rowcount == 1


def votes_since(database: Database, address: str, since: str) -> int:
    """How many interest votes one LAN address gave since."""
    row = _one(database, "SELECT count(*) AS n FROM votes WHERE ip = ? AND at >= ?", [address, since])
    return int(row["n"]) if row else 0


def votes_move(database: Database, from_id: int, to_id: int) -> None:
    """A merged duplicate's interest joins the question it was merged into (devices, once)."""
    database.execute(
        "INSERT OR IGNORE INTO votes (question_id, device, at) SELECT ?, device, at FROM votes WHERE question_id = ?",
        [to_id, from_id],
    )


def device_votes(database: Database, conference_id: int, device: str) -> set[int]:
    return {
        row["question_id"]
        for row in _rows(
            database,
            "SELECT v.question_id FROM votes v JOIN questions q ON q.id = v.question_id "
            "WHERE q.conference_id = ? AND v.device = ?",
            [conference_id, device],
        )
    }


# ---------------------------------------------------------------- the record

# Kept on the conference rather than in its notes: the invitations print them before the day.
RECORD_CONFERENCE_FIELDS = ("issuing_body", "superior_body", "invitation_number")
RECORD_FIELDS = (
    "document_number", "place", "opened_at", "closed_at", "chair_name", "secretary_name", "presenter", "programme",
    "report_summary", "other_notes", "council_session_on", "recipients",
    "report_number", "report_issued_on", "signer_title", "signer_name", "assessment", "proposals",
    "passed_at_meeting", *RECORD_CONFERENCE_FIELDS,
)


def record_notes_get(database: Database, conference_id: int) -> Row:
    """The record's notes with the conference's document settings; defaults when none yet."""
    row = _one(database, "SELECT * FROM record_notes WHERE conference_id = ?", [conference_id])
    if row is None:
        row = {field: "" for field in RECORD_FIELDS}
        row.update({"conference_id": conference_id, "council_session_on": None, "recipients": "[]", "updated_at": "",
                    "report_issued_on": None, "signer_title": "chairman", "passed_at_meeting": 0})
    settings = _one(database, f"SELECT {', '.join(RECORD_CONFERENCE_FIELDS)} FROM conferences WHERE id = ?",
                    [conference_id]) or {}
    row.update({field: settings.get(field) or "" for field in RECORD_CONFERENCE_FIELDS})
    row["passed_at_meeting"] = bool(row["passed_at_meeting"])
    return row


def record_notes_update(database: Database, conference_id: int, fields: dict[str, Any]) -> None:
    database.execute("INSERT OR IGNORE INTO record_notes (conference_id) VALUES (?)", [conference_id])
    names = [f for f in RECORD_FIELDS if f in fields and f not in RECORD_CONFERENCE_FIELDS]
    database.execute(
        f"UPDATE record_notes SET {', '.join(f'{n} = ?' for n in names + ['updated_at'])} WHERE conference_id = ?",
        [fields[n] for n in names] + [now(), conference_id],
    )
    conference_update(database, conference_id, {f: fields[f] for f in RECORD_CONFERENCE_FIELDS if f in fields})


def attendance_rows(database: Database, conference_id: int) -> list[Row]:
    """Everyone invited (walk-ins too), with their admission if any."""
    return _rows(
        database,
        "SELECT i.id, i.name, i.position, i.category, i.ward_role, i.walk_in, i.checked_in_at, g.name AS group_name, "
        "g.kind AS group_kind, c.kiosk, c.method, c.offline_at, c.flagged "
        "FROM invitees i JOIN groups g ON g.id = i.group_id "
        "LEFT JOIN checkins c ON c.invitee_id = i.id AND c.undone_at IS NULL "
        "WHERE i.conference_id = ? AND i.removed_at IS NULL" + _INVITEE_ORDER,
        [conference_id],
    )


# A backup is every row of one conference, table by table; restore writes them back as they
# were (ids too) into a database that has no conference yet.
BACKUP_TABLES: dict[str, str] = {
    "conferences": "SELECT * FROM conferences WHERE id = ?",
    "groups": "SELECT * FROM groups WHERE conference_id = ? ORDER BY id",
    "invitees": "SELECT * FROM invitees WHERE conference_id = ? ORDER BY id",
    "invitations": "SELECT * FROM invitations WHERE conference_id = ? ORDER BY id",
    "checkins": "SELECT * FROM checkins WHERE conference_id = ? ORDER BY id",
    "topics": "SELECT * FROM topics WHERE conference_id = ? ORDER BY id",
    "questions": "SELECT * FROM questions WHERE conference_id = ? ORDER BY id",
    "votes": "SELECT v.* FROM votes v JOIN questions q ON q.id = v.question_id WHERE q.conference_id = ? "
             "ORDER BY v.question_id, v.device",
    "rooms": "SELECT * FROM rooms WHERE conference_id = ?",
    "record_notes": "SELECT * FROM record_notes WHERE conference_id = ?",
}


def backup_rows(database: Database, conference_id: int) -> dict[str, list[Row]]:
    return {table: _rows(database, sql, [conference_id]) for table, sql in BACKUP_TABLES.items()}


def table_info(database: Database, table: str) -> list[Row]:
    """Each column of a backup table: name, type, notnull, dflt_value, pk (SQLite's words)."""
    assert table in BACKUP_TABLES
    return _rows(database, f"PRAGMA table_info({table})")


def table_columns(database: Database, table: str) -> list[str]:
    return [column["name"] for column in table_info(database, table)]


def restore_rows(database: Database, table: str, rows: list[dict[str, Any]]) -> None:
    """Insert rows into one of the backup's tables; a column a row leaves out takes the
    table's default (NULL for the phones' traces a backup no longer carries)."""
    columns = set(table_columns(database, table))
    for row in rows:
        names = list(row)
        if not set(names) <= columns:
            raise ValueError(table)
        database.execute(
            f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' for _ in names)})",
            [row[n] for n in names],
        )


def defer_foreign_keys(database: Database) -> None:
    """Check references at COMMIT, not row by row: a question may be merged into a later one.
    SQLite turns this off again when the transaction ends."""
    database.execute("PRAGMA defer_foreign_keys = ON")


def foreign_key_problems(database: Database) -> list[Row]:
    """Rows whose references lead nowhere (empty when all is well); inside the restore."""
    return _rows(database, "PRAGMA foreign_key_check")


# The retention rule's queries (record/retention.py): a phone's traces and invitees' phones.


def questions_still_open(
    database: Database, conference_id: int, done: Iterable[str], follow_up: Iterable[str]
) -> int:
    """Questions of a conference not yet decided, or decided but their follow-up not done."""
    done, follow_up = list(done), list(follow_up)
    row = _one(
        database,
        f"SELECT count(*) AS n FROM questions WHERE conference_id = ? "
        f"AND (status NOT IN ({', '.join('?' for _ in done)}) "
        f"OR (status IN ({', '.join('?' for _ in follow_up)}) AND followup_done_on IS NULL))",
        [conference_id, *done, *follow_up],
    )
    return int(row["n"]) if row else 0


def question_traces(database: Database, conference_id: int) -> list[Row]:
    """The phone's traces each question of a conference still holds (device id, LAN address)."""
    return _rows(
        database,
        "SELECT id, device, ip FROM questions WHERE conference_id = ? "
        "AND (device IS NOT NULL OR ip IS NOT NULL) ORDER BY id",
        [conference_id],
    )


def vote_devices(database: Database, conference_id: int) -> list[str]:
    """The device ids behind the interest shown in a conference's questions."""
    return [
        row["device"]
        for row in _rows(
            database,
            "SELECT DISTINCT v.device FROM votes v JOIN questions q ON q.id = v.question_id "
            "WHERE q.conference_id = ? ORDER BY v.device",
            [conference_id],
        )
    ]


def vote_addresses(database: Database, conference_id: int) -> list[str]:
    """The LAN addresses interest in a conference's questions came from (empty when purged)."""
    return [
        row["ip"]
        for row in _rows(
            database,
            "SELECT DISTINCT v.ip FROM votes v JOIN questions q ON q.id = v.question_id "
            "WHERE q.conference_id = ? AND v.ip != '' ORDER BY v.ip",
            [conference_id],
        )
    ]


def traces_purge(database: Database, conference_id: int, pseudonyms: dict[str, str]) -> dict[str, int]:
    """Forget the phones of a conference: devices and addresses off its questions and votes, each
    vote's device replaced by its pseudonym (the interest keeps its count), the device's prefix off
    the audit log's question entries, the invitees' phone numbers (in the audit log's edits too).
    Inside the caller's write."""
    done: dict[str, int] = {}
    done["questions"] = database.execute(
        "UPDATE questions SET device = NULL, ip = NULL, asker_phone = '' "
        "WHERE conference_id = ? AND (device IS NOT NULL OR ip IS NOT NULL OR asker_phone != '')",
        [conference_id],
    ).rowcount
    votes = 0
    for device, pseudonym in pseudonyms.items():
        votes += database.execute(
            "UPDATE votes SET device = ? WHERE device = ? "
            "AND question_id IN (SELECT id FROM questions WHERE conference_id = ?)",
            [pseudonym, device, conference_id],
        ).rowcount
    database.execute(
        "UPDATE votes SET ip = '' WHERE ip != '' AND question_id IN (SELECT id FROM questions WHERE conference_id = ?)",
        [conference_id],
    )
    done["votes"] = votes
    done["audit"] = database.execute(
        "UPDATE audit_log SET actor = 'phone' WHERE actor LIKE 'phone:%' AND action LIKE 'question.%' "
        "AND subject IN (SELECT CAST(id AS TEXT) FROM questions WHERE conference_id = ?)",
        [conference_id],
    ).rowcount
    done["phones"] = database.execute(
        "UPDATE invitees SET phone = '' WHERE conference_id = ? AND phone != ''", [conference_id]
    ).rowcount
    # An invitee's edit is audited with the fields it changed: the number goes from there too.
    database.execute(
        "UPDATE audit_log SET detail = json_remove(detail, '$.phone') "
        "WHERE action = 'invitee.update' AND json_valid(detail) AND json_type(detail, '$.phone') IS NOT NULL "
        "AND subject IN (SELECT CAST(id AS TEXT) FROM invitees WHERE conference_id = ?)",
        [conference_id],
    )
    return done


def invitee_phones(database: Database, conference_id: int) -> list[Row]:
    """Invitees of a conference who still have a phone number on file."""
    return _rows(
        database, "SELECT id, phone FROM invitees WHERE conference_id = ? AND phone != '' ORDER BY id", [conference_id]
    )


def conferences_count(database: Database) -> int:
    row = _one(database, "SELECT count(*) AS n FROM conferences")
    return int(row["n"]) if row else 0


# ---------------------------------------------------------------- the kiosks' offline copy (m015)

_OFFLINE_PERSON = (
    "i.id, i.name, i.group_id, g.name AS group_name, i.position, i.category, i.checked_in_at, "
    "i.walk_in, v.code, v.short_code"
)
_OFFLINE_JOINS = (
    " JOIN groups g ON g.id = i.group_id"
    " LEFT JOIN invitations v ON v.invitee_id = i.id AND v.revoked_at IS NULL"
)


@contextlib.contextmanager
def reading(database: Database) -> Iterator[Database]:
    """Several reads that see one moment (WAL: a read transaction's snapshot); inside a write
    they are part of it."""
    conn = database.conn
    if conn.in_transaction:
        yield database
        return
    conn.execute("BEGIN")
    try:
        yield database
    finally:
        if conn.in_transaction:
            conn.execute("COMMIT")


def offline_rev(database: Database, conference_id: int) -> Row:
    """Where a conference's list stands for the kiosks: `rev` (up by one with each change) and
    `generation` (new with each database)."""
    return _one(database, "SELECT rev, generation FROM offline_revs WHERE conference_id = ?", [conference_id]) \
        or {"rev": 0, "generation": ""}


def offline_people(database: Database, conference_id: int) -> list[Row]:
    """Everyone a kiosk's copy holds (codes in clear: the caller digests them), by id."""
    return _rows(
        database,
        f"SELECT {_OFFLINE_PERSON} FROM invitees i{_OFFLINE_JOINS} "
        "WHERE i.conference_id = ? AND i.removed_at IS NULL ORDER BY i.id",
        [conference_id],
    )


def offline_changes_count(database: Database, conference_id: int, since: int, cap: int) -> int:
    """How many invitees changed after `since`, counted up to `cap` (no further)."""
    row = _one(
        database,
        "SELECT count(*) AS n FROM (SELECT 1 FROM offline_changes WHERE conference_id = ? AND rev > ? LIMIT ?)",
        [conference_id, since, cap],
    )
    return int(row["n"]) if row else 0


def offline_changed(
    database: Database, conference_id: int, since: int, limit: int, only_rev: int | None = None
) -> list[Row]:
    """The invitees changed after `since` (or exactly at `only_rev`), in the order of their
    changes, at most `limit`: each with `change_id`, `change_rev` and `listed` (0 when no longer
    on the list: removed, or gone), then the person as `offline_people` gives them."""
    where = "c.rev = ?" if only_rev is not None else "c.rev > ?"
    return _rows(
        database,
        "SELECT c.invitee_id AS change_id, c.rev AS change_rev, "
        "(i.id IS NOT NULL AND i.removed_at IS NULL AND i.conference_id = c.conference_id) AS listed, "
        f"{_OFFLINE_PERSON} FROM offline_changes c LEFT JOIN invitees i ON i.id = c.invitee_id"
        f"{_OFFLINE_JOINS.replace(' JOIN groups', ' LEFT JOIN groups')} "
        f"WHERE c.conference_id = ? AND {where} ORDER BY c.rev, c.invitee_id LIMIT ?",
        [conference_id, only_rev if only_rev is not None else since, limit],
    )
