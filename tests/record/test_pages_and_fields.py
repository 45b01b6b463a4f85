"""What a reviewer of the official documents checks beyond their words: the page number
Decree 30/2020/NĐ-CP asks for (top centre, Arabic numerals, never on the first page), one
"other" group of questions (never "Khác" and "Lĩnh vực khác" side by side), and the charts'
labels whole (wrapped, never cut with "…")."""
from __future__ import annotations

import io
from xml.etree import ElementTree

import pytest
from docx import Document
from docx.oxml.ns import qn

from conference import store
from record import charts, data, results, topics

from ..conftest import docx_text, login
from ..projector.test_topics import LONG_FIELD, ask, conference  # noqa: F401 (a fixture)

REFERRED = "Hướng dẫn chuyển cơ quan có thẩm quyền"


def answered(app, chairman, text: str, **extra) -> int:
    """A question taken up at the meeting and answered there."""
    question = ask(app, text, **extra)
    for status in ("approved", "on_screen"):
        assert chairman.patch(f"/api/questions/{question}", json={"status": status}).status_code == 200
    assert chairman.patch(f"/api/questions/{question}", json={
        "status": "answered", "responder": "Công chức Văn phòng", "conclusion": "Đã trả lời."}).status_code == 200
    return question


# ---------------------------------------------------------------- 1. the page number


def _field_parts(paragraph) -> list[tuple[str, str]]:
    """A header paragraph's runs as (kind, value): fldChar types, instrText, text."""
    parts = []
    for run in paragraph.iter(qn("w:r")):
        for child in run:
            if child.tag == qn("w:fldChar"):
                parts.append(("fldChar", child.get(qn("w:fldCharType"))))
            elif child.tag == qn("w:instrText"):
                parts.append(("instrText", child.text.strip()))
            elif child.tag == qn("w:t"):
                parts.append(("t", child.text))
    return parts


@pytest.mark.parametrize("path", ["/record/minutes.docx", "/record/report.docx"])
def test_pages_are_numbered_at_the_top_centre_but_not_the_first(app, conference, path):
    content = login(app, "secretary").get(path).data
    document = Document(io.BytesIO(content))
    assert len(document.sections) == 1
    section = document.sections[0]
    # titlePg: the first page has a header of its own, and it is empty.
    assert section._sectPr.find(qn("w:titlePg")) is not None
    assert section.different_first_page_header_footer
    first = section.first_page_header
    assert not first.is_linked_to_previous
    assert "".join(p.text for p in first.paragraphs).strip() == ""
    assert first._element.find(".//" + qn("w:fldChar")) is None
    # Every other page: a PAGE field, centred, in Times New Roman at 13–14 pt.
    header = section.header
    assert not header.is_linked_to_previous
    numbered = [p for p in header.paragraphs if p._p.find(".//" + qn("w:instrText")) is not None]
    assert len(numbered) == 1
    paragraph = numbered[0]
    parts = _field_parts(paragraph._p)
    kinds = [value for kind, value in parts if kind == "fldChar"]
    assert kinds == ["begin", "separate", "end"]
    assert ("instrText", "PAGE") in parts
    placeholder = parts[parts.index(("fldChar", "separate")) + 1]
    assert placeholder[0] == "t" and placeholder[1].isdigit()  # Arabic numerals
    jc = paragraph._p.find(qn("w:pPr") + "/" + qn("w:jc"))
    assert jc is not None and jc.get(qn("w:val")) == "center"
    for run in paragraph.runs:
        assert run.font.name == "Times New Roman"
        assert 13 <= run.font.size.pt <= 14
    # The number sits in the top margin, not over the text.
    assert section.header_distance < section.top_margin


# ---------------------------------------------------------------- 2. one "other" group


def _fields(app, conference) -> dict[str, int]:
    with app.app_context():
        return {t["name"]: t["id"] for t in store.topics_list(store.db(), conference["id"])}


def test_questions_without_a_field_join_the_conference_s_other_field(app, conference):
    fields = _fields(app, conference)
    assert "Khác" in fields  # the default fields end with it
    chairman = login(app, "chairman")
    answered(app, chairman, "Cấp sổ đỏ khu tập thể cũ.", topic_id=fields["Đất đai - xây dựng"])
    answered(app, chairman, "Đèn đường ngõ 7 hỏng.", topic_id=fields["Khác"])
    answered(app, chairman, "Không chọn lĩnh vực nào.")
    secretary = login(app, "secretary")

    minutes = docx_text(secretary.get("/record/minutes.docx").data)
    assert "3.2. Khác (2 ý kiến đã đối thoại)" in minutes  # taken up in the hall; the report counts all received
    assert "Lĩnh vực khác" not in minutes and "3.3." not in minutes

    report = docx_text(secretary.get("/record/report.docx").data)
    assert "Khác (2 ý kiến):" in report
    assert "Lĩnh vực khác" not in report

    # The public results' count per field (Biểu đồ 2) has the same one group.
    with app.app_context():
        public = results.public(data.gather(store.db(), conference), True)
    assert dict(public.per_field) == {"Đất đai - xây dựng": 1, "Khác": 2}
    # And each matter says the field it is counted under.
    assert [m.field for m in public.matters] == ["Đất đai - xây dựng", "Khác", "Khác"]
    assert "Lĩnh vực khác" not in app.test_client().get("/results").get_data(as_text=True)


def test_by_field_merges_case_and_diacritics_aside_and_keeps_lĩnh_vực_khác_only_without_such_a_field():
    land = {"id": 1, "topic_id": 1, "topic_name": "Đất đai", "shown_at": "2026-12-14T02:00:00Z", "number": 1}
    other = {"id": 2, "topic_id": 9, "topic_name": "KHÁC", "shown_at": "2026-12-14T02:01:00Z", "number": 2}
    loose = {"id": 3, "topic_id": None, "topic_name": None, "shown_at": "2026-12-14T02:02:00Z", "number": 3}

    def names(groups):
        return [(name, [q["id"] for q in rows]) for name, rows in groups]

    assert names(topics.by_field([land, other, loose])) == [("Đất đai", [1]), ("KHÁC", [2, 3])]
    # The field is on the chairman's list though no question is in it yet: they still join it.
    listed = [{"id": 1, "name": "Đất đai"}, {"id": 9, "name": "Khác"}]
    assert names(topics.by_field([land, loose], listed)) == [("Đất đai", [1]), ("Khác", [3])]
    assert topics.other_name([land, loose], listed) == "Khác"
    # No such field: the record's own words, or the page's language.
    assert names(topics.by_field([land, loose], [{"id": 1, "name": "Đất đai"}])) == [("Đất đai", [1]), ("Lĩnh vực khác", [3])]
    assert names(topics.by_field([land, loose], other="Other fields")) == [("Đất đai", [1]), ("Other fields", [3])]
    assert topics.other_name([land, loose]) == "Lĩnh vực khác"
    # "Khách sạn" is not "Khác": the whole name is compared.
    hotel = {**other, "topic_name": "Khách sạn"}
    assert names(topics.by_field([hotel, loose])) == [("Khách sạn", [2]), ("Lĩnh vực khác", [3])]


# ---------------------------------------------------------------- 3. chart labels whole


def test_a_long_label_wraps_onto_lines_and_is_never_cut():
    for width in (charts.WIDTH_IN, charts.PAGE_WIDTH_IN):
        limit = charts.label_width(width)
        lines = charts.wrap_label(REFERRED, limit)
        assert len(lines) == 2 and " ".join(lines) == REFERRED
        assert all(len(line) <= limit for line in lines)
        long_lines = charts.wrap_label(LONG_FIELD, limit)
        assert " ".join(long_lines) == LONG_FIELD and all(len(line) <= limit for line in long_lines)
        drawn = charts.tick_labels(["Đã trả lời", REFERRED], width)
        assert drawn[0] == "Đã trả lời" and drawn[1].replace("\n", " ") == REFERRED
        assert not any("…" in label for label in drawn)
    # A word longer than a line is split, nothing dropped; control characters go.
    assert "".join(charts.wrap_label("x" * 50, 20)) == "x" * 50
    assert charts.wrap_label("TDP\x01 số\x0b 4", 20) == ["TDP số 4"]


def test_a_wrapped_label_gets_the_room_of_its_lines():
    one = charts.row_height(["Đã trả lời"])
    two = charts.row_height(charts.tick_labels([REFERRED]))
    six = charts.row_height(charts.tick_labels([LONG_FIELD], charts.PAGE_WIDTH_IN))
    assert one == charts.BAR_IN
    assert two >= 2 * charts.LINE_IN and six >= 6 * charts.LINE_IN > two


def test_the_outcomes_chart_draws_the_whole_label():
    chart = charts.count_chart("outcomes", "Ý kiến, kiến nghị theo kết quả",
                               [("Đã trả lời", 3), (REFERRED, 1), (LONG_FIELD, 2)], "số ý kiến", charts.GREY)
    svg = charts.svg(chart)
    assert "…" not in svg
    # The text drawn, line after line: each label whole, over as many lines as it needs.
    drawn = " ".join(element.text or "" for element in ElementTree.fromstring(svg).iter(f"{{{charts.SVG_NS}}}text"))
    assert REFERRED in drawn and LONG_FIELD in drawn
    assert charts.png(chart)[:8] == b"\x89PNG\r\n\x1a\n"
