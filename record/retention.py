"""How long the service keeps what could lead back to a person, one rule for all of it
(Decree 13/2023/NĐ-CP on personal data: kept only as long as its purpose needs it).

- A phone's traces: the LAN address and the device id a question was sent from, the device
  ids and addresses behind "Tôi cũng quan tâm", the device's prefix in the audit log. They
  serve the rate limits and the asker's own list during the meeting, and the answer reaching
  the asker's phone during the follow-up.
- Invitees' phone numbers (and the audit log's record of their edits): they serve the
  invitations and reaching people until the conference's business is done.

Both are purged once the conference's follow-up is closed: the day of the meeting is past,
no question is left undecided and every follow-up item (written reply, referral, …) is done.
The purge runs in the same transaction as the follow-up change that closes it
(`record/followups.py`), or from `flask --app wsgi record purge` for a conference closed
some other way. Votes keep their count under a pseudonym. A backup never carries a phone's
traces, whatever their state (`without_traces`). No Flask here.
"""
from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlite_utils import Database

from conference import clock, store
from projector.vocabulary import DONE

from .data import FOLLOW_UP_STATUSES

# Columns that hold a phone's traces, by table: never in a backup, purged by the rule.
TRACES: dict[str, tuple[str, ...]] = {"questions": ("device", "ip"), "votes": ("ip",)}
PSEUDONYM_PREFIX = "anon-"  # a device hash is 32 hex digits: a pseudonym never looks like one


def pseudonyms(devices: Iterable[str]) -> dict[str, str]:
    """A fresh random pseudonym for each device id (already pseudonymous ones are kept)."""
    return {
        device: f"{PSEUDONYM_PREFIX}{secrets.token_hex(6)}"
        for device in set(devices) if not device.startswith(PSEUDONYM_PREFIX)
    }


def without_traces(data: dict[str, list[dict[str, Any]]]) -> dict[str, list[dict[str, Any]]]:
    """A backup's rows without the phones' traces: their columns left out, each vote's device
    under a pseudonym (one phone's votes stay one voter's, so a later merge still counts it once)."""
    out = {
        table: [{k: v for k, v in row.items() if k not in TRACES.get(table, ())} for row in rows]
        for table, rows in data.items()
    }
    names = pseudonyms(vote["device"] for vote in out.get("votes", []))
    for vote in out.get("votes", []):
        vote["device"] = names.get(vote["device"], vote["device"])
    return out


def followup_closed(database: Database, conference_id: int, today: date | None = None) -> bool:
    """Nothing left to do for the people of this conference: its day is over (a conference yet
    to be held has nothing undecided either, and its roster's phones are still needed), every
    question decided and every follow-up item done."""
    conference = store.conference_get(database, conference_id)
    if conference is None or date.fromisoformat(conference["held_on"]) >= (today or clock.hall_today()):
        return False
    return store.questions_still_open(
        database, conference_id, [s.value for s in DONE], sorted(FOLLOW_UP_STATUSES)
    ) == 0


def purge_personal_traces(database: Database, conference_id: int) -> dict[str, int]:
    """Forget a conference's phones (traces, votes' devices) and its invitees' phone numbers;
    returns how many rows changed, by kind. One transaction, or the caller's."""
    with store.write(database):
        done = store.traces_purge(database, conference_id, pseudonyms(store.vote_devices(database, conference_id)))
        if any(done.values()):
            store.audit(database, "retention", "retention.purge", str(conference_id), **done)
    return done


def purge_if_closed(database: Database, conference_id: int) -> dict[str, int] | None:
    """The rule: purge once the follow-up is closed; None while it is still open."""
    with store.write(database):
        if not followup_closed(database, conference_id):
            return None
        return purge_personal_traces(database, conference_id)
