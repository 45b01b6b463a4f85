"""The kiosks' offline copy, updated by changes, not reloaded whole. No Flask.

A kiosk keeps the list in its own storage to admit from while the server does not answer
(static/js/kiosk/roster.js). With 20,000 invitees the whole list is some 4 MB of JSON; sent
again to every kiosk after every change it would cost the door more than the scans. So the
list has a `rev` per conference, raised by triggers in the same transaction as any change to
what a copy holds (conference/migrations.py m015_offline_changes), and each invitee keeps the
`rev` of its last change:

- `whole()`: the list, its `rev` and its `epoch` (the conference, this database, the digest
  key), read at one moment;
- `changes()`: what changed after the copy's `rev`: the changed people (as `whole()` gives
  them) and the ids no longer on the list, at most one page (a page ends between two changes,
  never inside one), `more` when another page follows; or None, "reload whole", when the copy
  is of another conference, database or key, is ahead of the server, or is so far behind that
  the whole list is the shorter way.
"""
from __future__ import annotations

import hashlib
import hmac
from typing import Any

from sqlite_utils import Database

from conference import store

from .digests import digest

PAGE = 500  # people per answer (the app's KIOSK_SYNC_PAGE)
PAGES_BEHIND = 4  # a copy more than this many pages behind is reloaded whole


def epoch(conference_id: int, generation: str, key: bytes) -> str:
    """What a copy is a copy of: the conference, this database (a restore is another), and the
    digest key (another secret key gives other digests). The key itself is never in it."""
    mark = hmac.new(key, b"doithoai/kiosk-copy/epoch", hashlib.sha256).hexdigest()[:8]
    return f"{conference_id}.{generation}.{mark}"


def entry(row: dict[str, Any], key: bytes) -> dict[str, Any]:
    """One person as a kiosk's copy keeps them: the card's codes as digests only."""
    return {
        "id": row["id"], "name": row["name"], "group_id": row["group_id"], "group_name": row["group_name"],
        "position": row["position"], "category": row["category"], "checked_in_at": row["checked_in_at"],
        "walk_in": bool(row["walk_in"]),
        "code_digest": digest(key, "code", row["code"]) if row["code"] else None,
        "short_digest": digest(key, "short", row["short_code"]) if row["short_code"] else None,
    }


def whole(database: Database, conference_id: int, key: bytes) -> dict[str, Any]:
    """The whole copy: everyone on the list, with the `rev` they stand at."""
    with store.reading(database):
        state = store.offline_rev(database, conference_id)
        rows = store.offline_people(database, conference_id)
    return {
        "conference_id": conference_id, "epoch": epoch(conference_id, state["generation"], key),
        "rev": state["rev"], "people": [entry(row, key) for row in rows],
    }


def changes(
    database: Database, conference_id: int, key: bytes, since: int, copy_epoch: str, page: int = PAGE
) -> dict[str, Any] | None:
    """What changed after `since` for a copy of `copy_epoch`, one page; None: reload whole."""
    page = max(1, page)
    with store.reading(database):
        state = store.offline_rev(database, conference_id)
        now = epoch(conference_id, state["generation"], key)
        if copy_epoch != now or since > state["rev"]:
            return None
        answer: dict[str, Any] = {"epoch": now, "rev": state["rev"], "changed": [], "removed": [], "more": False}
        if since == state["rev"]:
            return answer
        too_many = page * PAGES_BEHIND
        if store.offline_changes_count(database, conference_id, since, too_many + 1) > too_many:
            return None
        rows = store.offline_changed(database, conference_id, since, page + 1)
        if len(rows) > page:
            last = rows[page - 1]["change_rev"]
            if rows[page]["change_rev"] != last:
                rows = rows[:page]
            elif any(r["change_rev"] != last for r in rows[:page]):
                rows = [r for r in rows[:page] if r["change_rev"] != last]  # end before the cut change
            else:  # one change larger than a page (a big group renamed): that change whole
                rows = store.offline_changed(database, conference_id, last - 1, too_many, only_rev=last)
            answer["rev"] = rows[-1]["change_rev"]
            answer["more"] = True
    for row in rows:
        if row["listed"]:
            answer["changed"].append(entry(row, key))
        else:
            answer["removed"].append(row["change_id"])
    return answer
