"""The door's decision for one scanned text: no Flask, no database, tested directly."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import Enum
from typing import Any

from office.codes import CODE_PREFIX, SHORT_ALPHABET, SHORT_LENGTH  # reading.js is checked against these

MAX_SCAN = 200  # a card's text is 36 characters; anything far longer is not ours
_CODE_BODY = re.compile(r"[A-Z2-7]{32}")
_EDGES = re.compile(r"^[\s\x00-\x1f\x7f\u200b-\u200f\ufeff]+|[\s\x00-\x1f\x7f\u200b-\u200f\ufeff]+$")
_SEPARATORS = re.compile(r"[\s\-_.]")
_SHORT_SHAPE = re.compile(f"[A-Z0-9]{{{SHORT_LENGTH}}}")
# Read alike: the short alphabet has none of these, so a card misread either way is answered
# "no such code" the same way (and gives one key, one digest).
_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})


class Outcome(str, Enum):
    """Every answer the contract gives a kiosk."""

    CHECKED_IN = "checked_in"
    ALREADY_CHECKED_IN = "already_checked_in"
    NOT_AN_INVITATION = "not_an_invitation"
    UNKNOWN_INVITATION = "unknown_invitation"
    REVOKED = "revoked"
    WRONG_CONFERENCE = "wrong_conference"

    @property
    def admitted(self) -> bool:
        return self is Outcome.CHECKED_IN

    @property
    def status(self) -> int:
        return {Outcome.CHECKED_IN: 201, Outcome.ALREADY_CHECKED_IN: 200}.get(self, 422)


@dataclass(frozen=True)
class Scan:
    """What a scanned or typed text is: our full code, our short code, or neither."""

    kind: str | None  # "code" | "short" | "forged" | "keyboard" | None
    value: str = ""

    @property
    def looks_like_ours(self) -> bool:
        return self.kind in ("code", "short")


def read_scan(raw: Any) -> Scan:
    """Normalise what a scanner or a person sent.

    Scanners add CR, LF or Tab; people type the short code in lower case with a dash or a
    space. A number from a JSON body is read as the digits it is.

    A short code is any eight ASCII letters or digits once the separators are gone, with O
    read as 0 and I, L as 1: well formed, so a code that is not ours is answered "no such
    code" (`unknown_invitation`), never "not an invitation". Only the alphabet's codes
    (`office.codes.SHORT_ALPHABET`) can be ours.
    """
    if isinstance(raw, bool) or raw is None:
        return Scan(None)
    if isinstance(raw, int):
        raw = str(raw)
    elif isinstance(raw, float):
        raw = str(int(raw)) if raw.is_integer() else str(raw)
    if not isinstance(raw, str):
        return Scan(None)
    text = _EDGES.sub("", raw)
    if not text or len(text) > MAX_SCAN:
        return Scan(None)
    upper = text.upper()
    if _typed_in_vietnamese(upper):
        return Scan("keyboard", upper)
    if upper.startswith(CODE_PREFIX):
        body = upper[len(CODE_PREFIX):]
        # Our prefix with a body of the wrong shape: a damaged or forged card.
        return Scan("code", CODE_PREFIX + body) if _CODE_BODY.fullmatch(body) else Scan("forged", upper)
    compact = _SEPARATORS.sub("", upper)
    if _SHORT_SHAPE.fullmatch(compact):
        return Scan("short", compact.translate(_LOOKALIKES))
    return Scan(None)


def _typed_in_vietnamese(upper: str) -> bool:
    """A card read through a Vietnamese keyboard (Unikey's Telex on the door's laptop): the
    scanner's keys came out as Vietnamese letters ("AA" as "Â", "DD" as "Đ", "S" after a vowel
    as its tone), so the text reads as our code only once its marks are gone. Not a card to
    look up (which letters were pressed cannot be told back), but the door is told why."""
    if upper.isascii():
        return False
    bare = "".join(ch for ch in unicodedata.normalize("NFD", upper) if not unicodedata.combining(ch))
    bare = bare.replace("Đ", "D")
    if not bare.isascii():  # something else than Vietnamese letters (a zero-width space, a symbol)
        return False
    if bare.startswith(CODE_PREFIX):
        return True
    # A short code: Telex joins letters ("AA" → "Â"), so five to eight of the alphabet's, with a
    # digit in them (a name typed here has none; nearly every short code has one).
    compact = _SEPARATORS.sub("", bare)
    return (5 <= len(compact) <= SHORT_LENGTH and all(ch in SHORT_ALPHABET for ch in compact)
            and any(ch.isdigit() for ch in compact))


def decide(
    scan: Scan,
    invitation: dict[str, Any] | None,
    conference_id: int,
    admission: dict[str, Any] | None,
) -> Outcome:
    """What the kiosk shows: `invitation` is the stored card the scan names (None when no
    card has that code), `admission` the person's current check-in (None when not in)."""
    if scan.kind in (None, "keyboard"):
        return Outcome.NOT_AN_INVITATION
    if invitation is None:
        return Outcome.UNKNOWN_INVITATION
    if invitation["conference_id"] != conference_id:
        return Outcome.WRONG_CONFERENCE
    if invitation.get("revoked_at") or invitation.get("removed_at"):
        return Outcome.REVOKED
    if admission is not None:
        return Outcome.ALREADY_CHECKED_IN
    return Outcome.CHECKED_IN
