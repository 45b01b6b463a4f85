"""The words for a question's life, one table: its statuses, which of them are outcomes,
which are done, which the public may see, and how each is named — on the staff's pages
(short, translated) and in the record the ward signs (the official wording, Vietnamese
whatever the page's language). Pages get these from the server, never from a copy.
"""
from __future__ import annotations

from enum import Enum
from typing import NamedTuple

from conference.i18n import N_, _


class Status(str, Enum):
    PENDING = "pending"
    APPROVED = "approved"
    ON_SCREEN = "on_screen"
    ANSWERED = "answered"
    RESOLVING = "resolving"  # the plan's "tiếp nhận, xem xét, chỉ đạo giải quyết": someone in charge, a date
    WRITTEN_REPLY = "written_reply"
    REFERRED = "referred"
    REJECTED = "rejected"
    MERGED = "merged"


OUTCOMES = (Status.ANSWERED, Status.RESOLVING, Status.WRITTEN_REPLY, Status.REFERRED)
DONE = OUTCOMES + (Status.REJECTED, Status.MERGED)
# What phones and the projector may see: never a question the chairman has not approved.
PUBLIC = (Status.APPROVED, Status.ON_SCREEN) + OUTCOMES
# Still to follow up after the meeting: someone owes the asker a resolution or a reply.
FOLLOW_UP = (Status.RESOLVING, Status.WRITTEN_REPLY, Status.REFERRED)
# Every question received ends in exactly one of these (the record counts each).
ACCOUNTED = OUTCOMES + (Status.REJECTED, Status.MERGED)
# Not yet decided: closing the meeting turns these into written replies.
UNDECIDED = (Status.PENDING, Status.APPROVED, Status.ON_SCREEN)
# Taken up at the meeting: numbered in the minutes in the order they were shown.
TAKEN_UP = (Status.ON_SCREEN,) + OUTCOMES


class Label(NamedTuple):
    page: str  # the staff's pages, translated
    phone: str  # the asker's phone, translated: words for a resident
    record: str  # the minutes, the report and the spreadsheets


LABELS: dict[Status, Label] = {
    Status.PENDING: Label(N_("chờ duyệt"), N_("chờ chủ trì duyệt"), "Chưa duyệt"),
    Status.APPROVED: Label(N_("trong hàng đợi"), N_("trong hàng đợi"), "Chưa được trả lời tại hội nghị"),
    Status.ON_SCREEN: Label(N_("đang trên màn hình"), N_("đang được trả lời"), "Chưa được trả lời tại hội nghị"),
    Status.ANSWERED: Label(N_("đã trả lời"), N_("đã trả lời"), "Đã trả lời tại hội nghị"),
    Status.RESOLVING: Label(N_("tiếp thu, chỉ đạo giải quyết"), N_("được tiếp thu, chỉ đạo giải quyết"),
                            "Tiếp thu, chỉ đạo giải quyết"),
    Status.WRITTEN_REPLY: Label(N_("trả lời bằng văn bản"), N_("sẽ trả lời bằng văn bản"), "Trả lời bằng văn bản"),
    Status.REFERRED: Label(N_("hướng dẫn chuyển cơ quan có thẩm quyền"), N_("hướng dẫn chuyển cơ quan có thẩm quyền"),
                           "Hướng dẫn chuyển cơ quan có thẩm quyền"),
    Status.REJECTED: Label(N_("không đưa ra hội nghị"), N_("không đưa ra hội nghị"),
                           "Không đưa ra hội nghị (rút lại hoặc không thuộc nội dung đối thoại)"),
    Status.MERGED: Label(N_("đã gộp vào câu hỏi khác"), N_("đã gộp với câu hỏi trùng"), "Gộp vào câu hỏi khác"),
}


def parse_status(value: object) -> Status | None:
    if not isinstance(value, str):
        return None
    try:
        return Status(value)
    except ValueError:
        return None


def is_public(status: Status | str) -> bool:
    return Status(status) in PUBLIC


def is_done(status: Status | str) -> bool:
    return Status(status) in DONE


def record_label(status: Status | str) -> str:
    return LABELS[Status(status)].record


def for_pages() -> dict[str, object]:
    """What a page needs to know of the vocabulary (translated labels, the done statuses)."""
    return {
        "labels": {s.value: _(label.page) for s, label in LABELS.items()},
        "phone_labels": {s.value: _(label.phone) for s, label in LABELS.items()},
        "done": [s.value for s in DONE],
    }


class FollowUpState(str, Enum):
    """Where a commitment made at the meeting stands (a resolution, a written reply, a referral)."""
    DONE = "done"
    IN_PROGRESS = "in_progress"
    OVERDUE = "overdue"


FOLLOW_UP_LABELS: dict[FollowUpState, str] = {
    FollowUpState.DONE: N_("đã thực hiện xong"),
    FollowUpState.IN_PROGRESS: N_("đang thực hiện"),
    FollowUpState.OVERDUE: N_("quá hạn"),
}


def follow_up_state(question: dict[str, object], today: str) -> FollowUpState | None:
    """Done once its date is recorded; overdue past its due date (ISO `today`); else in
    progress. None for a question that owes nothing after the meeting."""
    if question.get("status") not in {s.value for s in FOLLOW_UP}:
        return None
    if question.get("followup_done_on"):
        return FollowUpState.DONE
    due = question.get("reply_due")
    if isinstance(due, str) and due and due < today:
        return FollowUpState.OVERDUE
    return FollowUpState.IN_PROGRESS
