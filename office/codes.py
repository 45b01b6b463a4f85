"""Invitation codes: what the QR holds and the short code typed by hand. No Flask here.

The QR holds CODE_PREFIX and 32 base32 characters (160 random bits), all in QR's compact
alphanumeric set; the short code avoids characters people confuse (0/O, 1/I/L, 2/Z, 5/S, 8/B).
"""
from __future__ import annotations

import base64
import secrets

CODE_PREFIX = "DT1-"
SHORT_ALPHABET = "ACDEFHJKMNPRTUVWXY34679"
SHORT_LENGTH = 8


def new_code() -> str:
    return CODE_PREFIX + base64.b32encode(secrets.token_bytes(20)).decode()


def new_short_code() -> str:
    number = secrets.randbelow(len(SHORT_ALPHABET) ** SHORT_LENGTH)
    out = []
    for _ in range(SHORT_LENGTH):
        number, digit = divmod(number, len(SHORT_ALPHABET))
        out.append(SHORT_ALPHABET[digit])
    return "".join(out)


def new_codes(count: int) -> list[tuple[str, str]]:
    """`count` fresh (code, short code) pairs, no short code twice among them. Pure work, no
    database: a long roster's codes are made off the event loop, before its transaction."""
    shorts: set[str] = set()
    while len(shorts) < count:
        shorts.add(new_short_code())
    return [(new_code(), short) for short in shorts]


def format_short_code(short: str) -> str:
    """How it is printed: two groups of four."""
    return f"{short[:4]}-{short[4:]}" if short else ""
