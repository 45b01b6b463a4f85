"""The plan's announcement rule: the conference's content, time and place announced widely
(Đài truyền thanh phường, the ward's website…) at least seven days before it. The date and
the channel are what the office records once the announcement is made; neither has a
default, so a conference nobody announced is never taken for an announced one."""
from __future__ import annotations

from datetime import date
from typing import Any

from conference.i18n import _, ngettext

NOTICE_DAYS = 7
MAX_CHANNEL = 200


def announcement_warning(conference: dict[str, Any]) -> str | None:
    """What is missing or late in the announcement, in one or two sentences; None when the
    date is at least seven days before the conference and the channel is written."""
    held_on, announced_on = conference.get("held_on"), conference.get("announced_on")
    if not held_on:
        return None
    problems = []
    if not announced_on:
        problems.append(_("Chưa có ngày thông báo. Kế hoạch yêu cầu thông báo chậm nhất 7 ngày trước hội nghị."))
    else:
        days = (date.fromisoformat(held_on) - date.fromisoformat(announced_on)).days
        if days < 0:
            problems.append(_(
                "Ngày thông báo sau ngày hội nghị; kế hoạch yêu cầu thông báo chậm nhất 7 ngày trước."))
        elif days < NOTICE_DAYS:
            problems.append(ngettext(
                "Ngày thông báo chỉ trước hội nghị %(d)d ngày; kế hoạch yêu cầu thông báo "
                "chậm nhất 7 ngày trước.",
                "Ngày thông báo chỉ trước hội nghị %(d)d ngày; kế hoạch yêu cầu thông báo "
                "chậm nhất 7 ngày trước.", days, d=days,
            ))
    if not (conference.get("announcement_channel") or "").strip():
        problems.append(_(
            "Chưa ghi hình thức thông báo (ví dụ: Đài truyền thanh phường, trang thông tin điện tử phường)."))
    return " ".join(problems) or None
