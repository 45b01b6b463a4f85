"""Translations: Vietnamese is the source language, English the second (Flask-Babel)."""
from __future__ import annotations

from flask import has_request_context, request
from flask_babel import gettext, lazy_gettext, ngettext

LANGUAGES = ("vi", "en")

# `_` translates now; `N_` only marks a string for the catalog, to be translated later.
_ = gettext
L_ = lazy_gettext
__all__ = ["_", "L_", "N_", "ngettext", "number", "select_locale", "LANGUAGES"]  # ngettext(one, other, n, n=n)


def N_(message: str) -> str:
    return message


def select_locale() -> str:
    """?lang= wins, then the `lang` cookie the language switch sets, then Vietnamese."""
    if not has_request_context():
        return "vi"
    wanted = request.args.get("lang") or request.cookies.get("lang")
    return wanted if wanted in LANGUAGES else "vi"


def number(n: int) -> str:
    """A whole number as its reader writes it: 1.000 in Vietnamese, 1,000 in English."""
    grouped = f"{n:,}"
    return grouped if select_locale() == "en" else grouped.replace(",", ".")
