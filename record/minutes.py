"""The minutes (biên bản) as Word, laid out per Decree 30/2020/NĐ-CP: the attendance
per category and per TDP against the plan's minimum (`office.attendance`), then every
question in the order it was taken up; "passed at the meeting" only when it was, and the
signatures kept on the page of the closing line."""
from __future__ import annotations

import io

from docx.shared import Mm, Pt

from office import attendance, officers
from projector.ask_back import record_line
from projector.vocabulary import Status, record_label

from .data import (WITHOUT_HALL_ANSWER, Record, accounting, asker, chair_line, decree30_date, named, not_discussed, outcome_line, vi, vn_date, ward_attendance,
                   with_walk_ins, xml_safe)
from .docx_layout import (DOTS, closing, grid, header, heading, keep_with_next, labelled, new_document, para, shorten, sign,
                          signature_table, text_block, title)
from .notes import person_name
from .topics import NO_FIELD, by_field

TEXT_CAP = 300  # a question's text in the tables of sections IV and V (cut at a word, never mid-word)


def minutes(record: Record) -> bytes:
    conference, notes, summary = record.conference, record.notes, record.summary
    document = new_document()
    header(document, record, "BB", notes.get("document_number"), conference["held_on"])
    title(document, "BIÊN BẢN", conference["title"])

    heading(document, vi("I. THỜI GIAN, ĐỊA ĐIỂM"))
    opened = notes.get("opened_at") or DOTS
    para(document, vi("Vào hồi %(t)s, %(d)s, tại %(v)s.", t=opened, d=decree30_date(conference["held_on"]),
                      v=conference.get("venue") or DOTS), indent=True)

    heading(document, vi("II. THÀNH PHẦN"))
    labelled(document, vi("Chủ trì:"), chair_line(record))
    labelled(document, vi("Thư ký:"), notes.get("secretary_name") or "")
    para(document, vi("Tổng số đại biểu được mời: %(i)d; có mặt: %(p)d%(w)s.", i=sum(c["invited"] for c in record.categories),
                      p=record.present, w=with_walk_ins(record)), indent=True)
    grid(document, [vi("Thành phần"), vi("Được mời"), vi("Có mặt"), vi("Khách không có giấy mời")],
          [[c["label"], c["invited"], c["present"], c["walk_in"]] for c in record.categories], [60, 30, 30, 45])
    _ward_delegates(document, record)
    para(document)
    tdps = [g for g in summary["groups"] if g["kind"] == "tdp"]
    grid(document, [vi("Tổ dân phố"), vi("Cán bộ TDP có mặt"), vi("Đại diện nhân dân có mặt / chỉ tiêu"), vi("Ghi chú")],
          [[g["name"], f"{g['officers_present']}/{g['officers_invited']}", f"{g['residents_present']}/{g['quota']}",
            _tdp_note(g)] for g in tdps],
          [38, 30, 37, 60])
    if record.short_groups:
        para(document, vi("Các tổ dân phố chưa đủ số đại diện nhân dân theo kế hoạch (ít nhất %(m)d mỗi tổ dân phố): %(g)s.",
                          m=attendance.MINIMUM_RESIDENTS,
                          g=", ".join(g["name"] for g in record.short_groups)), italic=True, indent=True)
    low = [g for g in tdps if g["below_minimum"]]
    if low:
        para(document, vi("Các tổ dân phố có chỉ tiêu dưới mức tối thiểu %(m)d đại diện nhân dân của kế hoạch: %(g)s.",
                          m=attendance.MINIMUM_RESIDENTS, g="; ".join(
                              vi("%(name)s (chỉ tiêu %(q)d, lý do: %(r)s)", name=g["name"], q=g["quota"],
                                 r=g["quota_reason"] or vi("chưa ghi")) for g in low)), italic=True, indent=True)
    for lead, roles_of in (
        (vi("Các tổ dân phố vắng cán bộ chủ chốt (Bí thư chi bộ, Trưởng Ban công tác Mặt trận, Tổ trưởng TDP)"),
         lambda g: attendance.officers_absent(g, invited_only=True)),
        (vi("Các tổ dân phố chưa mời cán bộ chủ chốt"), attendance.officers_uninvited),
    ):
        listed = [(g, roles_of(g)) for g in tdps]
        listed = [(g, roles) for g, roles in listed if roles]
        if listed:
            para(document, f"{lead}: " + "; ".join(f"{g['name']} ({officers.in_words(roles)})" for g, roles in listed) + ".",
                 italic=True, indent=True)

    heading(document, vi("III. NỘI DUNG"))
    heading(document, vi("1. Chương trình hội nghị"))
    text_block(document, notes.get("programme"))
    heading(document, vi("2. Tóm tắt báo cáo"))
    labelled(document, vi("Người trình bày:"), notes.get("presenter") or "")
    text_block(document, notes.get("report_summary"))
    heading(document, vi("3. Ý kiến, kiến nghị của Nhân dân và nội dung trả lời"))
    para(document, accounting(record), indent=True)
    # "Đối thoại theo từng vấn đề, chủ đề": the questions under their fields, as taken up.
    fields = by_field(record.taken_up)
    for field_number, (field_name, questions) in enumerate(fields, 1):
        if len(fields) > 1 or field_name != vi(NO_FIELD):
            keep_with_next(para(document, vi("3.%(i)d. %(f)s (%(n)d ý kiến đã đối thoại)", i=field_number,
                                             f=xml_safe(field_name), n=len(questions)), bold=True, italic=True))
        for question in questions:
            paragraph = document.add_paragraph()
            paragraph.paragraph_format.first_line_indent = Mm(10)
            paragraph.add_run(vi("Câu %(n)d. %(who)s: ", n=question["number"], who=xml_safe(asker(question)))).bold = True
            paragraph.add_run(xml_safe(question["text"]))
            keep_with_next(paragraph)  # the question never ends a page without its answer's first line
            if question["ask_back"]:
                labelled(document, vi("Hỏi lại:"), record_line(question))
            if question["responder"] or question["status"] not in WITHOUT_HALL_ANSWER:
                labelled(document, vi("Người trả lời:"), question["responder"])
            # An answer given in the hall is summarised (its blank is on the page's list of what is
            # missing); a matter left for later (in writing, referred, to be resolved) had none to
            # summarise unless one was written: no blank line printed for it.
            if question["answer_summary"] or question["status"] == Status.ANSWERED:
                labelled(document, vi("Tóm tắt trả lời:"), question["answer_summary"])
            labelled(document, vi("Kết luận của chủ trì:"), question["conclusion"])
            labelled(document, vi("Kết quả:"), outcome_line(question) if question["status"] != Status.ON_SCREEN else "")

    # Every question received is listed once more under its outcome, with its number.
    by = record.by_outcome
    _listed(document, vi("IV. CÁC NỘI DUNG TIẾP THU, CHỈ ĐẠO GIẢI QUYẾT"), by[Status.RESOLVING.value],
            [vi("Câu"), vi("Nội dung"), vi("Đơn vị, người chủ trì giải quyết"), vi("Thời hạn")],
            lambda q: [q["reply_by"] or DOTS, vn_date(q["reply_due"]) or DOTS], [14, 87, 36, 28])
    _listed(document, vi("V. CÁC NỘI DUNG TRẢ LỜI BẰNG VĂN BẢN"), by[Status.WRITTEN_REPLY.value],
            [vi("Câu"), vi("Nội dung"), vi("Người trả lời"), vi("Hạn trả lời")],
            lambda q: [q["reply_by"] or DOTS, vn_date(q["reply_due"]) or DOTS], [14, 87, 36, 28])
    _listed(document, vi("VI. CÁC NỘI DUNG HƯỚNG DẪN CHUYỂN CƠ QUAN CÓ THẨM QUYỀN"), by[Status.REFERRED.value],
            [vi("Câu"), vi("Nội dung"), vi("Chuyển tới")], lambda q: [q["referred_to"] or DOTS], [14, 96, 55])
    numbers = {q["id"]: q["number"] for q in record.questions}
    _listed(document, vi("VII. CÁC Ý KIẾN GỘP DO TRÙNG NỘI DUNG, KHÔNG ĐƯA RA HỘI NGHỊ"),
            by[Status.MERGED.value] + by[Status.REJECTED.value],
            [vi("Câu"), vi("Nội dung"), vi("Xử lý")],
            lambda q: [vi("Gộp vào câu %(n)s", n=numbers.get(q["merged_into"], DOTS)) if q["status"] == Status.MERGED
                       else vi("Không đưa ra hội nghị: %(r)s", r=q["reject_reason"] or DOTS)], [14, 96, 55])
    undecided = record.not_reached
    if undecided:
        _listed(document, vi("VIII. CÁC Ý KIẾN CHƯA ĐƯỢC XỬ LÝ"), undecided, [vi("Câu"), vi("Nội dung"), vi("Tình trạng")],
                lambda q: [record_label(q["status"])], [14, 96, 55])
    last = None
    if notes.get("other_notes"):
        heading(document, vi("%(n)s. Ý KIẾN KHÁC", n="IX" if undecided else "VIII"))
        last = text_block(document, notes["other_notes"])[-1]
    ending = vi("Hội nghị kết thúc vào hồi %(t)s cùng ngày.", t=notes.get("closed_at") or DOTS)
    if notes.get("passed_at_meeting"):
        ending += " " + vi("Biên bản được lập xong và thông qua tại hội nghị.")
    closing(document, ending, after=last)
    left, right = signature_table(document, (82.5, 82.5))
    hint = vi("(Ký, ghi rõ họ tên)")
    sign(left, [vi("THƯ KÝ")], notes.get("secretary_name") or "", hint)
    sign(right, [vi("CHỦ TRÌ")], notes.get("chair_name") or person_name(conference.get("chair")), hint)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _ward_delegates(document, record: Record) -> None:
    """Who came from the ward, by name under each of the plan's sub-categories (Party
    committee, HĐND, UBND, the Fatherland Front who supervise…), who answered the residents,
    and the invited ward delegates who were absent. Only what happened: a sub-category nobody
    came for is left out, and so is the absent line when everyone came; the Front, whom the
    plan asks to supervise, is said to be absent when it was invited and nobody came."""
    ward = ward_attendance(record)
    if ward["present"] or ward["front_invited"]:
        intro = para(document, vi("Đại biểu phường dự hội nghị:"), indent=True)
        intro.paragraph_format.space_before = Pt(6)
    for role, people in ward["present"]:
        label = officers.WARD_ROLE_LABELS[role]
        if role == officers.FRONT:
            label = vi("%(l)s (theo dõi, giám sát hội nghị)", l=label)
        labelled(document, f"- {label}:", "; ".join(named(p) for p in people) + ".")
    if ward["front_invited"] and officers.FRONT not in dict(ward["present"]):
        labelled(document, f"- {officers.WARD_ROLE_LABELS[officers.FRONT]}:",
                 vi("được mời theo dõi, giám sát nhưng không có đại biểu có mặt."))
    if record.responders:
        labelled(document, vi("Tham gia trả lời ý kiến của Nhân dân:"), "; ".join(record.responders) + ".")
    if ward["absent"]:
        labelled(document, vi("Đại biểu phường được mời vắng mặt:"), "; ".join(named(p) for p in ward["absent"]) + ".")


def _tdp_note(group: dict) -> str:
    """Section II's "Ghi chú" for one TDP: short of its residents, a quota under the plan's
    minimum (with the reason the ward gave), which of its three officers invited were absent,
    and which were never invited."""
    notes = []
    if not attendance.meets_minimum(group):
        notes.append(vi("chưa đủ %(n)d đại diện", n=attendance.required(group)))
    if group["below_minimum"]:
        notes.append(vi("chỉ tiêu dưới mức tối thiểu %(m)d: %(r)s", m=attendance.MINIMUM_RESIDENTS,
                        r=group["quota_reason"] or vi("chưa ghi lý do")))
    roles = attendance.officers_absent(group, invited_only=True)
    if roles:
        notes.append(vi("vắng %(r)s", r=officers.in_words(roles)))
    roles = attendance.officers_uninvited(group)
    if roles:
        notes.append(vi("chưa mời %(r)s", r=officers.in_words(roles)))
    return "; ".join(notes)


def _asked_back(question: dict) -> str:
    """The chairman's question back and its answer, for a question the meeting never reached
    (one taken up has them in section 3): it happened, the minutes say so."""
    if not question.get("ask_back") or question.get("shown_at"):
        return ""
    return " " + vi("Hỏi lại: %(e)s", e=record_line(question))


def _listed(document, title_text: str, questions: list, columns: list[str], extra, widths: list[int]) -> None:
    """One outcome's questions as a table (number, text cut at a word, what is owed), or "Không có";
    a question the meeting did not reach says so after its text."""
    heading(document, title_text)
    if questions:
        grid(document, columns, [[q["number"], shorten(q["text"], TEXT_CAP) + not_discussed(q) + _asked_back(q), *extra(q)]
                                 for q in questions], widths)
    else:
        para(document, vi("Không có."), indent=True)
