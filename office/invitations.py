"""Printable invitations (giấy mời): two A5 cards on each A4 page, one QR each, each laid out
as a document the ward signs (Decree 30/2020/NĐ-CP: issuing body, number …/GM-UBND, place and
date, signer), by the rules the minutes and the report follow (record.notes, record.data).

The font is DejaVu, from the npm package `dejavu-fonts-ttf` the setup installs: it carries
every Vietnamese letter. The QR is drawn as vector rectangles, so it prints sharp at any
size and costs no image encoding.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable

import qrcode
from fpdf import FPDF

from conference.i18n import _
from record.data import BLANK, decree30_date
from record.notes import document_number, issuing_body, issuing_body_lines, person_name, place_name, signer_lines

from .codes import format_short_code

CARD_HEIGHT = 148.5  # half an A4 page, in mm
QR_SIZE = 42.0


class FontMissing(RuntimeError):
    """The font package is not installed: the setup command was not run."""


def font_paths(node_modules: str) -> dict[str, Path]:
    base = Path(node_modules) / "dejavu-fonts-ttf" / "ttf"
    paths = {"": base / "DejaVuSans.ttf", "B": base / "DejaVuSans-Bold.ttf", "I": base / "DejaVuSans-Oblique.ttf"}
    missing = [str(p) for p in paths.values() if not p.exists()]
    if missing:
        raise FontMissing(", ".join(missing))
    return paths


def long_date(iso: str) -> str:
    """'2025-11-20' → 'ngày 20 tháng 11 năm 2025': the one rule of Decree 30 (record.data)."""
    return decree30_date(iso)


def qr_runs(text: str) -> tuple[int, list[tuple[int, int, int]]]:
    """The QR's size in modules and its dark runs as (row, first column, length).

    One fixed mask pattern: choosing the best of eight costs 8× the time for every card,
    and a code of our own fixed shape reads well with any of them.
    """
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0, mask_pattern=2)
    code.add_data(text)
    code.make(fit=True)
    matrix = code.get_matrix()
    runs = []
    for y, row in enumerate(matrix):
        x = 0
        while x < len(row):
            if row[x]:
                start = x
                while x < len(row) and row[x]:
                    x += 1
                runs.append((y, start, x - start))
            else:
                x += 1
    return len(matrix), runs


class InvitationPDF(FPDF):
    def __init__(self, fonts: dict[str, Path]):
        super().__init__(orientation="P", unit="mm", format="A4")
        self.set_auto_page_break(False)
        self.set_margins(0, 0, 0)
        for style, path in fonts.items():
            self.add_font("DejaVu", style, str(path))
        self.set_title("Giấy mời hội nghị đối thoại")
        self.set_creator("Đối thoại")
        self._widths: dict[tuple[str, str, float], float] = {}

    def draw_qr(self, text: str, x: float, y: float, size: float) -> None:
        modules, runs = qr_runs(text)
        unit = size / modules * self.k  # in points
        left, top = x * self.k, (self.h - y) * self.k
        self.set_fill_color(0, 0, 0)
        # All the dark runs as one path filled once: FPDF.rect() per run cost seconds for
        # 500 cards. The same operators rect() writes; a hair of overlap hides seams.
        self._out(" ".join(
            f"{left + column * unit:.2f} {top - row * unit:.2f} {length * unit + 0.03:.2f} {-unit - 0.03:.2f} re"
            for row, column, length in runs
        ) + " f")

    def width_of(self, text: str, style: str, size: float) -> float:
        key = (text, style, size)
        if key not in self._widths:
            self.set_font("DejaVu", style, size)
            self._widths[key] = self.get_string_width(text)
        return self._widths[key]

    def lines(self, x: float, y: float, width: float, text: str, size: float,
              style: str = "", align: str = "L", leading: float | None = None) -> float:
        """Write text wrapped at word boundaries; returns the y below it.

        FPDF.multi_cell does the same with far more machinery: 500 cards took seconds.
        """
        leading = leading or size * 0.5
        self.set_font("DejaVu", style, size)
        out: list[str] = []
        current = ""
        for word in text.split(" "):
            candidate = f"{current} {word}" if current else word
            if current and self.width_of(candidate, style, size) > width:
                out.append(current)
                current = word
            else:
                current = candidate
        out.append(current)
        for line in out:
            y += leading
            shift = 0.0
            if align == "C":
                shift = (width - self.width_of(line, style, size)) / 2
            self.text(x + shift, y - leading * 0.25, line)
        return y


def unnamed_ward(conference: dict[str, Any]) -> str | None:
    """Said on the roster page beside the print buttons: the conference names no ward (a new
    install's "UBND phường"), so an invitation would print a bare "PHƯỜNG" and a date line
    with no place. None once the organization (or the record's issuing body or place) names it."""
    organization = conference.get("organization") or ""
    if place_name(conference, organization):
        return None
    return _("Giấy mời chưa có tên phường: ô Cơ quan tổ chức đang ghi “%(o)s”. Hãy ghi đủ ở trang Hội nghị "
             "(ví dụ: UBND phường Đông Mai) trước khi in, nếu không giấy mời sẽ in “PHƯỜNG” không có tên "
             "và để trống nơi ghi ngày.", o=organization or "—")


def heading(conference: dict[str, Any]) -> dict[str, Any]:
    """What an invitation prints around its text, by the same rules as the minutes and the
    report (Decree 30/2020/NĐ-CP): the issuing body's full name, the number …/GM-UBND, the
    place-date line (the day left blank for the hand that signs), the signer."""
    organization = conference.get("organization") or ""
    return {
        "superior": (conference.get("superior_body") or "").strip().upper(),
        "body": issuing_body_lines(issuing_body(conference, organization)),
        "number": "Số: " + document_number(conference.get("invitation_number"), "GM"),
        "date_line": f"{place_name(conference, organization) or BLANK}, "
                     f"{decree30_date(None, int(conference['held_on'][:4]))}",
        "signer": signer_lines("chairman"),
        "signer_name": person_name(conference.get("chair")),
    }


def _card(pdf: InvitationPDF, top: float, conference: dict[str, Any], invitee: dict[str, Any],
          head: dict[str, Any]) -> None:
    organization = conference.get("organization") or "UBND phường"
    pdf.set_text_color(0, 0, 0)
    pdf.set_draw_color(0, 0, 0)
    pdf.set_line_width(0.25)
    # Header: issuing body left, national motto right (Decree 30/2020/NĐ-CP).
    y = top + 6
    if head["superior"]:
        y = pdf.lines(6, y, 76, head["superior"], 9.5, "", "C", 4.8)
    for line in head["body"]:
        y = pdf.lines(6, y, 76, line, 10, "B", "C", 5)
    pdf.line(34, y + 1.3, 54, y + 1.3)
    left_end = pdf.lines(6, y + 2, 76, head["number"], 10, "", "C", 5)
    y = pdf.lines(86, top + 6, 118, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 10, "B", "C", 5)
    motto = "Độc lập - Tự do - Hạnh phúc"
    y = pdf.lines(86, y, 118, motto, 10, "B", "C", 5)
    half = pdf.width_of(motto, "B", 10) / 2
    pdf.line(145 - half, y + 0.6, 145 + half, y + 0.6)
    right_end = pdf.lines(86, y + 2, 118, head["date_line"], 10, "I", "C", 5)

    y = pdf.lines(0, max(left_end, right_end) + 3, 210, "GIẤY MỜI", 14, "B", "C", 7)
    y = pdf.lines(12, y + 2, 138, f"{organization} trân trọng kính mời:", 11, leading=5.5)
    y = pdf.lines(12, y + 1, 138, f"Ông/Bà: {invitee['name']}", 13, "B", leading=6.5)
    if invitee.get("position"):
        y = pdf.lines(12, y, 138, f"Chức vụ: {invitee['position']}", 11, leading=5.5)
    y = pdf.lines(12, y, 138, f"Đơn vị: {invitee['group_name']}", 11, leading=5.5)
    y = pdf.lines(12, y + 2, 138, f"Tới dự: {conference['title']}", 11, leading=5.5)
    when = f"{conference.get('starts_at') or ''}, {long_date(conference['held_on'])}"
    y = pdf.lines(12, y, 138, f"Thời gian: {when}", 11, leading=5.5)
    if conference.get("venue"):
        y = pdf.lines(12, y, 138, f"Địa điểm: {conference['venue']}", 11, leading=5.5)

    # The QR and the short code typed by hand when the camera cannot read.
    qr_x, qr_y = 158.0, top + 40
    if invitee.get("code"):
        pdf.draw_qr(invitee["code"], qr_x, qr_y, QR_SIZE)
        below = pdf.lines(qr_x - 6, qr_y + QR_SIZE + 1, QR_SIZE + 12,
                          format_short_code(invitee.get("short_code") or ""), 13, "B", "C", 6)
        below = pdf.lines(qr_x - 6, below, QR_SIZE + 12, "Mã giấy mời", 8, "", "C", 4)
    else:
        below = pdf.lines(qr_x - 6, qr_y + 15, QR_SIZE + 12, "GIẤY MỜI ĐÃ THU HỒI", 10, "B", "C", 5)

    # The signer under the QR, right; room to sign and stamp shrinks before the card's edge.
    bottom = top + CARD_HEIGHT - 4
    sign_y = max(y, below) + 3
    for line in head["signer"]:
        sign_y = pdf.lines(110, sign_y, 90, line, 10.5, "B", "C", 5.2)
    room = min(16.0, max(6.0, bottom - sign_y - 7))
    if head["signer_name"]:
        pdf.lines(110, sign_y + room, 90, head["signer_name"], 11, "B", "C", 6)
    pdf.lines(12, top + CARD_HEIGHT - 16, 92,
              "Xin mang theo giấy mời này và đưa mã QR cho bàn đón tiếp khi vào hội trường.", 9, "I", leading=4.5)


def render(conference: dict[str, Any], invitees: Iterable[dict[str, Any]], node_modules: str) -> bytes:
    """The PDF's bytes: two invitations a page, cut along the dashed line."""
    pdf = InvitationPDF(font_paths(node_modules))
    head = heading(conference)
    count = 0
    for count, invitee in enumerate(invitees, start=1):
        half = (count - 1) % 2
        if half == 0:
            pdf.add_page()
            pdf.set_draw_color(150, 150, 150)
            pdf.set_dash_pattern(dash=2, gap=2)
            pdf.line(5, CARD_HEIGHT, 205, CARD_HEIGHT)
            pdf.set_dash_pattern()
        _card(pdf, half * CARD_HEIGHT, conference, invitee, head)
    if count == 0:
        pdf.add_page()
        pdf.lines(0, 40, 210, "Chưa có ai trong danh sách khách mời.", 14, "B", "C", 8)
    return bytes(pdf.output())
