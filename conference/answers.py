"""What a write returns to its route: a status, a JSON body, and what to emit after commit;
and the answer kept for a request that may come again (a kiosk's scan, a phone's send).

A write that is refused raises `conference.errors.Refusal` instead."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

from . import store


@dataclass
class Answer:
    status: int
    body: dict[str, Any]
    changed: bool = False  # something was written that other screens must hear of
    payload: dict[str, Any] | None = field(default=None)  # the event's data, when it differs from body



def earlier_answer(database: Database, key: str | None) -> Answer | None:
    """A retry of a request already answered (same key): that answer, unchanged. Inside the
    transaction."""
    if not key:
        return None
    prior = store.scan_get(database, key)
    return None if prior is None else Answer(prior["status"], json.loads(prior["response"]))


def remember(database: Database, key: str | None, answer: Answer) -> Answer:
    """Keep the answer to this request, in the same transaction as what it wrote."""
    if key:
        store.scan_put(database, key, answer.status, answer.body)
    return answer
