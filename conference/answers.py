"""What a write returns to its route: a status, a JSON body, and what to emit after commit.

A write that is refused raises `conference.errors.Refusal` instead."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Answer:
    status: int
    body: dict[str, Any]
    changed: bool = False  # something was written that other screens must hear of
    payload: dict[str, Any] | None = field(default=None)  # the event's data, when it differs from body

