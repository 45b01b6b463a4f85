"""Printable invitations (giấy mời): two A5 cards on each A4 page, one QR each.

The font is DejaVu, from the npm package `dejavu-fonts-ttf` the setup installs: it carries
every Vietnamese letter. The QR is drawn as vector rectangles, so it prints sharp at any
size and costs no image encoding.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, Iterable

import qrcode
from fpdf import FPDF

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
    """'2025-11-20' → 'ngày 20 tháng 11 năm 2025', as Vietnamese documents write it."""
    day = date.fromisoformat(iso)
    return f"ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"


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


def _card(pdf: InvitationPDF, top: float, conference: dict[str, Any], invitee: dict[str, Any]) -> None:
    organization = conference.get("organization") or "UBND phường"
    pdf.set_text_color(0, 0, 0)
    pdf.set_draw_color(0, 0, 0)
    # Header: issuing body left, national motto right (Decree 30/2020/NĐ-CP).
    y = pdf.lines(8, top + 8, 80, organization.upper(), 10, "B", "C")
    pdf.line(33, y + 1, 63, y + 1)
    pdf.lines(88, top + 8, 116, "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", 10, "B", "C")
    y = pdf.lines(88, top + 13, 116, "Độc lập - Tự do - Hạnh phúc", 10, "B", "C")
    pdf.line(122, y + 1, 170, y + 1)

    y = pdf.lines(0, top + 26, 210, "GIẤY MỜI", 17, "B", "C", 9)
    y = pdf.lines(12, y + 2, 140, f"{organization} trân trọng kính mời:", 11, leading=5.5)
    y = pdf.lines(12, y + 1, 140, f"Ông/Bà: {invitee['name']}", 13, "B", leading=6.5)
    if invitee.get("position"):
        y = pdf.lines(12, y, 140, f"Chức vụ: {invitee['position']}", 11, leading=5.5)
    y = pdf.lines(12, y, 140, f"Đơn vị: {invitee['group_name']}", 11, leading=5.5)
    y = pdf.lines(12, y + 2, 140, f"Tới dự: {conference['title']}", 11, leading=5.5)
    when = f"{conference.get('starts_at') or ''}, {long_date(conference['held_on'])}"
    y = pdf.lines(12, y, 140, f"Thời gian: {when}", 11, leading=5.5)
    if conference.get("venue"):
        pdf.lines(12, y, 140, f"Địa điểm: {conference['venue']}", 11, leading=5.5)
    pdf.lines(12, top + CARD_HEIGHT - 16, 140,
              "Xin mang theo giấy mời này và đưa mã QR cho bàn đón tiếp khi vào hội trường.", 9, "I", leading=4.5)

    # The QR and the short code typed by hand when the camera cannot read.
    qr_x, qr_y = 158.0, top + 48
    if invitee.get("code"):
        pdf.draw_qr(invitee["code"], qr_x, qr_y, QR_SIZE)
        y = pdf.lines(qr_x - 6, qr_y + QR_SIZE + 1, QR_SIZE + 12, format_short_code(invitee.get("short_code") or ""), 13, "B", "C", 6)
        pdf.lines(qr_x - 6, y, QR_SIZE + 12, "Mã giấy mời", 8, "", "C", 4)
    else:
        pdf.lines(qr_x - 6, qr_y + 15, QR_SIZE + 12, "GIẤY MỜI ĐÃ THU HỒI", 10, "B", "C", 5)


def render(conference: dict[str, Any], invitees: Iterable[dict[str, Any]], node_modules: str) -> bytes:
    """The PDF's bytes: two invitations a page, cut along the dashed line."""
    pdf = InvitationPDF(font_paths(node_modules))
    count = 0
    for count, invitee in enumerate(invitees, start=1):
        half = (count - 1) % 2
        if half == 0:
            pdf.add_page()
            pdf.set_draw_color(150, 150, 150)
            pdf.set_dash_pattern(dash=2, gap=2)
            pdf.line(5, CARD_HEIGHT, 205, CARD_HEIGHT)
            pdf.set_dash_pattern()
        _card(pdf, half * CARD_HEIGHT, conference, invitee)
    if count == 0:
        pdf.add_page()
        pdf.lines(0, 40, 210, "Chưa có ai trong danh sách khách mời.", 14, "B", "C", 8)
    return bytes(pdf.output())
