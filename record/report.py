"""The results report (báo cáo kết quả) as Word, a document the ward signs as it comes out
(Decree 30/2020/NĐ-CP, the report's form): its own number …/BC-UBND and issue date, the
meeting, its results, the secretary's assessment and proposals, then "Nơi nhận" at the bottom
left and the People's Committee's signature at the right, kept with the closing line."""
from __future__ import annotations

import io
from typing import Any

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt

from projector.vocabulary import Status

from .data import Record, accounting, decree30_date, not_discussed, outcome_line, vi, with_walk_ins
from .docx_layout import (DOTS, TEXT_WIDTH, closing, header, heading, keep_with_next, new_document, para, shorten, sign,
                          signature_table, text_block, title)
from .notes import document_number, person_name, signer_lines
from .results import by_field as _by_field

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


def _outcome(question: dict[str, Any], numbers: dict[int, int]) -> str:
    """After the dash, written as the others are (a capital, no full stop of its own: the
    line's own ends it, also after a reason that ended with one)."""
    if question["status"] == Status.MERGED:
        return vi("Gộp vào Câu %(n)s cùng nội dung", n=numbers.get(question["merged_into"], DOTS))
    if question["status"] == Status.REJECTED:
        return vi("Không đưa ra hội nghị (%(r)s)", r=(question["reject_reason"] or DOTS).rstrip(" .;"))
    if question["status"] in (Status.PENDING, Status.APPROVED, Status.ON_SCREEN):
        return vi("Chưa xử lý")
    return outcome_line(question)


def by_field(record: Record) -> list[tuple[str, list[dict[str, Any]]]]:
    """Every question received, grouped by its field (lĩnh vực), the fields in the order first met."""
    return _by_field(record.questions, vi("Lĩnh vực khác"))


def charts_annex(document: Any, record: Record, pictures: list[tuple[str, bytes]]) -> None:
    """The charts after the signed text, as an annex on a page of its own ("Phụ lục … Kèm theo
    Báo cáo số …"): each picture as wide as the text, its numbered caption under it and kept
    with it."""
    notes = record.notes
    first = para(document, vi("PHỤ LỤC"), bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    first.paragraph_format.page_break_before = True
    para(document, vi("BIỂU ĐỒ KẾT QUẢ HỘI NGHỊ"), bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    issued = decree30_date(notes.get("report_issued_on")) if notes.get("report_issued_on") else "ngày …/…/…"
    para(document, vi("(Kèm theo Báo cáo số %(n)s %(d)s)", n=document_number(notes.get("report_number"), "BC"),
                      d=issued), italic=True, size=13, align=WD_ALIGN_PARAGRAPH.CENTER)
    for number, (caption, picture) in enumerate(pictures, start=1):
        holder = document.add_paragraph()
        holder.alignment = WD_ALIGN_PARAGRAPH.CENTER
        holder.paragraph_format.space_before = Pt(12)
        holder.add_run().add_picture(io.BytesIO(picture), width=Mm(TEXT_WIDTH))
        keep_with_next(holder)
        para(document, vi("Biểu đồ %(n)d. %(t)s", n=number, t=caption), italic=True, size=13,
             align=WD_ALIGN_PARAGRAPH.CENTER)


def report(record: Record, pictures: list[tuple[str, bytes]] | None = None) -> bytes:
    """Báo cáo kết quả hội nghị đối thoại, to the bodies named in "Nơi nhận"; `pictures`, the
    charts as (caption, PNG), go in an annex after the signature."""
    conference, notes = record.conference, record.notes
    document = new_document()
    header(document, record, "BC", notes.get("report_number"), notes.get("report_issued_on"))
    title(document, "BÁO CÁO", _subject(conference["title"]))
    heading(document, vi("1. Thời gian, địa điểm, thành phần"))
    para(document, vi("Hội nghị tổ chức vào %(d)s tại %(v)s; %(p)d đại biểu có mặt%(w)s trên %(i)d đại biểu được mời.",
                      d=decree30_date(conference["held_on"]), v=conference.get("venue") or DOTS,
                      p=record.present, w=with_walk_ins(record), i=sum(c["invited"] for c in record.categories)),
         indent=True)
    heading(document, vi("2. Kết quả đối thoại"))
    para(document, accounting(record), indent=True)
    keep_with_next(para(document, vi("a) Các ý kiến, kiến nghị theo lĩnh vực"), italic=True))
    numbers = {q["id"]: q["number"] for q in record.questions}
    for topic, questions in by_field(record):
        keep_with_next(para(document, vi("%(f)s (%(n)d ý kiến):", f=topic, n=len(questions)), bold=True, indent=True))
        for question in questions:
            para(document, vi("- Câu %(n)d: %(text)s — %(outcome)s.", n=question["number"],
                              text=shorten(question["text"], TEXT_CAP), outcome=_outcome(question, numbers)), indent=True)
    # What is owed after the meeting, each under what it is: only a matter the chairman accepted
    # for resolution is his direction; a written reply (also one the meeting did not reach, moved
    # there when it ended) and a referral are said as such, never credited to him.
    by = record.by_outcome
    for heading_text, status in (
        (vi("b) Các nội dung Chủ tịch UBND phường tiếp thu, chỉ đạo giải quyết sau hội nghị"), Status.RESOLVING),
        (vi("c) Các ý kiến sẽ trả lời bằng văn bản"), Status.WRITTEN_REPLY),
        (vi("d) Các ý kiến hướng dẫn chuyển cơ quan có thẩm quyền"), Status.REFERRED),
    ):
        keep_with_next(para(document, heading_text, italic=True))
        for question in by[status.value]:
            para(document, vi("- Câu %(n)d: %(outcome)s%(late)s.", n=question["number"], outcome=outcome_line(question),
                              late=not_discussed(question)), indent=True)
        if not by[status.value]:
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
    if pictures:
        charts_annex(document, record, pictures)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
