"""What the kiosk's offline copy holds instead of invitation codes: keyed digests. No Flask.

A lost tablet must not give away the cards, yet the kiosk must recognise a scan while the
server does not answer. So a kiosk's `GET /api/invitees` carries, for each invitation,
HMAC-SHA256 digests of its code and its short code, under a key for this conference that
only the server can make (from the app's secret key); the kiosk page gets that key, digests
what it reads (static/js/kiosk/digest.js, the same function: tests/cases/digests.json) and
compares digests.

The key is on the tablet, so a digest is only as strong as what it hides. The code's 160
random bits are out of reach whatever the digest's length. The short code is not: 23⁸
(7.8 × 10¹⁰) of them can all be tried with the key in hand. Its digest is therefore cut to
24 bits, so that each digest fits some 4,700 short codes and the copy does not tell which
one is on the card; a wrong short code typed at the door then matches someone in a hall of
150 about once in 100,000 tries, and two people sharing a digest are sent to the server or to
the search by name (the kiosk admits offline only on a single match).
"""
from __future__ import annotations

import hashlib
import hmac
from typing import Any

CODE_DIGEST_HEX = 16  # 64 bits of the code's digest: more than enough to tell 150 cards apart
SHORT_DIGEST_HEX = 6  # 24 bits, on purpose: see above
LENGTHS = {"code": CODE_DIGEST_HEX, "short": SHORT_DIGEST_HEX}
_KEY_LABEL = "doithoai/kiosk-digest/v1/conference/"


def conference_key(secret: str | bytes, conference_id: int) -> bytes:
    """The conference's digest key: HMAC-SHA256 of a fixed label and the conference's id under
    the app's secret key; another conference, or another server, gives other digests."""
    secret_bytes = secret.encode("utf-8") if isinstance(secret, str) else secret
    return hmac.new(secret_bytes, f"{_KEY_LABEL}{conference_id}".encode(), hashlib.sha256).digest()


def digest(key: bytes, kind: str, value: str) -> str:
    """The digest of a scan as `kiosk.checkin.read_scan` reads it: `kind` "code" or "short",
    `value` its normalised text (upper case, no separators; in a short code O read as 0 and
    I, L as 1, so a card misread either way gives one digest); truncated hex."""
    full = hmac.new(key, value.encode("utf-8"), hashlib.sha256).hexdigest()
    return full[:LENGTHS[kind]]


def without_codes(invitee: dict[str, Any], key: bytes) -> dict[str, Any]:
    """An invitee as a kiosk gets it: `code` and `short_code` replaced by their digests."""
    out = {k: v for k, v in invitee.items() if k not in ("code", "short_code")}
    out["code_digest"] = digest(key, "code", invitee["code"]) if invitee.get("code") else None
    out["short_digest"] = digest(key, "short", invitee["short_code"]) if invitee.get("short_code") else None
    return out
