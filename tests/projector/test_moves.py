"""The question state machine over every state × every move, without a server."""
from __future__ import annotations

import itertools

import pytest

from projector.moves import MOVES, OUTCOMES, PUBLIC, Status, can_merge_into, can_move, is_public, parse_status

ALLOWED = {
    (Status.PENDING, Status.APPROVED), (Status.PENDING, Status.REJECTED), (Status.PENDING, Status.MERGED),
    (Status.APPROVED, Status.ON_SCREEN), (Status.APPROVED, Status.REJECTED), (Status.APPROVED, Status.MERGED),
    # Out of scope, or not reached when the meeting closes: a written reply or a referral from the queue.
    (Status.PENDING, Status.WRITTEN_REPLY), (Status.PENDING, Status.REFERRED),
    (Status.APPROVED, Status.WRITTEN_REPLY), (Status.APPROVED, Status.REFERRED),
    (Status.ON_SCREEN, Status.ANSWERED), (Status.ON_SCREEN, Status.WRITTEN_REPLY), (Status.ON_SCREEN, Status.REFERRED),
    (Status.ON_SCREEN, Status.RESOLVING), (Status.ON_SCREEN, Status.APPROVED),
    (Status.ANSWERED, Status.APPROVED), (Status.WRITTEN_REPLY, Status.APPROVED), (Status.REFERRED, Status.APPROVED),
    (Status.RESOLVING, Status.APPROVED),
    (Status.REJECTED, Status.APPROVED), (Status.MERGED, Status.APPROVED),
}


@pytest.mark.parametrize("current,target", list(itertools.product(Status, Status)))
def test_every_state_by_every_move(current, target):
    assert can_move(current, target) is ((current, target) in ALLOWED)


def test_nothing_goes_back_to_pending_and_outcomes_need_the_screen():
    """Answered and resolving happen in the hall, on screen; a written reply or a referral
    may also be decided from the queue (out of scope, or not reached at the close)."""
    assert all(Status.PENDING not in targets for targets in MOVES.values())
    for outcome in (Status.ANSWERED, Status.RESOLVING):
        assert [s for s in Status if can_move(s, outcome)] == [Status.ON_SCREEN]
    for outcome in (Status.WRITTEN_REPLY, Status.REFERRED):
        assert [s for s in Status if can_move(s, outcome)] == [Status.PENDING, Status.APPROVED, Status.ON_SCREEN]


def test_public_states_never_include_pending_rejected_or_merged():
    assert not is_public("pending") and not is_public("rejected") and not is_public("merged")
    assert set(PUBLIC) == {Status.APPROVED, Status.ON_SCREEN, *OUTCOMES}


@pytest.mark.parametrize("value,expected", [("approved", Status.APPROVED), ("APPROVED", None), ("", None), (None, None), (3, None), (["approved"], None)])
def test_parse_status(value, expected):
    assert parse_status(value) is expected


def test_merge_targets():
    assert can_merge_into("approved") and can_merge_into("pending") and can_merge_into("answered")
    assert not can_merge_into("rejected") and not can_merge_into("merged")
