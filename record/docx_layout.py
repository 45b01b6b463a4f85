"""The minutes (biên bản) and the results report (báo cáo) as .docx, laid out as Vietnamese
administrative documents are (Decree 30/2020/NĐ-CP, Annex I): the issuing body's full name and
the national motto side by side, each with its short rule, the number under the body and the
place-date line under the motto, the document's kind and subject at 14 pt, Times New Roman 14,
signature blocks kept on the page of the last paragraph, tables that wrap; the page number
centred at the top of every page but the first."""
from __future__ import annotations

import re
from typing import Any

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from .data import Record, decree30_date, vi, xml_safe
from .notes import document_number, issuing_body, issuing_body_lines, place_name, signature_name

FONT = "Times New Roman"
DOTS = "……………"
TEXT_WIDTH = 165  # mm: A4 less the margins Decree 30 sets (left 30, right 15)
HEAD_WIDTHS = (60, 105)  # mm: the issuing body's column, the motto's column
TITLE_SIZE = 14  # the document's kind and subject (13–14 pt)
PAGE_NUMBER_SIZE = 14  # the page number (13–14 pt, Arabic numerals, Decree 30, Annex I)
# pPr children that come after a paragraph border, in the schema's order (Word refuses a
# file whose elements are out of order).
_AFTER_BORDER = ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
                 "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
                 "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
                 "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
                 "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")


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
    page_numbers(section)
    return document


def page_numbers(section: Any) -> None:
    """Decree 30's page number: in Arabic numerals, centred at the top of the page, in the
    text's font at 13–14 pt, not on the first page (an empty header of its own there). A
    PAGE field, so Word and LibreOffice count the pages as they lay them out."""
    section.different_first_page_header_footer = True
    section.header_distance = Mm(10)
    first = section.first_page_header
    first.is_linked_to_previous = False
    for paragraph in first.paragraphs:
        for run in paragraph.runs:
            run._r.getparent().remove(run._r)
    header_part = section.header
    header_part.is_linked_to_previous = False
    paragraph = header_part.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_after = Pt(0)
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "2"), ("end", None)):
        run = paragraph.add_run()
        run.font.name, run.font.size = FONT, Pt(PAGE_NUMBER_SIZE)
        run._r.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        elif text.strip() == "PAGE":
            instruction = OxmlElement("w:instrText")
            instruction.set(qn("xml:space"), "preserve")
            instruction.text = text
            run._r.append(instruction)
        else:
            run.add_text(text)  # shown until the field is updated; Word and LibreOffice update it


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


def heading(container: Any, text: str) -> Any:
    """A section's heading in bold, never left alone at the foot of a page."""
    paragraph = para(container, text, bold=True)
    paragraph.paragraph_format.space_before = Pt(6)
    keep_with_next(paragraph)
    return paragraph


def text_block(container: Any, text: str | None) -> list[Any]:
    """What the secretary wrote, one indented paragraph per line; dots when nothing yet."""
    lines = [line.strip() for line in (text or "").split("\n") if line.strip()]
    return [para(container, line, indent=True) for line in lines or [DOTS]]


def labelled(container: Any, label: str, text: str) -> None:
    paragraph = container.add_paragraph()
    paragraph.paragraph_format.first_line_indent = Mm(10)
    paragraph.add_run(xml_safe(label) + " ").bold = True
    paragraph.add_run(xml_safe(text) if text else DOTS)


def shorten(text: str | None, limit: int) -> str:
    """At most `limit` characters, cut at a word boundary and marked with '…': never mid-word."""
    text = " ".join((text or "").split())
    if len(text) <= limit:
        return text
    cut = text[:limit - 1]
    if " " in cut:
        cut = cut[:cut.rindex(" ")]
    return cut.rstrip(" ,;:.-–") + "…"


def rule(container: Any, width: float, across: float) -> Any:
    """A short centred line (`width` mm within `across` mm): under the issuing body and under
    the document's subject, as Decree 30 draws them. A top border on an empty thin paragraph."""
    paragraph = container.add_paragraph()
    border = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    for key, value in (("val", "single"), ("sz", "6"), ("space", "1"), ("color", "auto")):
        top.set(qn(f"w:{key}"), value)
    border.append(top)
    paragraph._p.get_or_add_pPr().insert_element_before(border, *_AFTER_BORDER)
    fmt = paragraph.paragraph_format
    fmt.left_indent = fmt.right_indent = Mm((across - width) / 2)
    fmt.space_before, fmt.space_after, fmt.line_spacing = Pt(4), Pt(0), Pt(2)
    return paragraph


def widths(table: Any, millimetres: tuple[float, ...] | list[float]) -> None:
    """Fixed column widths, so long text wraps inside its cell: Word reads the cells,
    LibreOffice the grid."""
    table.autofit = False
    for column, width in zip(table.columns, millimetres):
        column.width = Mm(width)
        for cell in column.cells:
            cell.width = Mm(width)


def _row_flags(row: Any, header: bool = False) -> None:
    """A row never split across two pages; the header row repeated on each page."""
    properties = row._tr.get_or_add_trPr()
    properties.append(OxmlElement("w:cantSplit"))
    if header:
        properties.append(OxmlElement("w:tblHeader"))


def header(document: Any, record: Record, kind: str, number: str | None, issued_on: str | None) -> None:
    """The body above (if any) and the issuing body left, the national motto right; the number
    under the body, the place-date line under the motto (a blank date: dots and the year)."""
    notes, organization = record.notes, record.conference.get("organization") or ""
    if record.draft:
        mark = para(document, vi("DỰ THẢO"), bold=True, size=14, align=WD_ALIGN_PARAGRAPH.CENTER)
        mark.paragraph_format.space_after = Pt(0)
        para(document, vi("(Hội nghị chưa kết thúc: bản xuất giữa chừng, chưa dùng để ký.)"), italic=True, size=12,
             align=WD_ALIGN_PARAGRAPH.CENTER)
    table = document.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    widths(table, HEAD_WIDTHS)
    _row_flags(table.rows[0])
    left, right = table.rows[0].cells
    first = left.paragraphs[0]
    first.alignment = WD_ALIGN_PARAGRAPH.CENTER
    superior = (notes.get("superior_body") or "").strip()
    if superior:
        first.add_run(xml_safe(superior.upper())).font.size = Pt(12)
        first = para(left, align=WD_ALIGN_PARAGRAPH.CENTER)
    for index, line in enumerate(issuing_body_lines(issuing_body(notes, organization))):
        run = first.add_run()
        if index:
            run.add_break()
        run.add_text(xml_safe(line))
        run.bold, run.font.size = True, Pt(12)
    first.paragraph_format.space_after = Pt(0)
    rule(left, 20, HEAD_WIDTHS[0])
    para(left, vi("Số: %(n)s", n=document_number(number, kind)), size=13, align=WD_ALIGN_PARAGRAPH.CENTER)
    motto = right.paragraphs[0]
    motto.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = motto.add_run("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    run.bold, run.font.size = True, Pt(12)
    motto.paragraph_format.space_after = Pt(0)
    para(right, "Độc lập - Tự do - Hạnh phúc", bold=True, underline=True, size=13, align=WD_ALIGN_PARAGRAPH.CENTER)
    year = int(record.conference["held_on"][:4])
    place = place_name(notes, organization) or DOTS
    para(right, f"{place}, {decree30_date(issued_on, year)}", italic=True, size=14, align=WD_ALIGN_PARAGRAPH.CENTER)


def title(document: Any, kind: str, subject: str) -> None:
    """The document's kind in capitals and its subject, bold at 14 pt, a short rule under them."""
    para(document)
    for text in (kind, subject):
        para(document, _unbroken_brackets(text), bold=True, size=TITLE_SIZE,
             align=WD_ALIGN_PARAGRAPH.CENTER).paragraph_format.space_after = Pt(0)
    rule(document, 50, TEXT_WIDTH)
    para(document)


def _unbroken_brackets(text: str) -> str:
    """A short bracketed part of a title, "(lần 2)", kept on one line: its spaces unbreakable."""
    return re.sub(r"\(([^()]{1,20})\)", lambda m: "(" + m.group(1).replace(" ", "\u00a0") + ")", text)


def keep_with_next(*paragraphs: Any) -> None:
    for paragraph in paragraphs:
        paragraph.paragraph_format.keep_with_next = True
        paragraph.paragraph_format.keep_together = True


def signature_table(document: Any, column_widths: tuple[float, float]) -> tuple[Any, Any]:
    """One borderless row of two cells that never splits: what signs sits together."""
    table = document.add_table(rows=1, cols=2)
    widths(table, column_widths)
    _row_flags(table.rows[0])
    return table.rows[0].cells[0], table.rows[0].cells[1]


def sign(cell: Any, titles: list[str], name: str, hint: str | None = None) -> None:
    """A signature block: the authority lines in bold, room to sign (and stamp), the name."""
    first = cell.paragraphs[0]
    first.alignment = WD_ALIGN_PARAGRAPH.CENTER
    first.paragraph_format.space_after = Pt(0)
    for index, line in enumerate(titles):
        if index:
            first = para(cell, align=WD_ALIGN_PARAGRAPH.CENTER)
            first.paragraph_format.space_after = Pt(0)
        first.add_run(xml_safe(line)).bold = True
    if hint:
        para(cell, hint, italic=True, size=13, align=WD_ALIGN_PARAGRAPH.CENTER)
    for _blank in range(4):
        cell.add_paragraph()
    para(cell, xml_safe(signature_name(name)) or DOTS, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    keep_with_next(*cell.paragraphs[:-1])


def closing(document: Any, text: str, after: Any = None) -> Any:
    """The last paragraph: kept on the page of the signatures that follow it, and with it the
    paragraph `after` (the section above), so that page never holds the signatures alone and
    no heading is left at the foot of the page before."""
    if after is not None:
        after.paragraph_format.keep_with_next = True
    paragraph = para(document, text, indent=True)
    spacer = para(document)
    keep_with_next(paragraph, spacer)
    return paragraph


def grid(document: Any, header: list[str], rows: list[list[Any]], column_widths: list[float] | None = None) -> None:
    """A bordered table at 12 pt: fixed column widths (equal unless given, in mm), so text
    wraps at word boundaries; the header row repeats on each page; no row splits."""
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header):
        cell.paragraphs[0].add_run(xml_safe(text)).bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row):
            cell.paragraphs[0].add_run(xml_safe(value))
    widths(table, column_widths or [TEXT_WIDTH / len(header)] * len(header))
    for index, row in enumerate(table.rows):
        _row_flags(row, header=index == 0)
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.space_after = Pt(0)
                for run in paragraph.runs:
                    run.font.size = Pt(12)
