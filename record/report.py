"""The results report (báo cáo kết quả) to the higher level, as Word."""
from __future__ import annotations

import io

from docx.enum.text import WD_ALIGN_PARAGRAPH

from projector.vocabulary import Status

from .data import Record, outcome_line, vi, vn_date
from .docx_layout import DOTS, header, new_document, para


def report(record: Record) -> bytes:
    """Báo cáo kết quả hội nghị đối thoại, to the district before its council's session."""
    conference, notes = record.conference, record.notes
    document = new_document()
    header(document, record, "BC")
    para(document)
    para(document, "BÁO CÁO", bold=True, size=15, align=WD_ALIGN_PARAGRAPH.CENTER)
    para(document, vi("Kết quả %(t)s", t=conference["title"][:1].lower() + conference["title"][1:]), bold=True,
          align=WD_ALIGN_PARAGRAPH.CENTER)
    para(document, vi("Kính gửi: %(r)s.", r="; ".join(r for r in record.recipients if not r.startswith("Lưu"))),
          align=WD_ALIGN_PARAGRAPH.CENTER)
    para(document, vi("1. Thời gian, địa điểm, thành phần"), bold=True)
    para(document, vi("Hội nghị tổ chức ngày %(d)s tại %(v)s; %(p)d đại biểu có mặt trên %(i)d đại biểu được mời.",
                      d=vn_date(conference["held_on"]), v=conference.get("venue") or DOTS, p=record.summary["present"],
                      i=sum(c["invited"] for c in record.categories)), indent=True)
    para(document, vi("2. Kết quả đối thoại"), bold=True)
    counts = record.counts
    para(document, vi(
        "Hội nghị nhận %(t)d ý kiến, kiến nghị; trả lời tại hội nghị %(a)d; trả lời bằng văn bản %(w)d; "
        "hướng dẫn chuyển cơ quan có thẩm quyền %(r)d.", t=counts["total"], a=counts["answered"],
        w=counts["written_reply"], r=counts["referred"]), indent=True)
    for question in record.taken_up:
        para(document, vi("- Câu %(n)d (%(topic)s): %(text)s — %(outcome)s.", n=question["number"],
                          topic=question["topic_name"] or vi("khác"), text=question["text"][:400],
                          outcome=outcome_line(question) if question["status"] != Status.ON_SCREEN else DOTS), indent=True)
    para(document, vi("3. Kiến nghị, đề xuất"), bold=True)
    para(document, notes.get("other_notes") or DOTS, indent=True)
    if record.report_due:
        para(document, vi("(Báo cáo gửi trước ngày %(d)s, bảy ngày trước kỳ họp thường kỳ của HĐND quận ngày %(s)s.)",
                          d=vn_date(record.report_due), s=vn_date(notes.get("council_session_on"))), italic=True, size=12)
    para(document)
    table = document.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    left.paragraphs[0].add_run(vi("Nơi nhận:")).bold = True
    for recipient in record.recipients:
        para(left, f"- {recipient};", size=11)
    top = right.paragraphs[0]
    top.alignment = WD_ALIGN_PARAGRAPH.CENTER
    top.add_run(vi("CHỦ TỊCH")).bold = True
    for _blank in range(4):
        right.add_paragraph()
    para(right, notes.get("chair_name") or conference.get("chair") or DOTS, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
