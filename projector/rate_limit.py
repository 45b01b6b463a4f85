"""Who may send a question now: submissions open, and a phone (and its LAN address) under
the rate limits — 3 a minute and 20 an hour per phone, 10 a minute per address, for
clients that drop their cookie. Answered 403 while paused or closed, 429 past a limit.
Interest votes: one per phone and question, and 30 a minute per address (a fresh cookie
for each vote does not multiply them)."""
from __future__ import annotations

from datetime import timedelta

from sqlite_utils import Database

from conference import clock, store
from conference.errors import Refusal
from conference.i18n import _, ngettext

RATE = ((timedelta(minutes=1), 3), (timedelta(hours=1), 20))  # per phone
RATE_PER_ADDRESS = (timedelta(minutes=1), 10)  # per LAN address
VOTES_PER_ADDRESS = (timedelta(minutes=1), 30)


def phone_may_send(database: Database, conference_id: int, device: str, address: str) -> None:
    """Raise a Refusal unless this phone may send a question now."""
    submissions = store.room_get(database, conference_id)["submissions"]
    if submissions != "open":
        message = (_("Chủ trì đang tạm dừng nhận câu hỏi. Xin chờ một lát.") if submissions == "paused"
                   else _("Hội nghị đã ngừng nhận câu hỏi."))
        raise Refusal(403, f"submissions_{submissions}", message)
    for window, limit in RATE:
        if store.submissions_since(database, "device", device, clock.ago(window)) >= limit:
            raise Refusal(429, "too_many", ngettext(
                "Bạn đã gửi %(n)d câu hỏi trong %(w)s. Xin chờ một lát rồi gửi tiếp.",
                "Bạn đã gửi %(n)d câu hỏi trong %(w)s. Xin chờ một lát rồi gửi tiếp.", limit,
                n=limit, w=_("1 phút") if window <= timedelta(minutes=1) else _("1 giờ")))
    window, limit = RATE_PER_ADDRESS
    if address and store.submissions_since(database, "ip", address, clock.ago(window)) >= limit:
        raise Refusal(429, "too_many", _("Máy này gửi quá nhiều câu hỏi. Xin chờ một lát rồi gửi tiếp."))


def address_may_vote(database: Database, address: str) -> None:
    """Raise a Refusal when this LAN address has given too many votes this minute."""
    window, limit = VOTES_PER_ADDRESS
    if address and store.votes_since(database, address, clock.ago(window)) >= limit:
        raise Refusal(429, "too_many", _("Máy này bày tỏ quan tâm quá nhiều lần. Xin chờ một lát."))
