"""The results report (báo cáo kết quả) as Word, a document the ward signs as it comes out
(Decree 30/2020/NĐ-CP, the report's form): its own number …/BC-UBND and issue date, the
meeting, its results, the secretary's assessment and proposals, then "Nơi nhận" at the bottom
left and the People's Committee's signature at the right, kept with the closing line."""
from __future__ import annotations

import io
from typing import Any

from docx.shared import Pt

from projector.vocabulary import Status

from .data import Record, accounting, decree30_date, outcome_line, vi
from .docx_layout import (DOTS, closing, header, heading, new_document, para, shorten, sign, signature_table, text_block,
                          title)
from .notes import person_name, signer_lines

TEXT_CAP = 400  # a question's text in the listing (cut at a word, never mid-word)


def _subject(conference_title: str) -> str:
    return vi("Kết quả %(t)s", t=conference_title[:1].lower() + conference_title[1:])


def recipients_block(cell: Any, recipients: list[str]) -> None:
    """'Nơi nhận:' (bold italic 12) and one line each (11): ';' after each, '.' after the last."""
    first = cell.paragraphs[0]
    run = first.add_run(vi("Nơi nhận:"))
    run.bold = run.italic = True
    run.font.size = Pt(12)
    first.paragraph_format.space_after = Pt(0)
    labels = [r.strip().rstrip(";.").strip() for r in recipients if r.strip().rstrip(";.").strip()]
    for index, label in enumerate(labels):
        end = "." if index == len(labels) - 1 else ";"
        para(cell, f"- {label}{end}", size=11).paragraph_format.space_after = Pt(0)


def _outcome(question: dict[str, Any]) -> str:
    if question["status"] == Status.MERGED:
        return vi("gộp vào câu khác cùng nội dung")
    if question["status"] == Status.REJECTED:
        return vi("không đưa ra hội nghị (%(r)s)", r=question["reject_reason"] or DOTS)
    if question["status"] in (Status.PENDING, Status.APPROVED, Status.ON_SCREEN):
        return vi("chưa xử lý")
    return outcome_line(question)


def by_field(record: Record) -> list[tuple[str, list[dict[str, Any]]]]:
    """Every question received, grouped by its field (lĩnh vực), the fields in the order first met."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for question in record.questions:
        groups.setdefault(question["topic_name"] or vi("Lĩnh vực khác"), []).append(question)
    return list(groups.items())


def report(record: Record) -> bytes:
    """Báo cáo kết quả hội nghị đối thoại, to the bodies named in "Nơi nhận"."""
    conference, notes = record.conference, record.notes
    document = new_document()
    header(document, record, "BC", notes.get("report_number"), notes.get("report_issued_on"))
    title(document, "BÁO CÁO", _subject(conference["title"]))
    heading(document, vi("1. Thời gian, địa điểm, thành phần"))
    para(document, vi("Hội nghị tổ chức vào %(d)s tại %(v)s; %(p)d đại biểu có mặt trên %(i)d đại biểu được mời.",
                      d=decree30_date(conference["held_on"]), v=conference.get("venue") or DOTS,
                      p=record.summary["present"], i=sum(c["invited"] for c in record.categories)), indent=True)
    heading(document, vi("2. Kết quả đối thoại"))
    para(document, accounting(record), indent=True)
    para(document, vi("a) Các ý kiến, kiến nghị theo lĩnh vực"), italic=True)
    for topic, questions in by_field(record):
        para(document, vi("%(f)s (%(n)d ý kiến):", f=topic, n=len(questions)), bold=True, indent=True)
        for question in questions:
            para(document, vi("- Câu %(n)d: %(text)s — %(outcome)s.", n=question["number"],
                              text=shorten(question["text"], TEXT_CAP), outcome=_outcome(question)), indent=True)
    para(document, vi("b) Các nội dung Chủ tịch UBND phường chỉ đạo giải quyết sau hội nghị"), italic=True)
    if record.follow_up:
        for question in record.follow_up:
            para(document, vi("- Câu %(n)d: %(outcome)s.", n=question["number"], outcome=outcome_line(question)),
                 indent=True)
    else:
        para(document, vi("Không có."), indent=True)
    heading(document, vi("3. Đánh giá chung"))
    text_block(document, notes.get("assessment"))
    heading(document, vi("4. Kiến nghị, đề xuất"))
    proposals = text_block(document, notes.get("proposals"))
    subject = _subject(conference["title"])
    closing(document, vi("Trên đây là báo cáo %(s)s./.", s=subject[:1].lower() + subject[1:]), after=proposals[-1])
    left, right = signature_table(document, (80, 85))
    recipients_block(left, record.recipients)
    signer = notes.get("signer_title") or "chairman"
    name = notes.get("signer_name") or ""
    if not name and signer == "chairman":
        name = notes.get("chair_name") or person_name(conference.get("chair"))
    sign(right, signer_lines(signer), name)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
