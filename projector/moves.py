"""The question state machine: which moves the chairman may make, and what each move does
besides the status — as a table, no Flask, no database.

pending → approved → on_screen → answered | resolving | written_reply | referred;
rejected, merged, written_reply and referred also from pending and approved (out of scope,
or not reached when the meeting closes); on_screen back to approved (taken off the screen);
a finished, rejected or merged question reopened to approved. At most one question is on
screen: putting one up sends the one there back to the queue.

`room.change` looks the move up here and applies its `Effects`; it decides nothing itself.
"""
from __future__ import annotations

from dataclasses import dataclass

from .vocabulary import DONE, OUTCOMES, PUBLIC, Status, is_public, parse_status  # noqa: F401 (one import for callers)


@dataclass(frozen=True)
class Effects:
    """What else changes when a question makes this move."""

    closes: bool = False  # it is finished: `closed_at` is now
    reopens: bool = False  # back in play: `closed_at` and `merged_into` cleared
    to_queue_end: bool = False  # it joins the end of the queue
    takes_screen: bool = False  # the question on screen goes back to the queue; the timer resets
    moves_votes: bool = False  # a merge: its phones' interest joins the question it merges into


_CLOSE = Effects(closes=True)
_REOPEN = Effects(reopens=True, to_queue_end=True)

# Decided without the screen, from pending or from the queue alike.
_OFF_SCREEN = {
    Status.REJECTED: _CLOSE,
    Status.MERGED: Effects(closes=True, moves_votes=True),
    Status.WRITTEN_REPLY: _CLOSE,
    Status.REFERRED: _CLOSE,
}

MOVES: dict[Status, dict[Status, Effects]] = {
    Status.PENDING: {Status.APPROVED: Effects(to_queue_end=True), **_OFF_SCREEN},
    Status.APPROVED: {Status.ON_SCREEN: Effects(takes_screen=True), **_OFF_SCREEN},
    Status.ON_SCREEN: {
        Status.APPROVED: Effects(reopens=True),  # taken off the screen, keeps its place
        **{outcome: _CLOSE for outcome in OUTCOMES},
    },
    **{done: {Status.APPROVED: _REOPEN} for done in DONE},
}


def effects(current: Status, target: Status) -> Effects | None:
    """What moving from `current` to `target` does; None when the move is not allowed."""
    return MOVES[current].get(target)


def can_move(current: Status, target: Status) -> bool:
    """Whether the chairman may move a question from `current` to `target`."""
    return target in MOVES[current]


def can_merge_into(target_status: Status | str) -> bool:
    """A duplicate joins a question that is still live (not rejected, not itself merged)."""
    return Status(target_status) not in (Status.REJECTED, Status.MERGED)


def past_due(due: str | None, before: str | None, today: str) -> bool:
    """A due date (resolving, written reply, referral: ISO) newly set before the hall's
    `today`: refused, since nobody can be given a deadline already gone. Today is allowed,
    and a date kept as it was stays allowed after it has passed (the secretary completes a
    question's other fields after the meeting)."""
    return bool(due) and due != before and due < today
