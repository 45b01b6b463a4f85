"""The plan's announcement rule: a conference is announced at least seven days ahead."""
from __future__ import annotations

from datetime import date
from typing import Any

from conference.i18n import _

NOTICE_DAYS = 7


def announcement_warning(conference: dict[str, Any]) -> str | None:
    """The plan: announce at least seven days before the conference."""
    held_on, announced_on = conference.get("held_on"), conference.get("announced_on")
    if not held_on:
        return None
    if not announced_on:
        return _("Chưa có ngày thông báo. Kế hoạch yêu cầu thông báo chậm nhất 7 ngày trước hội nghị.")
    days = (date.fromisoformat(held_on) - date.fromisoformat(announced_on)).days
    if days < NOTICE_DAYS:
        return _(
            "Ngày thông báo chỉ trước hội nghị %(d)d ngày; kế hoạch yêu cầu thông báo "
            "chậm nhất 7 ngày trước.", d=days,
        )
    return None
