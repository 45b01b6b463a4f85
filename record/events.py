"""Socket.IO events of the record, emitted after the write commits.

- a follow-up change is a question change like any other: `question` to `moderator` (a
  second secretary's screen stays current), and to the public rooms only what they may see
  (the room's `events.question_changed` decides); the projector's screen is not touched.
"""
from __future__ import annotations

from typing import Any

from projector.events import question_changed


def followup_changed(question: dict[str, Any]) -> None:
    """After a follow-up write commits: the question to the rooms allowed to see it."""
    question_changed([question], screen_too=False)
