"""The minutes (biên bản) and the results report (báo cáo) as .docx, laid out as Vietnamese
administrative documents are (Decree 30/2020/NĐ-CP): the issuing body and the national motto
side by side, number and place-date line, title, Times New Roman 14, signature blocks."""
from __future__ import annotations

import io
from datetime import date
from typing import Any

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt


from office import attendance
from projector.vocabulary import Status

from .data import Record, asker, outcome_line, vi, vn_date, xml_safe

FONT = "Times New Roman"
DOTS = "……………"


def _document() -> Any:
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(14)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    style.paragraph_format.space_after = Pt(4)
    return document


def _para(container: Any, text: str = "", bold: bool = False, italic: bool = False, size: float | None = None,
          align: Any = None, underline: bool = False, indent: bool = False) -> Any:
    paragraph = container.add_paragraph()
    if text:
        run = paragraph.add_run(xml_safe(text))
        run.bold, run.italic, run.underline = bold, italic, underline
        if size:
            run.font.size = Pt(size)
    if align is not None:
        paragraph.alignment = align
    if indent:
        paragraph.paragraph_format.first_line_indent = Mm(10)
    return paragraph


def _labelled(container: Any, label: str, text: str) -> None:
    paragraph = container.add_paragraph()
    paragraph.paragraph_format.first_line_indent = Mm(10)
    paragraph.add_run(xml_safe(label) + " ").bold = True
    paragraph.add_run(xml_safe(text) if text else DOTS)


def _header(document: Any, record: Record, kind: str) -> None:
    """The issuing body left, the national motto right; number and place-date below them."""
    organization = (record.conference.get("organization") or "UBND phường").upper()
    table = document.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    left, right = table.rows[0].cells
    for column, cell, width in zip(table.columns, (left, right), (Mm(60), Mm(105))):
        column.width = cell.width = width  # Word reads the cells, LibreOffice the grid
    first = left.paragraphs[0]
    first.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = first.add_run(xml_safe(organization))
    run.bold, run.font.size = True, Pt(12)
    number = record.notes.get("document_number") or f"   /{kind}-UBND"
    _para(left, vi("Số: %(n)s", n=number), size=13, align=WD_ALIGN_PARAGRAPH.CENTER)
    motto = right.paragraphs[0]
    motto.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = motto.add_run("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    run.bold, run.font.size = True, Pt(12)
    _para(right, "Độc lập - Tự do - Hạnh phúc", bold=True, underline=True, size=14, align=WD_ALIGN_PARAGRAPH.CENTER)
    day = date.fromisoformat(record.conference["held_on"])
    place = record.notes.get("place") or DOTS
    _para(right, f"{place}, ngày {day.day:02d} tháng {day.month:02d} năm {day.year}", italic=True, size=14,
          align=WD_ALIGN_PARAGRAPH.CENTER)


def _signatures(document: Any, left_title: str, left_name: str, right_title: str, right_name: str) -> None:
    table = document.add_table(rows=1, cols=2)
    for cell, title, name in zip(table.rows[0].cells, (left_title, right_title), (left_name, right_name)):
        top = cell.paragraphs[0]
        top.alignment = WD_ALIGN_PARAGRAPH.CENTER
        top.add_run(xml_safe(title)).bold = True
        _para(cell, vi("(Ký, ghi rõ họ tên)"), italic=True, size=13, align=WD_ALIGN_PARAGRAPH.CENTER)
        for _blank in range(3):
            cell.add_paragraph()
        _para(cell, name or DOTS, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)


def _grid(document: Any, header: list[str], rows: list[list[Any]]) -> None:
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header):
        cell.paragraphs[0].add_run(xml_safe(text)).bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row):
            cell.paragraphs[0].add_run(xml_safe(value))
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(12)


def minutes(record: Record) -> bytes:
    conference, notes, summary = record.conference, record.notes, record.summary
    document = _document()
    _header(document, record, "BB")
    _para(document)
    _para(document, "BIÊN BẢN", bold=True, size=15, align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(document, conference["title"], bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)

    _para(document, vi("I. THỜI GIAN, ĐỊA ĐIỂM"), bold=True)
    opened = notes.get("opened_at") or DOTS
    _para(document, vi("Vào hồi %(t)s, ngày %(d)s, tại %(v)s.", t=opened, d=vn_date(conference["held_on"]),
                      v=conference.get("venue") or DOTS), indent=True)

    _para(document, vi("II. THÀNH PHẦN"), bold=True)
    _labelled(document, vi("Chủ trì:"), notes.get("chair_name") or conference.get("chair") or "")
    _labelled(document, vi("Thư ký:"), notes.get("secretary_name") or "")
    _para(document, vi("Tổng số đại biểu được mời: %(i)d; có mặt: %(p)d.", i=sum(c["invited"] for c in record.categories),
                      p=summary["present"]), indent=True)
    _grid(document, [vi("Thành phần"), vi("Được mời"), vi("Có mặt"), vi("Khách không có giấy mời")],
          [[c["label"], c["invited"], c["present"], c["walk_in"]] for c in record.categories])
    _para(document)
    tdps = [g for g in summary["groups"] if g["kind"] == "tdp"]
    _grid(document, [vi("Tổ dân phố"), vi("Cán bộ TDP có mặt"), vi("Đại diện nhân dân có mặt / chỉ tiêu"), vi("Ghi chú")],
          [[g["name"], f"{g['officers_present']}/{g['officers_invited']}", f"{g['residents_present']}/{g['quota']}",
            vi("chưa đủ %(n)d đại diện", n=attendance.required(g)) if not attendance.meets_minimum(g) else ""] for g in tdps])
    if record.short_groups:
        _para(document, vi("Các tổ dân phố chưa đủ số đại diện nhân dân: %(g)s.",
                          g=", ".join(g["name"] for g in record.short_groups)), italic=True, indent=True)

    _para(document, vi("III. NỘI DUNG"), bold=True)
    _para(document, vi("1. Chương trình hội nghị"), bold=True)
    _para(document, notes.get("programme") or DOTS, indent=True)
    _para(document, vi("2. Tóm tắt báo cáo của Phó Chủ tịch UBND phường"), bold=True)
    _para(document, notes.get("report_summary") or DOTS, indent=True)
    _para(document, vi("3. Ý kiến, kiến nghị của Nhân dân và nội dung trả lời"), bold=True)
    counts = record.counts
    _para(document, vi(
        "Hội nghị nhận %(t)d ý kiến, kiến nghị; trả lời tại hội nghị %(a)d; trả lời bằng văn bản %(w)d; "
        "hướng dẫn chuyển cơ quan có thẩm quyền %(r)d; không đưa ra hội nghị %(x)d; gộp do trùng nội dung %(m)d.",
        t=counts["total"], a=counts["answered"], w=counts["written_reply"], r=counts["referred"],
        x=counts["rejected"], m=counts["merged"]), indent=True)
    for question in record.taken_up:
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.first_line_indent = Mm(10)
        paragraph.add_run(vi("Câu %(n)d. %(who)s: ", n=question["number"], who=xml_safe(asker(question)))).bold = True
        paragraph.add_run(xml_safe(question["text"]))
        _labelled(document, vi("Người trả lời:"), question["responder"])
        _labelled(document, vi("Tóm tắt trả lời:"), question["answer_summary"])
        _labelled(document, vi("Kết luận của chủ trì:"), question["conclusion"])
        _labelled(document, vi("Kết quả:"), outcome_line(question) if question["status"] != Status.ON_SCREEN else "")

    _para(document, vi("IV. CÁC NỘI DUNG TRẢ LỜI BẰNG VĂN BẢN"), bold=True)
    if record.written:
        _grid(document, [vi("Câu"), vi("Nội dung"), vi("Người trả lời"), vi("Hạn trả lời")],
              [[q["number"], q["text"][:300], q["reply_by"] or DOTS, vn_date(q["reply_due"]) or DOTS] for q in record.written])
    else:
        _para(document, vi("Không có."), indent=True)
    _para(document, vi("V. CÁC NỘI DUNG HƯỚNG DẪN CHUYỂN CƠ QUAN CÓ THẨM QUYỀN"), bold=True)
    if record.referred:
        _grid(document, [vi("Câu"), vi("Nội dung"), vi("Chuyển tới")],
              [[q["number"], q["text"][:300], q["referred_to"] or DOTS] for q in record.referred])
    else:
        _para(document, vi("Không có."), indent=True)
    if notes.get("other_notes"):
        _para(document, vi("VI. Ý KIẾN KHÁC"), bold=True)
        _para(document, notes["other_notes"], indent=True)
    _para(document, vi("Hội nghị kết thúc vào hồi %(t)s cùng ngày. Biên bản được lập xong và thông qua tại hội nghị.",
                      t=notes.get("closed_at") or DOTS), indent=True)
    _para(document)
    _signatures(document, vi("THƯ KÝ"), notes.get("secretary_name") or "", vi("CHỦ TRÌ"),
                notes.get("chair_name") or conference.get("chair") or "")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def report(record: Record) -> bytes:
    """Báo cáo kết quả hội nghị đối thoại, to the district before its council's session."""
    conference, notes = record.conference, record.notes
    document = _document()
    _header(document, record, "BC")
    _para(document)
    _para(document, "BÁO CÁO", bold=True, size=15, align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(document, vi("Kết quả %(t)s", t=conference["title"][:1].lower() + conference["title"][1:]), bold=True,
          align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(document, vi("Kính gửi: %(r)s.", r="; ".join(r for r in record.recipients if not r.startswith("Lưu"))),
          align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(document, vi("1. Thời gian, địa điểm, thành phần"), bold=True)
    _para(document, vi("Hội nghị tổ chức ngày %(d)s tại %(v)s; %(p)d đại biểu có mặt trên %(i)d đại biểu được mời.",
                      d=vn_date(conference["held_on"]), v=conference.get("venue") or DOTS, p=record.summary["present"],
                      i=sum(c["invited"] for c in record.categories)), indent=True)
    _para(document, vi("2. Kết quả đối thoại"), bold=True)
    counts = record.counts
    _para(document, vi(
        "Hội nghị nhận %(t)d ý kiến, kiến nghị; trả lời tại hội nghị %(a)d; trả lời bằng văn bản %(w)d; "
        "hướng dẫn chuyển cơ quan có thẩm quyền %(r)d.", t=counts["total"], a=counts["answered"],
        w=counts["written_reply"], r=counts["referred"]), indent=True)
    for question in record.taken_up:
        _para(document, vi("- Câu %(n)d (%(topic)s): %(text)s — %(outcome)s.", n=question["number"],
                          topic=question["topic_name"] or vi("khác"), text=question["text"][:400],
                          outcome=outcome_line(question) if question["status"] != Status.ON_SCREEN else DOTS), indent=True)
    _para(document, vi("3. Kiến nghị, đề xuất"), bold=True)
    _para(document, notes.get("other_notes") or DOTS, indent=True)
    if record.report_due:
        _para(document, vi("(Báo cáo gửi trước ngày %(d)s, bảy ngày trước kỳ họp thường kỳ của HĐND quận ngày %(s)s.)",
                          d=vn_date(record.report_due), s=vn_date(notes.get("council_session_on"))), italic=True, size=12)
    _para(document)
    table = document.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    left.paragraphs[0].add_run(vi("Nơi nhận:")).bold = True
    for recipient in record.recipients:
        _para(left, f"- {recipient};", size=11)
    top = right.paragraphs[0]
    top.alignment = WD_ALIGN_PARAGRAPH.CENTER
    top.add_run(vi("CHỦ TỊCH")).bold = True
    for _blank in range(4):
        right.add_paragraph()
    _para(right, notes.get("chair_name") or conference.get("chair") or DOTS, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
