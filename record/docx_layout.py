"""The minutes (biên bản) and the results report (báo cáo) as .docx, laid out as Vietnamese
administrative documents are (Decree 30/2020/NĐ-CP): the issuing body and the national motto
side by side, number and place-date line, title, Times New Roman 14, signature blocks."""
from __future__ import annotations

from datetime import date
from typing import Any

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt


from .data import Record, vi, xml_safe

FONT = "Times New Roman"
DOTS = "……………"


def new_document() -> Any:
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


def para(container: Any, text: str = "", bold: bool = False, italic: bool = False, size: float | None = None,
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


def labelled(container: Any, label: str, text: str) -> None:
    paragraph = container.add_paragraph()
    paragraph.paragraph_format.first_line_indent = Mm(10)
    paragraph.add_run(xml_safe(label) + " ").bold = True
    paragraph.add_run(xml_safe(text) if text else DOTS)


def header(document: Any, record: Record, kind: str) -> None:
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
    para(left, vi("Số: %(n)s", n=number), size=13, align=WD_ALIGN_PARAGRAPH.CENTER)
    motto = right.paragraphs[0]
    motto.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = motto.add_run("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    run.bold, run.font.size = True, Pt(12)
    para(right, "Độc lập - Tự do - Hạnh phúc", bold=True, underline=True, size=14, align=WD_ALIGN_PARAGRAPH.CENTER)
    day = date.fromisoformat(record.conference["held_on"])
    place = record.notes.get("place") or DOTS
    para(right, f"{place}, ngày {day.day:02d} tháng {day.month:02d} năm {day.year}", italic=True, size=14,
          align=WD_ALIGN_PARAGRAPH.CENTER)


def signatures(document: Any, left_title: str, left_name: str, right_title: str, right_name: str) -> None:
    table = document.add_table(rows=1, cols=2)
    for cell, title, name in zip(table.rows[0].cells, (left_title, right_title), (left_name, right_name)):
        top = cell.paragraphs[0]
        top.alignment = WD_ALIGN_PARAGRAPH.CENTER
        top.add_run(xml_safe(title)).bold = True
        para(cell, vi("(Ký, ghi rõ họ tên)"), italic=True, size=13, align=WD_ALIGN_PARAGRAPH.CENTER)
        for _blank in range(3):
            cell.add_paragraph()
        para(cell, name or DOTS, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)


def grid(document: Any, header: list[str], rows: list[list[Any]]) -> None:
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
