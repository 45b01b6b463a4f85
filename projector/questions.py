"""The question state machine: which moves are allowed, as plain functions, no Flask.

pending → approved → on_screen → answered | written_reply | referred;
rejected and merged from pending and approved; on_screen back to approved (taken off the
screen); a finished, rejected or merged question reopened to approved. At most one question
is on screen: putting one up sends the one there back to the queue.
"""
from __future__ import annotations

from enum import Enum


class Status(str, Enum):
    PENDING = "pending"
    APPROVED = "approved"
    ON_SCREEN = "on_screen"
    ANSWERED = "answered"
    WRITTEN_REPLY = "written_reply"
    REFERRED = "referred"
    REJECTED = "rejected"
    MERGED = "merged"


OUTCOMES = (Status.ANSWERED, Status.WRITTEN_REPLY, Status.REFERRED)
DONE = OUTCOMES + (Status.REJECTED, Status.MERGED)
# What phones and the projector may see: never a question the chairman has not approved.
PUBLIC = (Status.APPROVED, Status.ON_SCREEN) + OUTCOMES

MOVES: dict[Status, frozenset[Status]] = {
    Status.PENDING: frozenset({Status.APPROVED, Status.REJECTED, Status.MERGED}),
    Status.APPROVED: frozenset({Status.ON_SCREEN, Status.REJECTED, Status.MERGED}),
    Status.ON_SCREEN: frozenset({Status.APPROVED, *OUTCOMES}),
    Status.ANSWERED: frozenset({Status.APPROVED}),
    Status.WRITTEN_REPLY: frozenset({Status.APPROVED}),
    Status.REFERRED: frozenset({Status.APPROVED}),
    Status.REJECTED: frozenset({Status.APPROVED}),
    Status.MERGED: frozenset({Status.APPROVED}),
}


def parse_status(value: object) -> Status | None:
    if not isinstance(value, str):
        return None
    try:
        return Status(value)
    except ValueError:
        return None


def can_move(current: Status, target: Status) -> bool:
    """Whether the chairman may move a question from `current` to `target`."""
    return target in MOVES[current]


def is_public(status: Status | str) -> bool:
    return Status(status) in PUBLIC


def can_merge_into(target_status: Status | str) -> bool:
    """A duplicate joins a question that is still live (not rejected, not itself merged)."""
    return Status(target_status) not in (Status.REJECTED, Status.MERGED)
