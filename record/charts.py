"""The record's charts, drawn on the server with matplotlib (Agg): attendance per TDP against
the plan's minimum, matters per field and per outcome, the follow-up done, in progress and
overdue. Each chart is drawn once from plain figures (`Chart`) and comes out two ways: SVG
for the pages and the static export, PNG for the Word report.

Why matplotlib: it draws both SVG and PNG itself (its own Agg rasteriser, no system cairo),
with DejaVu Sans for every Vietnamese letter; pygal draws only SVG and needs cairosvg and the
system's libcairo for a PNG. Measured on the 2-core test machine (13 TDPs' attendance): the
first chart pays ~1.1 s of import and font set-up, then ~0.16 s a chart in SVG and ~0.25 s in
PNG at 200 dpi. So it is imported lazily (never at the hall's start), drawn off the event loop
by the routes, and the same figures are drawn once (`results._cached`).

The SVG is made safe for our pages: the pages' Content-Security-Policy allows no inline
style, so every `style="…"` becomes presentation attributes (and the <style> element goes);
labels are text that users typed (TDP names, fields), so matplotlib's maths parser is off
and the SVG is parsed and written again by ElementTree, which escapes every text and
attribute; ids are prefixed per chart so several charts share one page. No Flask here.
"""
from __future__ import annotations

import io
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

ORANGE, GREEN, BLUE, RED, GREY = "#d9822b", "#2e7d32", "#1f5fa8", "#c62828", "#7a7a7a"
SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
WIDTH_IN = 6.3  # inches: the Word report's text width (165 mm)
# Pages scale the SVG to their width: drawn narrow, so that on a 360-px phone its words stay
# near the size of the page's own small text (a 6.3-inch drawing would shrink them to 6 px).
PAGE_WIDTH_IN = 3.4
BAR_IN = 0.34  # inches a bar takes, so that a chart of 20 TDPs stays readable
LINE_IN = 10 * 1.2 / 72  # inches a line of a 10-pt label takes (matplotlib's line spacing 1.2)
LABEL_CHARS = 28  # a label's line in the Word report's and the PDF's drawing
PAGE_LABEL_CHARS = 20  # in the pages' narrow drawing
PNG_DPI = 200
# Set once for the process (nothing else here draws with matplotlib): no rc_context per chart.
# No lock here either: under eventlet matplotlib's own locks are green, and two of offload's
# real threads contending one hang; the routes draw one chart list at a time, waiting on the
# loop (record/routes.py `_drawn`).
RC = {"font.family": "DejaVu Sans", "font.size": 10, "text.parse_math": False, "svg.fonttype": "none",
      "svg.hashsalt": "doithoai", "axes.spines.top": False, "axes.spines.right": False}
_fonts_added: set[str] = set()


@dataclass
class Chart:
    """One horizontal bar chart: a label and a value per bar, each bar its colour; an optional
    reference line (the plan's minimum) with its label."""
    key: str  # a short name, also the prefix of the SVG's ids
    title: str
    labels: list[str]
    values: list[int]
    colors: list[str]
    x_label: str = ""
    line_at: float | None = None
    line_label: str = ""
    legend: list[tuple[str, str]] = field(default_factory=list)  # (colour, label)


def _setup(font_path: str | None) -> Any:
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib import font_manager

    matplotlib.rcParams.update(RC)
    if font_path and font_path not in _fonts_added and Path(font_path).exists():
        font_manager.fontManager.addfont(font_path)
        _fonts_added.add(font_path)
    return matplotlib


def _draw(chart: Chart, font_path: str | None, fmt: str, width: float = WIDTH_IN) -> bytes:
    """The chart drawn and saved as PNG or SVG. A letter the font lacks (a name typed in a
    script DejaVu Sans does not carry) is drawn as an empty box, and a label of stacked marks
    that leaves the layout no room is drawn as it falls, without matplotlib's warnings."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # only matplotlib draws here
        return _draw_chart(chart, font_path, fmt, width)


def _draw_chart(chart: Chart, font_path: str | None, fmt: str, width: float) -> bytes:
    _setup(font_path)
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

    rows = max(1, len(chart.labels))
    labels = tick_labels(chart.labels, width)
    row = row_height(labels)
    height = 0.8 + row * rows + (0.35 if chart.legend or chart.line_label else 0)
    figure = Figure(figsize=(width, height), layout="constrained")
    axes = figure.add_subplot()
    positions = list(range(rows))
    values = chart.values or [0]
    # A bar as thick as on a one-line row, however many lines its label takes.
    axes.barh(positions[:len(chart.values)], chart.values, color=chart.colors, height=0.7 * BAR_IN / row)
    axes.set_yticks(positions[:len(chart.labels)], labels)
    axes.set_ylim(rows - 0.5, -0.5)
    top = max([*values, chart.line_at or 0, 1])
    axes.set_xlim(0, top * 1.15 + 0.5)
    axes.xaxis.get_major_locator().set_params(integer=True)
    for position, value in zip(positions, chart.values):
        axes.text(value + top * 0.01, position, str(value), va="center", ha="left", fontsize=10)
    if chart.line_at is not None:
        axes.axvline(chart.line_at, color=RED, linestyle="--", linewidth=1.2)
    if chart.x_label:
        axes.set_xlabel(chart.x_label)
    handles = [Patch(color=colour, label=label) for colour, label in chart.legend]
    if chart.line_at is not None and chart.line_label:
        from matplotlib.lines import Line2D

        handles.append(Line2D([0], [0], color=RED, linestyle="--", label=chart.line_label))
    if handles:
        figure.legend(handles=handles, loc="outside lower center", ncols=min(3 if width >= WIDTH_IN else 2, len(handles)), frameon=False,
                      fontsize=9)
    # No title drawn in the picture: the page's <figcaption>, the report's and the PDF's
    # caption say it in text that wraps (and the SVG's <title> names it for screen readers).
    buffer = io.BytesIO()
    if fmt == "png":
        figure.savefig(buffer, format="png", dpi=PNG_DPI, facecolor="white")
    else:
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    return buffer.getvalue()


def label_width(width: float = WIDTH_IN) -> int:
    """How many characters a bar's label line holds: the Word report's wide drawing, the
    pages' narrow one."""
    return LABEL_CHARS if width >= WIDTH_IN else PAGE_LABEL_CHARS


def wrap_label(label: str, limit: int = LABEL_CHARS) -> list[str]:
    """A bar's label as lines of at most `limit` characters, broken between words: the whole
    label, never cut short ("Hướng dẫn chuyển cơ quan có thẩm quyền" on two lines, not "…có…").
    Only a single word longer than a line is broken inside it."""
    # Control characters that reached the database would make the SVG unreadable XML.
    words = _NOT_XML.sub("", str(label)).split()
    lines: list[str] = []
    line = ""
    for word in words:
        while len(word) > limit:  # a word longer than a line: split, nothing dropped
            if line:
                lines.append(line)
                line = ""
            lines.append(word[:limit])
            word = word[limit:]
        if not line:
            line = word
        elif len(line) + 1 + len(word) <= limit:
            line += " " + word
        else:
            lines.append(line)
            line = word
    if line or not lines:
        lines.append(line)
    return lines


def tick_labels(labels: list[str], width: float = WIDTH_IN) -> list[str]:
    """Each bar's label as drawn: wrapped to the drawing's width, one string with its line breaks."""
    return ["\n".join(wrap_label(label, label_width(width))) for label in labels]


def row_height(labels: list[str]) -> float:
    """Inches a bar's row takes: enough for the label with the most lines (all rows alike, so
    the bars stay evenly spaced), never less than a one-line row."""
    lines = max((label.count("\n") + 1 for label in labels), default=1)
    return max(BAR_IN, LINE_IN * lines + 0.1)


def png(chart: Chart, font_path: str | None = None) -> bytes:
    """The chart as a PNG picture, for the Word report."""
    return _draw(chart, font_path, "png")


def svg(chart: Chart, font_path: str | None = None) -> str:
    """The chart as an <svg> element to put in a page: no style attributes, every text
    escaped, ids of its own, a title for screen readers, scaled to its container."""
    return clean_svg(_draw(chart, font_path, "svg", PAGE_WIDTH_IN), chart.key, chart.title)


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_STYLE_PAIR = re.compile(r"\s*([a-z-]+)\s*:\s*([^;]+?)\s*(?:;|$)")
_FONT = re.compile(r"^(?:(?P<style>italic|oblique)\s+)?(?:(?P<weight>bold|normal|\d{3})\s+)?(?P<size>[\d.]+)px\s+(?P<family>.+)$")
_SAFE_ID = re.compile(r"[^A-Za-z0-9_-]")


def clean_svg(data: bytes, key: str, title: str) -> str:
    """matplotlib's SVG made fit for a page under a strict Content-Security-Policy."""
    ElementTree.register_namespace("", SVG_NS)
    ElementTree.register_namespace("xlink", XLINK_NS)
    root = ElementTree.fromstring(data)
    prefix = _SAFE_ID.sub("", key) or "chart"
    ids = {element.get("id") for element in root.iter() if element.get("id")}
    for element in list(root.iter()):
        for child in list(element):
            tag = child.tag.split("}")[-1]
            if tag in ("style", "metadata", "script"):
                element.remove(child)
    for element in root.iter():
        style = element.attrib.pop("style", None)
        if style:
            for name, value in _STYLE_PAIR.findall(style):
                if name == "font":
                    match = _FONT.match(value)
                    if match:
                        element.set("font-size", match["size"])
                        element.set("font-family", match["family"].replace("'", "") + ", sans-serif")
                        if match["weight"]:
                            element.set("font-weight", match["weight"])
                        if match["style"]:
                            element.set("font-style", match["style"])
                    continue
                if name == "font-family":
                    value = value.replace("'", "") + ", sans-serif"
                element.set(name, value)
        for name, value in list(element.attrib.items()):
            if name == "id":
                element.set(name, f"{prefix}-{value}")
            elif "url(#" in value:
                element.set(name, re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{prefix}-{m[1]})" if m[1] in ids else m[0], value))
            elif name in ("href", f"{{{XLINK_NS}}}href") and value.startswith("#") and value[1:] in ids:
                element.set(name, f"#{prefix}-{value[1:]}")
    # Scaled by the page: the viewBox stays, the fixed size goes.
    for name in ("width", "height"):
        root.attrib.pop(name, None)
    root.set("role", "img")
    root.set("class", "chart")
    root.set("aria-labelledby", f"{prefix}-title")
    label = ElementTree.Element(f"{{{SVG_NS}}}title", {"id": f"{prefix}-title"})
    label.text = title
    root.insert(0, label)
    return ElementTree.tostring(root, encoding="unicode")


# ---------------------------------------------------------------- the record's four charts


def attendance_chart(groups: list[dict[str, Any]], minimum: int, title: str, x_label: str,
                     line_label: str, below: str, reached: str) -> Chart:
    """Resident representatives present in each TDP against the plan's minimum."""
    tdps = [g for g in groups if g["kind"] == "tdp"]
    return Chart("attendance", title, [g["name"] for g in tdps], [g["residents_present"] for g in tdps],
                 [GREEN if g["residents_present"] >= minimum else ORANGE for g in tdps], x_label=x_label,
                 line_at=minimum, line_label=line_label, legend=[(ORANGE, below), (GREEN, reached)])


def count_chart(key: str, title: str, counts: list[tuple[str, int]], x_label: str, color: str = BLUE) -> Chart:
    """One bar per label (a field, an outcome), its count."""
    return Chart(key, title, [label for label, _n in counts], [n for _label, n in counts], [color] * len(counts),
                 x_label=x_label)


def followup_chart(title: str, x_label: str, done: tuple[str, int], going: tuple[str, int],
                   late: tuple[str, int]) -> Chart:
    """The follow-up after the meeting: done, in progress, overdue."""
    rows = [done, going, late]
    return Chart("followup", title, [label for label, _n in rows], [n for _label, n in rows], [GREEN, BLUE, RED],
                 x_label=x_label)
