"""The results made public (the Law on Grassroots Democracy): every matter raised at a
conference, its field and TDP, its outcome and where its follow-up stands, for the page on the
LAN (`/results`), the self-contained file for the ward's website and the A4 PDF for the TDP
notice boards. Built from the record's own accounting (`data.gather`: `by_outcome`,
`counts`), never recounted.

What the public sees, whatever the export:
- a matter's text, conclusion and who answers only once it is decided (an outcome); a matter
  not (yet) decided, not admitted or merged is its number, field, TDP and state, never its
  text — a pending question's words never leave the staff; nor do the words (and the name)
  of one decided without the chairman ever letting it into the hall (a written reply or a
  referral straight from pending, the close of the meeting's among them): it says so;
- the asker's name only when the asker chose to show it; never a phone number, a device, an
  address typed as "other" group, a reply's text (it is the asker's letter), a reject reason;
- the follow-up's state: done (with its date), in progress, overdue.
No Flask here but the translations (`_`), which the caller sets to Vietnamese for a file.
"""
from __future__ import annotations

import io
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from conference import clock
from conference.i18n import _, ngettext
from office import attendance
from projector.vocabulary import (ACCOUNTED, FOLLOW_UP_LABELS, LABELS, OUTCOMES, UNDECIDED, FollowUpState, Status,
                                  follow_up_state)

from projector import shapes

from . import charts, topics
from .data import Record, vn_date

_OUTCOME_VALUES = frozenset(s.value for s in OUTCOMES)
_UNDECIDED_VALUES = frozenset(s.value for s in UNDECIDED)
PDF_TEXT_CAP = 600  # a matter's text on the notice board, cut at a word
FONT_FILE = ("dejavu-fonts-ttf", "ttf", "DejaVuSans.ttf")


@dataclass
class Matter:
    number: int
    field: str
    group: str
    status: str
    outcome: str  # the outcome in words ("Trả lời bằng văn bản")
    detail: str  # who, by when, to whom; which question it was merged into
    text: str  # only for a decided matter the chairman let into the hall
    conclusion: str
    asker: str  # only when the asker chose to show it
    petition: bool
    followup: str | None  # FollowUpState value
    followup_label: str
    done_on: str
    withheld: str = ""  # decided without being let into the hall: says its words stay with the staff


@dataclass
class Results:
    conference: dict[str, Any]
    meeting_over: bool
    counts: dict[str, int]
    matters: list[Matter]
    per_field: list[tuple[str, int]]
    per_outcome: list[tuple[str, int]]
    followup: dict[str, int]  # FollowUpState value → how many
    groups: list[dict[str, Any]]  # TDPs: name, residents present, quota, reached the minimum
    present: int
    minimum: int = attendance.MINIMUM_RESIDENTS
    charts: dict[str, str] = field(default_factory=dict)  # key → inline SVG
    chart_titles: dict[str, str] = field(default_factory=dict)  # key → its caption
    chart_data: dict[str, tuple[str, list[tuple[str, int]]]] = field(default_factory=dict)  # key → (unit, its bars)


def field_name(question: dict[str, Any], other: str) -> str:
    """A matter's field; `other` for one without (the conference's "Khác" when it has one)."""
    return question.get("topic_name") or other


def by_field(questions: list[dict[str, Any]], other: str) -> list[tuple[str, list[dict[str, Any]]]]:
    """Questions grouped by their field (lĩnh vực) in the order the meeting took the fields up
    (record/topics.py); `other` names the questions without one. The minutes, the report and
    the public results group the same way."""
    return topics.by_field(questions, other=other)


def _detail(question: dict[str, Any], numbers: dict[int, int]) -> str:
    """Who, by when, to whom: only what was recorded (the outcome's name is printed beside it;
    a part nobody has filled in yet is left out, never printed as dots on a public page)."""
    status = question["status"]
    who, due = question["reply_by"] or "", vn_date(question["reply_due"])
    parts: list[str] = []
    if status == Status.RESOLVING and who:
        parts.append(_("Giao %(who)s chủ trì giải quyết", who=who))
    elif status == Status.WRITTEN_REPLY and who:
        parts.append(_("%(who)s trả lời bằng văn bản", who=who))
    elif status == Status.REFERRED and question["referred_to"]:
        parts.append(_("Cơ quan: %(to)s", to=question["referred_to"]))
    elif status == Status.ANSWERED and question["responder"]:
        parts.append(_("Người trả lời: %(who)s", who=question["responder"]))
    elif status == Status.MERGED and question["merged_into"] in numbers:
        parts.append(_("Cùng nội dung với câu %(n)d", n=numbers[question["merged_into"]]))
    if status in (Status.RESOLVING, Status.WRITTEN_REPLY) and due:
        parts.append(_("hạn %(due)s", due=due))
    return ", ".join(parts)


def _outcome(status: str) -> str:
    if status in _UNDECIDED_VALUES:
        return _("Chưa xử lý")
    return _(LABELS[Status(status)].page)[:1].upper() + _(LABELS[Status(status)].page)[1:]


def matter(question: dict[str, Any], numbers: dict[int, int], today: str, other: str) -> Matter:
    """One question as the public may see it."""
    decided = question["status"] in _OUTCOME_VALUES
    # Sent to a written reply or a referral straight from pending (by the chairman, or by the
    # close of the meeting): nobody reviewed its words for the public, so they stay unpublished.
    admitted = decided and shapes.shown(question)
    state = follow_up_state(question, today)
    return Matter(
        number=question["number"], field=field_name(question, other),
        # A group from the list; a place typed as "other" may be someone's address.
        group=question.get("group_name") or (_("Đơn vị khác") if question.get("group_other") else ""),
        status=question["status"], outcome=_outcome(question["status"]),
        detail=_detail(question, numbers) if decided or question["status"] == Status.MERGED else "",
        text=question["text"] if admitted else "",
        conclusion=(question["conclusion"] or "") if decided else "",
        asker=(question["asker_name"] or "") if admitted and question["show_name"] else "",
        withheld=_("Nội dung không công bố: ý kiến chưa được đưa ra hội nghị, được chuyển xử lý sau.")
        if decided and not admitted else "",
        petition=question.get("source") == "petition",
        followup=state.value if state else None,
        followup_label=_(FOLLOW_UP_LABELS[state]) if state else "",
        done_on=vn_date(question["followup_done_on"]) if state == FollowUpState.DONE else "",
    )


def public(record: Record, meeting_over: bool, today: date | None = None) -> Results:
    """The record's results as the public may see them."""
    today_iso = (today or clock.hall_today()).isoformat()
    numbers = {q["id"]: q["number"] for q in record.questions}
    # One "other" group, as in the minutes: the conference's "Khác" field when it has one.
    other = topics.other_name(record.questions, other=_("Lĩnh vực khác"))
    matters = [matter(q, numbers, today_iso, other) for q in record.questions]
    per_field = [(name, len(rows)) for name, rows in by_field(record.questions, other)]
    per_outcome = [(_outcome(s.value), record.counts[s.value]) for s in ACCOUNTED]
    undecided = sum(record.counts[s.value] for s in UNDECIDED)
    if undecided:
        per_outcome.append((_("Chưa xử lý"), undecided))
    followup = {state.value: 0 for state in FollowUpState}
    for m in matters:
        if m.followup:
            followup[m.followup] += 1
    groups = [{"name": g["name"], "present": g["residents_present"], "quota": g["quota"],
               "reached": attendance.meets_minimum(g)}
              for g in record.summary["groups"] if g["kind"] == "tdp"]
    conference = {k: record.conference.get(k) for k in ("id", "title", "held_on", "venue")}
    conference["held_on_text"] = vn_date(record.conference.get("held_on"))
    return Results(conference, meeting_over, dict(record.counts), matters, per_field, per_outcome, followup, groups,
                   record.present)


# ---------------------------------------------------------------- charts


def chart_list(results: Results, groups: list[dict[str, Any]] | None = None) -> list[charts.Chart]:
    """The four charts of the results: attendance against the minimum, matters per field and
    per outcome, the follow-up. `groups`: the record's groups (with `kind`), else the TDPs."""
    tdps = [{"kind": "tdp", "name": g["name"], "residents_present": g["present"]} for g in results.groups]
    follow = results.followup
    return [
        charts.attendance_chart(groups or tdps, results.minimum, _("Đại diện nhân dân có mặt theo tổ dân phố"),
                                _("số người"), ngettext("Tối thiểu %(n)d người", "Tối thiểu %(n)d người", results.minimum,
                                         n=results.minimum),
                                _("Chưa đạt"), _("Đạt")),
        charts.count_chart("fields", _("Ý kiến, kiến nghị theo lĩnh vực"), results.per_field, _("số ý kiến")),
        charts.count_chart("outcomes", _("Ý kiến, kiến nghị theo kết quả"), results.per_outcome, _("số ý kiến"),
                           charts.GREY),
        charts.followup_chart(_("Theo dõi sau hội nghị"), _("số việc"),
                              (_(FOLLOW_UP_LABELS[FollowUpState.DONE]), follow["done"]),
                              (_(FOLLOW_UP_LABELS[FollowUpState.IN_PROGRESS]), follow["in_progress"]),
                              (_(FOLLOW_UP_LABELS[FollowUpState.OVERDUE]), follow["overdue"])),
    ]


_CACHE: OrderedDict[tuple, Any] = OrderedDict()  # the same figures draw the same picture
_CACHE_SIZE = 48


def _cached(kind: str, chart: charts.Chart, font: str | None) -> Any:
    key = (kind, repr(chart))
    if key in _CACHE:
        _CACHE.move_to_end(key)
        return _CACHE[key]
    value = charts.svg(chart, font) if kind == "svg" else charts.png(chart, font)
    _CACHE[key] = value
    while len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return value


def font_path(node_modules: str) -> str | None:
    path = Path(node_modules).joinpath(*FONT_FILE)
    return str(path) if path.exists() else None


def svgs(drawn: list[charts.Chart], node_modules: str) -> dict[str, str]:
    """Each chart as inline SVG, by key (attendance, fields, outcomes, followup). The charts'
    words are made by `chart_list` where the translations are (the request), the drawing may
    run on another thread."""
    font = font_path(node_modules)
    return {chart.key: _cached("svg", chart, font) for chart in drawn}


def pngs(drawn: list[charts.Chart], node_modules: str) -> list[tuple[str, bytes]]:
    """Each chart as (its title, a PNG), for the Word report and the PDF."""
    font = font_path(node_modules)
    return [(chart.title, _cached("png", chart, font)) for chart in drawn]


# ---------------------------------------------------------------- the A4 PDF for the notice boards


def _cut(text: str, limit: int) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return (cut if len(cut) > limit // 2 else text[:limit]) + "…"


def pdf(results: Results, node_modules: str, pictures: list[tuple[str, bytes]] | None = None) -> bytes:
    """The results on A4 for the TDPs' notice boards: a heading, the accounting, one block per
    matter (kept whole on a page), then the charts."""
    from fpdf import FPDF
    from fpdf.enums import XPos, YPos

    from office.invitations import font_paths

    class ResultsPDF(FPDF):
        def footer(self) -> None:
            self.set_y(-12)
            self.set_font("DejaVu", "", 8)
            self.set_text_color(90, 90, 90)
            self.cell(0, 5, _("Trang %(n)d/{nb}", n=self.page_no()), align="C")
            self.set_text_color(0, 0, 0)

    document = ResultsPDF(format="A4")
    for style, path in font_paths(node_modules).items():
        document.add_font("DejaVu", style, str(path))
    document.set_margins(15, 15, 15)
    document.set_auto_page_break(True, margin=16)
    document.alias_nb_pages()
    document.set_title(_("Kết quả hội nghị đối thoại"))
    document.add_page()
    width = document.epw

    def write(text: str, size: float = 10.5, style: str = "", height: float = 5.2, align: str = "L") -> None:
        document.set_font("DejaVu", style, size)
        document.multi_cell(width, height, text, align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    write(_("KẾT QUẢ HỘI NGHỊ ĐỐI THOẠI"), 15, "B", 8, "C")
    write(results.conference["title"] or "", 12, "B", 6, "C")
    place = ", ".join(p for p in (results.conference["held_on_text"], results.conference.get("venue") or "") if p)
    write(place, 10.5, "I", 6, "C")
    document.ln(3)
    write(summary_line(results), 10.5)
    if not results.meeting_over:
        write(_("Hội nghị đang diễn ra: kết quả được cập nhật khi từng ý kiến được xử lý."), 10, "I")
    document.ln(2)
    for m in results.matters:
        lines: list[tuple[Any, ...]] = [(_("Câu %(n)d", n=m.number) + " · " + " · ".join(p for p in (m.field, m.group) if p), 11, "B")]
        if m.text:
            lines.append((_cut(m.text, PDF_TEXT_CAP), 10.5, ""))
        elif m.withheld:
            lines.append((m.withheld, 10, "I"))
        if m.asker:
            lines.append((_("Người hỏi: %(name)s", name=m.asker), 9.5, "I"))
        lines.append((_("Kết quả: %(o)s", o=m.outcome) + (f" — {m.detail}" if m.detail else ""), 10, "B"))
        if m.conclusion:
            lines.append((_("Kết luận: %(c)s", c=_cut(m.conclusion, PDF_TEXT_CAP)), 10, ""))
        if m.followup:
            state = m.followup_label + (f" ({m.done_on})" if m.done_on else "")
            lines.append((_("Theo dõi: %(s)s", s=state), 10, "B" if m.followup == "overdue" else "I", True))
        # A matter is kept whole: a new page when it would not fit.
        needed = 0.0
        for text, size, style, *_red in lines:
            document.set_font("DejaVu", style, size)
            needed += len(document.multi_cell(width, 5, text, dry_run=True, output="LINES")) * 5
        if document.get_y() + needed + 3 > document.page_break_trigger:
            document.add_page()
        document.set_draw_color(170, 170, 170)
        document.line(document.l_margin, document.get_y(), document.l_margin + width, document.get_y())
        document.ln(1.5)
        for text, size, style, *red in lines:
            if red and m.followup == "overdue":  # in red, as on the follow-up sheet
                document.set_text_color(176, 0, 32)
            write(text, size, style, 5)
            document.set_text_color(0, 0, 0)
        document.ln(2)
    if not results.matters:
        write(_("Hội nghị chưa nhận ý kiến, kiến nghị nào."), 11, "I")
    if pictures:
        document.add_page()
    for title, picture in pictures or []:
        from PIL import Image

        with Image.open(io.BytesIO(picture)) as image:
            height = width * image.height / image.width
        if document.get_y() + height + 16 > document.page_break_trigger:
            document.add_page()
        write(title, 11, "B", 6)
        document.image(io.BytesIO(picture), w=width, alt_text=title)
        document.ln(6)
    return bytes(document.output())


def summary_line(results: Results) -> str:
    """How many matters were received and what became of them (the record's accounting)."""
    counts = results.counts
    text = _("Hội nghị nhận %(t)d ý kiến, kiến nghị: trả lời tại hội nghị %(a)d; tiếp thu, chỉ đạo giải quyết %(s)d; "
             "trả lời bằng văn bản %(w)d; hướng dẫn chuyển cơ quan có thẩm quyền %(r)d; gộp do trùng nội dung %(m)d; "
             "không đưa ra hội nghị %(x)d", t=counts["total"], a=counts["answered"], s=counts["resolving"],
             w=counts["written_reply"], r=counts["referred"], m=counts["merged"], x=counts["rejected"])
    undecided = sum(counts[s.value] for s in UNDECIDED)
    if undecided:
        text += _("; chưa xử lý %(u)d", u=undecided)
    return text + "."
