"""The minutes (biên bản) as Word, laid out per Decree 30/2020/NĐ-CP: the attendance
per category and per TDP against the plan's minimum (`office.attendance`), then every
question in the order it was taken up."""
from __future__ import annotations

import io

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm

from office import attendance
from projector.vocabulary import Status

from .data import Record, asker, outcome_line, vi, vn_date, xml_safe
from .docx_layout import DOTS, grid, header, labelled, new_document, para, signatures


def minutes(record: Record) -> bytes:
    conference, notes, summary = record.conference, record.notes, record.summary
    document = new_document()
    header(document, record, "BB")
    para(document)
    para(document, "BIÊN BẢN", bold=True, size=15, align=WD_ALIGN_PARAGRAPH.CENTER)
    para(document, conference["title"], bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)

    para(document, vi("I. THỜI GIAN, ĐỊA ĐIỂM"), bold=True)
    opened = notes.get("opened_at") or DOTS
    para(document, vi("Vào hồi %(t)s, ngày %(d)s, tại %(v)s.", t=opened, d=vn_date(conference["held_on"]),
                      v=conference.get("venue") or DOTS), indent=True)

    para(document, vi("II. THÀNH PHẦN"), bold=True)
    labelled(document, vi("Chủ trì:"), notes.get("chair_name") or conference.get("chair") or "")
    labelled(document, vi("Thư ký:"), notes.get("secretary_name") or "")
    para(document, vi("Tổng số đại biểu được mời: %(i)d; có mặt: %(p)d.", i=sum(c["invited"] for c in record.categories),
                      p=summary["present"]), indent=True)
    grid(document, [vi("Thành phần"), vi("Được mời"), vi("Có mặt"), vi("Khách không có giấy mời")],
          [[c["label"], c["invited"], c["present"], c["walk_in"]] for c in record.categories])
    para(document)
    tdps = [g for g in summary["groups"] if g["kind"] == "tdp"]
    grid(document, [vi("Tổ dân phố"), vi("Cán bộ TDP có mặt"), vi("Đại diện nhân dân có mặt / chỉ tiêu"), vi("Ghi chú")],
          [[g["name"], f"{g['officers_present']}/{g['officers_invited']}", f"{g['residents_present']}/{g['quota']}",
            vi("chưa đủ %(n)d đại diện", n=attendance.required(g)) if not attendance.meets_minimum(g) else ""] for g in tdps])
    if record.short_groups:
        para(document, vi("Các tổ dân phố chưa đủ số đại diện nhân dân: %(g)s.",
                          g=", ".join(g["name"] for g in record.short_groups)), italic=True, indent=True)

    para(document, vi("III. NỘI DUNG"), bold=True)
    para(document, vi("1. Chương trình hội nghị"), bold=True)
    para(document, notes.get("programme") or DOTS, indent=True)
    para(document, vi("2. Tóm tắt báo cáo của Phó Chủ tịch UBND phường"), bold=True)
    para(document, notes.get("report_summary") or DOTS, indent=True)
    para(document, vi("3. Ý kiến, kiến nghị của Nhân dân và nội dung trả lời"), bold=True)
    counts = record.counts
    para(document, vi(
        "Hội nghị nhận %(t)d ý kiến, kiến nghị; trả lời tại hội nghị %(a)d; trả lời bằng văn bản %(w)d; "
        "hướng dẫn chuyển cơ quan có thẩm quyền %(r)d; không đưa ra hội nghị %(x)d; gộp do trùng nội dung %(m)d.",
        t=counts["total"], a=counts["answered"], w=counts["written_reply"], r=counts["referred"],
        x=counts["rejected"], m=counts["merged"]), indent=True)
    for question in record.taken_up:
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.first_line_indent = Mm(10)
        paragraph.add_run(vi("Câu %(n)d. %(who)s: ", n=question["number"], who=xml_safe(asker(question)))).bold = True
        paragraph.add_run(xml_safe(question["text"]))
        labelled(document, vi("Người trả lời:"), question["responder"])
        labelled(document, vi("Tóm tắt trả lời:"), question["answer_summary"])
        labelled(document, vi("Kết luận của chủ trì:"), question["conclusion"])
        labelled(document, vi("Kết quả:"), outcome_line(question) if question["status"] != Status.ON_SCREEN else "")

    para(document, vi("IV. CÁC NỘI DUNG TRẢ LỜI BẰNG VĂN BẢN"), bold=True)
    if record.written:
        grid(document, [vi("Câu"), vi("Nội dung"), vi("Người trả lời"), vi("Hạn trả lời")],
              [[q["number"], q["text"][:300], q["reply_by"] or DOTS, vn_date(q["reply_due"]) or DOTS] for q in record.written])
    else:
        para(document, vi("Không có."), indent=True)
    para(document, vi("V. CÁC NỘI DUNG HƯỚNG DẪN CHUYỂN CƠ QUAN CÓ THẨM QUYỀN"), bold=True)
    if record.referred:
        grid(document, [vi("Câu"), vi("Nội dung"), vi("Chuyển tới")],
              [[q["number"], q["text"][:300], q["referred_to"] or DOTS] for q in record.referred])
    else:
        para(document, vi("Không có."), indent=True)
    if notes.get("other_notes"):
        para(document, vi("VI. Ý KIẾN KHÁC"), bold=True)
        para(document, notes["other_notes"], indent=True)
    para(document, vi("Hội nghị kết thúc vào hồi %(t)s cùng ngày. Biên bản được lập xong và thông qua tại hội nghị.",
                      t=notes.get("closed_at") or DOTS), indent=True)
    para(document)
    signatures(document, vi("THƯ KÝ"), notes.get("secretary_name") or "", vi("CHỦ TRÌ"),
                notes.get("chair_name") or conference.get("chair") or "")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
