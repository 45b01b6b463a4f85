"""The chairman's moderator page in a real browser: nothing typed is lost (an outcome sends the
unsaved answer with it; a refused save keeps every field), every choice is made in the page —
never in a browser pop-up —, one number per question, and closing the meeting is confirmed
in place."""
from __future__ import annotations

import json
import re
import urllib.request

import pytest
from playwright.sync_api import expect

from .. import live
from .conftest import desk, login, screenshot

ROWS = [["Họ và tên", "Đơn vị"], ["Nguyễn Văn An", "TDP số 1"], ["Trần Thị Bình", "TDP số 2"]]
pytestmark = [pytest.mark.browser, pytest.mark.roster(ROWS)]


def ask(url: str, text: str, **fields) -> dict:
    """A phone sends a question (a new phone each time: no cookie)."""
    request = urllib.request.Request(url + "/api/questions", data=json.dumps({"text": text, **fields}).encode(),
                                     method="POST", headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)


def by_number(url: str) -> dict[int, dict]:
    """Every question as the server has it, by its number."""
    status, body = live.Client(url, "chairman").call("GET", "/api/questions")
    assert status == 200
    return {q["number"]: q for q in body}


def chairman(page, url: str) -> list[str]:
    """The chairman's page, with every browser dialog (alert, confirm, prompt) recorded."""
    popups: list[str] = []

    def refuse(dialog):
        popups.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", refuse)
    page.set_viewport_size({"width": 1366, "height": 768})
    login(page, url, "chairman")
    expect(page).to_have_url(re.compile(r"/moderator$"))
    return popups


def card(page, n: int):
    return page.locator(".q").filter(has=page.locator(".number", has_text=re.compile(rf"^Câu {n}$")))


def column(page, name: str):
    return page.locator(f'[data-column="{name}"] .q')


def refuse_next_patch(page, message: str) -> None:
    """The server says no to the next change of a question (as a conflict would), once."""
    page.route("**/api/questions/*", lambda route: route.fulfill(
        status=409, content_type="application/json", body=json.dumps({"error": "conflict", "message": message})),
        times=1)


def test_answered_sends_the_unsaved_responder_and_conclusion(server, page):
    ask(server, "Đề nghị sửa đèn chiếu sáng ngõ 5, tối đi lại rất nguy hiểm")
    popups = chairman(page, server)
    first = card(page, 1)
    expect(first).to_contain_text("Đề nghị sửa đèn")
    first.get_by_role("button", name="Duyệt").click()
    expect(column(page, "approved")).to_have_count(1)
    card(page, 1).get_by_role("button", name="Lên màn hình").click()
    live_card = column(page, "on_screen").first
    expect(live_card).to_contain_text("Câu 1")

    live_card.get_by_label("Người trả lời").fill("Công chức Địa chính - Xây dựng")
    live_card.get_by_label("Tóm tắt trả lời").fill("Đèn hỏng do chập dây; sẽ thay trong tuần.")
    conclusion = live_card.get_by_label("Kết luận của chủ trì")
    conclusion.fill("Giao Công chức Địa chính - Xây dựng kiểm tra, thay bóng đèn trong tuần.")
    expect(live_card.locator(".unsaved")).to_be_visible()

    # A redraw (another phone's question arrives) keeps what was typed, and the caret.
    ask(server, "Xin hỏi lịch thu gom rác của tổ 2")
    expect(column(page, "pending")).to_have_count(1)
    expect(conclusion).to_have_value(re.compile("thay bóng đèn trong tuần"))
    expect(conclusion).to_be_focused()

    # Refused once: the card says so in place, and nothing typed is lost.
    refuse_next_patch(page, "Câu hỏi đã thay đổi; hãy thử lại.")
    live_card.get_by_role("button", name="Đã trả lời").click()
    expect(live_card.get_by_role("alert")).to_have_text("Câu hỏi đã thay đổi; hãy thử lại.")
    expect(live_card.get_by_label("Người trả lời")).to_have_value("Công chức Địa chính - Xây dựng")
    expect(live_card.get_by_label("Kết luận của chủ trì")).to_have_value(re.compile("thay bóng đèn"))

    # No "Lưu": the outcome button carries them.
    live_card.get_by_role("button", name="Đã trả lời").click()
    done = card(page, 1)
    expect(done).to_contain_text("đã trả lời")
    expect(done).to_contain_text("thay bóng đèn trong tuần")
    # The summary the minutes will print is seen on the done card too, after who answered.
    expect(done.locator(".outcome .summary")).to_have_text("Tóm tắt trả lời: Đèn hỏng do chập dây; sẽ thay trong tuần.")
    saved = by_number(server)[1]
    assert saved["status"] == "answered"
    assert saved["responder"] == "Công chức Địa chính - Xây dựng"
    assert saved["conclusion"] == "Giao Công chức Địa chính - Xây dựng kiểm tra, thay bóng đèn trong tuần."
    assert popups == []


def test_reject_merge_written_reply_and_referral_in_the_page(server, page):
    ask(server, "Đường ngõ 12 bị ngập nước mỗi khi mưa to")                          # 1
    ask(server, "Ngõ 12 bị ngập nước mỗi khi mưa to, đề nghị nạo vét cống thoát nước")  # 2, a duplicate of 1
    ask(server, "Xin hỏi thủ tục cấp giấy chứng nhận quyền sử dụng đất cho nhà ở tổ 3")   # 3, referral
    ask(server, "Bán hàng online giá rẻ, liên hệ số điện thoại bên dưới")             # 4, not for the meeting
    ask(server, "Tranh chấp lối đi chung giữa hai hộ gia đình ở ngõ 8")                 # 5, written reply
    popups = chairman(page, server)
    dialog = page.locator("#act")
    expect(column(page, "pending")).to_have_count(5)

    # Reject: a reason is required, asked in the page; focus is in the field.
    card(page, 4).get_by_role("button", name="Loại").click()
    expect(dialog).to_be_visible()
    reason = dialog.get_by_label("Lý do không đưa ra hội nghị (ghi vào biên bản)")
    expect(reason).to_be_focused()
    expect(dialog).to_contain_text("Bán hàng online")
    dialog.get_by_role("button", name="Loại").click()
    expect(dialog.get_by_role("alert")).to_contain_text("Hãy điền")
    expect(dialog).to_be_visible()
    reason.fill("Quảng cáo, không thuộc nội dung đối thoại")
    dialog.get_by_role("button", name="Loại").click()
    expect(dialog).to_be_hidden()
    expect(card(page, 4)).to_contain_text("không đưa ra hội nghị")
    expect(card(page, 4)).to_contain_text("Quảng cáo, không thuộc nội dung đối thoại")

    # Escape cancels: nothing changes.
    card(page, 1).get_by_role("button", name="Sửa").click()
    edit = dialog.get_by_label("Nội dung (bản gốc vẫn được lưu)")
    expect(edit).to_have_value("Đường ngõ 12 bị ngập nước mỗi khi mưa to")
    edit.fill("thay đổi sẽ bị huỷ")
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(card(page, 1)).to_contain_text("Đường ngõ 12 bị ngập nước")

    # Merge: the other question is picked from a list (number and start of text), most alike first.
    card(page, 2).get_by_role("button", name="Gộp", exact=True).click()
    choices = dialog.get_by_label("Gộp vào câu hỏi")
    expect(choices.locator("option").first).to_have_text("Câu 1 · Đường ngõ 12 bị ngập nước mỗi khi mưa to")
    expect(choices.locator("option")).to_have_count(3)  # 1, 3, 5: not itself, not the rejected 4
    dialog.get_by_role("button", name="Gộp").click()
    expect(dialog.get_by_role("alert")).to_have_text("Hãy chọn câu hỏi để gộp vào.")
    dialog.get_by_label("Tìm theo từ hoặc số câu").fill("ngap nuoc")  # without diacritics
    expect(choices.locator("option")).to_have_count(1)
    choices.select_option(label="Câu 1 · Đường ngõ 12 bị ngập nước mỗi khi mưa to")
    expect(dialog.locator(".preview")).to_contain_text("Gộp vào câu hỏi — Câu 1")
    dialog.get_by_role("button", name="Gộp").click()
    expect(dialog).to_be_hidden()
    expect(card(page, 2)).to_contain_text("Gộp vào Câu 1")

    # Written reply from pending. The date as typed in a browser without the date picker
    # (there the field is plain text): the Vietnamese way, day first.
    card(page, 5).get_by_role("button", name="Trả lời bằng văn bản").click()
    dialog.get_by_label("Người trả lời bằng văn bản").fill("Công chức Tư pháp - Hộ tịch")
    due = dialog.get_by_label("Hạn")
    due.evaluate("input => { input.type = 'text'; }")
    due.fill("31/02/2026")
    save = dialog.get_by_role("button", name="Trả lời bằng văn bản")
    save.click()
    expect(dialog.get_by_role("alert")).to_contain_text("Hạn không hợp lệ")
    expect(due).to_be_focused()
    expect(dialog.get_by_label("Người trả lời bằng văn bản")).to_have_value("Công chức Tư pháp - Hộ tịch")
    screenshot(page, "moderator-written-reply-refused-date.png")
    due.fill("31/12/2026")
    save.click()
    expect(dialog).to_be_hidden()
    expect(card(page, 5)).to_contain_text("Giao: Công chức Tư pháp - Hộ tịch · hạn 31/12/2026")

    # Referral from the queue.
    card(page, 3).get_by_role("button", name="Duyệt").click()
    expect(column(page, "approved")).to_have_count(1)
    card(page, 3).get_by_role("button", name="Chuyển cơ quan có thẩm quyền").click()
    dialog.get_by_label("Cơ quan có thẩm quyền").fill("Văn phòng đăng ký đất đai")
    dialog.get_by_role("button", name="Chuyển cơ quan có thẩm quyền").click()
    expect(dialog).to_be_hidden()
    expect(card(page, 3)).to_contain_text("Chuyển: Văn phòng đăng ký đất đai")

    saved = by_number(server)
    assert saved[1]["status"] == "pending" and saved[1]["text"] == "Đường ngõ 12 bị ngập nước mỗi khi mưa to"
    assert (saved[2]["status"], saved[2]["merged_into"]) == ("merged", saved[1]["id"])
    assert (saved[3]["status"], saved[3]["referred_to"]) == ("referred", "Văn phòng đăng ký đất đai")
    assert (saved[4]["status"], saved[4]["reject_reason"]) == ("rejected", "Quảng cáo, không thuộc nội dung đối thoại")
    assert (saved[5]["status"], saved[5]["reply_by"], saved[5]["reply_due"]) == (
        "written_reply", "Công chức Tư pháp - Hộ tịch", "2026-12-31")
    assert popups == []


def test_resolving_with_who_and_when_keeps_what_was_typed(server, page):
    ask(server, "Đề nghị xử lý việc lấn chiếm vỉa hè ở đầu ngõ 20")
    popups = chairman(page, server)
    dialog = page.locator("#act")
    card(page, 1).get_by_role("button", name="Duyệt").click()
    card(page, 1).get_by_role("button", name="Lên màn hình").click()
    live_card = column(page, "on_screen").first
    live_card.get_by_label("Kết luận của chủ trì").fill("Giao khảo sát, xử lý dứt điểm lấn chiếm.")
    live_card.get_by_role("button", name="Tiếp thu, chỉ đạo giải quyết").click()
    expect(dialog).to_be_visible()
    who = dialog.get_by_label("Người, đơn vị chủ trì giải quyết")
    expect(who).to_be_focused()
    who.fill("Công chức Địa chính – Xây dựng")
    save = dialog.get_by_role("button", name="Tiếp thu, chỉ đạo giải quyết")
    save.click()
    expect(dialog.get_by_role("alert")).to_have_text("Hãy điền ô “Hạn”.")

    # An ISO date pasted from elsewhere is read too (the field is text, read day first).
    due = dialog.get_by_label("Hạn")
    due.fill("2027-01-15")

    refuse_next_patch(page, "Không lưu được lúc này.")
    save.click()
    expect(dialog.get_by_role("alert")).to_have_text("Không lưu được lúc này.")
    expect(who).to_have_value("Công chức Địa chính – Xây dựng")
    expect(due).to_have_value("2027-01-15")
    save.click()
    expect(dialog).to_be_hidden()
    done = card(page, 1)
    expect(done).to_contain_text("tiếp thu, chỉ đạo giải quyết")
    expect(done).to_contain_text("Giao: Công chức Địa chính – Xây dựng · hạn 15/01/2027")

    saved = by_number(server)[1]
    assert saved["status"] == "resolving"
    assert (saved["reply_by"], saved["reply_due"]) == ("Công chức Địa chính – Xây dựng", "2027-01-15")
    assert saved["conclusion"] == "Giao khảo sát, xử lý dứt điểm lấn chiếm."
    assert popups == []


def test_a_dialog_closed_without_saving_gives_back_what_was_typed(server, page):
    """Esc or "Hủy" closed the outcome's dialog and threw away who and when; now the same
    dialog for the same question opens with them, until they are saved. A day refused as gone,
    then typed right, is no longer marked wrong."""
    ask(server, "Đề nghị xử lý việc lấn chiếm vỉa hè ở đầu ngõ 20")
    popups = chairman(page, server)
    dialog = page.locator("#act")
    card(page, 1).get_by_role("button", name="Duyệt").click()
    card(page, 1).get_by_role("button", name="Lên màn hình").click()
    live_card = column(page, "on_screen").first
    live_card.get_by_role("button", name="Tiếp thu, chỉ đạo giải quyết").click()
    who, due = dialog.get_by_label("Người, đơn vị chủ trì giải quyết"), dialog.get_by_label("Hạn")
    who.fill("Bộ phận Địa chính – Xây dựng")
    due.fill("01/01/2020")
    dialog.get_by_role("button", name="Tiếp thu, chỉ đạo giải quyết").click()
    expect(dialog.get_by_role("alert")).to_contain_text("đã qua")
    expect(due).to_have_attribute("aria-invalid", "true")
    due.fill("")
    due.press_sequentially("15012031")
    expect(due).to_have_value("15/01/2031")
    expect(due).not_to_have_attribute("aria-invalid", "true")
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    live_card.get_by_role("button", name="Tiếp thu, chỉ đạo giải quyết").click()
    expect(who).to_have_value("Bộ phận Địa chính – Xây dựng")
    expect(due).to_have_value("15/01/2031")
    expect(dialog).to_contain_text("15/01/2031 (")  # what it was read as, said again
    dialog.get_by_role("button", name="Hủy").click()
    live_card.get_by_role("button", name="Tiếp thu, chỉ đạo giải quyết").click()
    expect(who).to_have_value("Bộ phận Địa chính – Xây dựng")
    dialog.get_by_role("button", name="Tiếp thu, chỉ đạo giải quyết").click()
    expect(dialog).to_be_hidden()
    assert (by_number(server)[1]["reply_by"], by_number(server)[1]["reply_due"]) == ("Bộ phận Địa chính – Xây dựng", "2031-01-15")
    assert popups == []


def test_a_conflict_in_a_dialog_shows_both_versions_there(server, page):
    """The secretary saved another conclusion while the chairman typed his on the card; his
    outcome's dialog covers the card, so the refusal there says both: what is stored and his."""
    ask(server, "Đề nghị xử lý việc lấn chiếm vỉa hè ở đầu ngõ 20")
    popups = chairman(page, server)
    card(page, 1).get_by_role("button", name="Duyệt").click()
    card(page, 1).get_by_role("button", name="Lên màn hình").click()
    live_card = column(page, "on_screen").first
    live_card.get_by_label("Kết luận của chủ trì").fill("Giao Công an phường xử lý trong tuần.")
    qid = by_number(server)[1]["id"]
    assert live.Client(server, "secretary").call("PATCH", f"/api/questions/{qid}",
                                                 {"conclusion": "Giao Tổ công tác trật tự đô thị."})[0] == 200
    live_card.get_by_role("button", name="Tiếp thu, chỉ đạo giải quyết").click()
    dialog = page.locator("#act")
    dialog.get_by_label("Người, đơn vị chủ trì giải quyết").fill("Công an phường")
    dialog.get_by_label("Hạn").fill("15/01/2031")
    dialog.get_by_role("button", name="Tiếp thu, chỉ đạo giải quyết").click()
    alert = dialog.get_by_role("alert")
    expect(alert).to_contain_text("Kết luận của chủ trì — đã lưu: Giao Tổ công tác trật tự đô thị.")
    expect(alert).to_contain_text("Kết luận của chủ trì — bạn đang soạn (chưa lưu): Giao Công an phường xử lý trong tuần.")
    assert by_number(server)[1]["status"] == "on_screen"
    assert popups == []


def test_closing_the_meeting_is_confirmed_in_the_page(server, page):
    for text in ("Đề nghị lắp camera an ninh ở ngã ba", "Xin hỏi về hỗ trợ hộ nghèo năm tới",
                 "Kiến nghị sửa mặt đường tổ 1"):
        ask(server, text)
    popups = chairman(page, server)
    dialog = page.locator("#act")
    card(page, 1).get_by_role("button", name="Duyệt").click()
    card(page, 1).get_by_role("button", name="Lên màn hình").click()
    column(page, "on_screen").first.get_by_role("button", name="Đã trả lời").click()
    card(page, 3).get_by_role("button", name="Duyệt").click()
    expect(column(page, "approved")).to_have_count(1)

    close = page.get_by_role("button", name="Kết thúc hội nghị")
    close.click()
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("Còn 2 câu hỏi chưa được trả lời")
    expect(dialog.locator(".undecided")).to_have_text("Các câu chưa xử lý: Câu 2, Câu 3")
    screenshot(page, "moderator-close-confirm.png")
    expect(dialog.get_by_role("button", name="Hủy")).to_be_focused()  # a stray Enter ends nothing
    page.keyboard.press("Enter")
    expect(dialog).to_be_hidden()
    assert [by_number(server)[n]["status"] for n in (1, 2, 3)] == ["answered", "pending", "approved"]

    close.click()
    dialog.get_by_role("button", name="Xác nhận kết thúc").click()
    expect(dialog).to_be_hidden()
    expect(page.locator("#room-alert")).to_have_text("Đã kết thúc hội nghị. 2 câu chuyển sang trả lời bằng văn bản.")
    expect(page.locator("#room-state")).to_have_text("Đã đóng nhận câu hỏi.")
    screenshot(page, "moderator-closed.png")
    expect(column(page, "done")).to_have_count(3)
    expect(card(page, 2)).to_contain_text("trả lời bằng văn bản")
    assert [by_number(server)[n]["status"] for n in (1, 2, 3)] == ["answered", "written_reply", "written_reply"]
    assert popups == []


LONG = ("Tổ dân phố số 2 kiến nghị: tuyến đường nội bộ từ nhà văn hóa tới chợ đã xuống cấp nghiêm trọng, "
        "nhiều ổ gà, trời mưa thì ngập sâu, người già và học sinh đi lại rất khó khăn. ") * 5


def test_screenshot_eight_questions_at_1366(server, page):
    """Eight questions in every kind of state, as the chairman sees them at 1366×768."""
    chair = live.Client(server, "chairman")
    groups = {g["name"]: g["id"] for g in chair.call("GET", "/api/conference")[1]["groups"]}
    ask(server, "Xin hỏi khi nào phường tổ chức tiêm chủng mở rộng đợt tới?", name="Trần Thị Bình",
        group_id=groups["TDP số 2"])
    ask(server, "Có dấu hiệu tham nhũng trong việc thu tiền điện chiếu sáng ngõ 9", name="Lê Văn Cường",
        show_name=False, phone="0912 345 678")
    ask(server, LONG, name="Nguyễn Văn An", group_id=groups["TDP số 1"])
    ask(server, "Đề nghị bố trí thêm thùng rác công cộng ở đầu ngõ 4")
    ask(server, "Đề nghị bố trí thùng rác đầu ngõ 4")
    ask(server, "Đề nghị lắp gương cầu lồi ở khúc cua ngõ 15")
    ask(server, "Bán hàng online giá rẻ")
    ask(server, "Xin hỏi thủ tục đăng ký hộ kinh doanh", phone="0987654321")
    ids = {q["number"]: q["id"] for q in chair.call("GET", "/api/questions")[1]}
    moves = [
        (3, {"status": "approved"}), (4, {"status": "approved"}), (6, {"status": "approved"}),
        (6, {"status": "on_screen"}), (6, {"status": "answered", "responder": "Công chức Địa chính - Xây dựng",
                                            "conclusion": "Lắp trong tháng 12."}),
        (5, {"status": "merged", "merged_into": ids[4]}),
        (7, {"status": "rejected", "reject_reason": "Quảng cáo"}),
        (8, {"status": "written_reply", "reply_by": "Công chức Tư pháp - Hộ tịch", "reply_due": "2026-12-31"}),
        (4, {"status": "on_screen"}),
    ]
    for n, body in moves:
        status, answer = chair.call("PATCH", f"/api/questions/{ids[n]}", body)
        assert status == 200, answer

    popups = chairman(page, server)
    expect(column(page, "done")).to_have_count(4)
    expect(column(page, "on_screen")).to_have_count(1)
    expect(card(page, 2)).to_contain_text("ĐT: 0912345678")
    expect(card(page, 2)).to_contain_text("Lê Văn Cường (ẩn tên trên màn chiếu)")
    column(page, "on_screen").first.get_by_label("Kết luận của chủ trì").fill("Giao tổ dân phố bố trí thêm thùng rác.")
    screenshot(page, "moderator-1366x768.png")

    # The four columns start in the first screen, nothing sticks out sideways, no card
    # is wider than its column.
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    for name in ("pending", "approved", "on_screen", "done"):
        box = page.locator(f'[data-column="{name}"]').bounding_box()
        assert box["y"] < 768 / 2, (name, box)
        for q in page.locator(f'[data-column="{name}"] .q').all():
            inner = q.bounding_box()
            assert box["x"] <= inner["x"] and inner["x"] + inner["width"] <= box["x"] + box["width"] + 1, name
    assert page.evaluate("Math.max(...[...document.querySelectorAll('.q *')].map(e => e.scrollWidth - e.clientWidth))") <= 1
    # The question on screen shows its fields and its outcomes without scrolling.
    answered = column(page, "on_screen").first.get_by_role("button", name="Đã trả lời").bounding_box()
    list_box = page.locator('[data-column="on_screen"] .cards').bounding_box()
    assert answered["y"] + answered["height"] <= min(768, list_box["y"] + list_box["height"]), answered

    card(page, 3).locator(".text").click()  # selected: the whole text, even a long one
    screenshot(page, "moderator-selected-1366x768.png")
    card(page, 2).get_by_role("button", name="Gộp", exact=True).click()
    page.locator("#act").get_by_label("Gộp vào câu hỏi").select_option(index=0)
    screenshot(page, "moderator-merge-dialog-1366x768.png")
    page.keyboard.press("Escape")
    assert popups == []


def test_the_chairman_and_the_secretary_on_one_question_lose_neither(server, browser):
    """Two desks on one question. The secretary's conclusion saved while the chairman types his
    shows on his card at once; his outcome is refused in place, nothing moved, his words kept;
    clicked again knowingly, it records his. Then a conclusion the secretary was typing when
    the chairman recorded the outcome stays on the decided card, shown and saved."""
    ask(server, "Đề nghị nạo vét cống ngõ 12, mưa là ngập")
    ask(server, "Đèn đường ngõ 5 hỏng đã lâu")
    errors: list[str] = []
    popups: list[str] = []
    chair_context, chair = desk(browser, server, "chairman", "/moderator", errors, popups)
    desk_context, secretary = desk(browser, server, "secretary", "/moderator", errors, popups)
    for step in ("Duyệt", "Lên màn hình"):
        card(chair, 1).get_by_role("button", name=step).click()
    expect(column(chair, "on_screen")).to_have_count(1)

    his = "Chủ tịch kết luận: nạo vét cống trước 30/12."
    hers = "TK: giao Địa chính – Xây dựng nạo vét ngõ 12."
    on_screen = column(chair, "on_screen").first
    on_screen.get_by_label("Kết luận của chủ trì").fill(his)
    theirs = column(secretary, "on_screen").first
    theirs.get_by_label("Kết luận của chủ trì").fill(hers)
    theirs.get_by_role("button", name="Lưu", exact=True).click()
    expect(theirs.locator(".unsaved")).to_be_hidden()

    notice = on_screen.locator(".others-saved")
    expect(notice).to_contain_text("Người khác vừa lưu")
    expect(notice).to_contain_text(hers)
    expect(on_screen.get_by_label("Kết luận của chủ trì")).to_have_value(his)
    on_screen.get_by_role("button", name="Đã trả lời").click()
    expect(on_screen.get_by_role("alert")).to_contain_text("người khác đã lưu nội dung khác")
    expect(notice).to_contain_text(hers)  # still beside his, after the refusal
    expect(on_screen.get_by_label("Kết luận của chủ trì")).to_have_value(his)
    assert by_number(server)[1]["status"] == "on_screen" and by_number(server)[1]["conclusion"] == hers
    screenshot(chair, "moderator-saved-by-another.png")
    on_screen.get_by_role("button", name="Đã trả lời").click()
    expect(card(chair, 1)).to_contain_text("đã trả lời")
    assert by_number(server)[1]["conclusion"] == his
    # The secretary's desk hears of it; her own card took nothing typed to keep.
    expect(card(secretary, 1)).to_contain_text(his)

    # The secretary types on question 2 while the chairman decides it: her words stay.
    for step in ("Duyệt", "Lên màn hình"):
        card(chair, 2).get_by_role("button", name=step).click()
    second = column(secretary, "on_screen").filter(has_text="Câu 2")
    second.get_by_label("Kết luận của chủ trì").fill("Giao công ty chiếu sáng thay đèn ngõ 5 trong tuần.")
    column(chair, "on_screen").first.get_by_role("button", name="Đã trả lời").click()
    decided = card(secretary, 2)
    expect(decided).to_contain_text("đã trả lời")
    expect(decided.get_by_label("Kết luận của chủ trì")).to_have_value("Giao công ty chiếu sáng thay đèn ngõ 5 trong tuần.")
    expect(decided.locator(".unsaved")).to_be_visible()
    decided.get_by_role("button", name="Lưu", exact=True).click()
    expect(decided.get_by_label("Kết luận của chủ trì")).to_be_hidden()  # saved: the card shows the outcome
    assert by_number(server)[2]["conclusion"] == "Giao công ty chiếu sáng thay đèn ngõ 5 trong tuần."
    expect(card(chair, 2)).to_contain_text("thay đèn ngõ 5 trong tuần")

    # "Dùng bản đã lưu": on a third question, her saved summary replaces what he had begun.
    ask(server, "Cây xanh ngõ 3 nghiêng, sắp đổ")
    for step in ("Duyệt", "Lên màn hình"):
        card(chair, 3).get_by_role("button", name=step).click()
    third = column(chair, "on_screen").first
    expect(third).to_contain_text("Câu 3")
    third.get_by_label("Tóm tắt trả lời").fill("Chủ tịch đang nói…")
    desk_card = column(secretary, "on_screen").filter(has_text="Câu 3")
    desk_card.get_by_label("Tóm tắt trả lời").fill("Phường cắt tỉa cây ngõ 3 trong tuần này.")
    desk_card.get_by_role("button", name="Lưu", exact=True).click()
    third.locator(".others-saved").get_by_role("button", name="Dùng bản đã lưu").click()
    expect(third.get_by_label("Tóm tắt trả lời")).to_have_value("Phường cắt tỉa cây ngõ 3 trong tuần này.")
    expect(third.locator(".others-saved")).to_have_count(0)
    expect(third.locator(".unsaved")).to_be_hidden()
    chair_context.close()
    desk_context.close()
    assert errors == [] and popups == []


def test_a_double_click_on_the_floor_form_queues_one_question(server, browser):
    """The secretary types a question raised aloud and double-clicks "Đưa vào hàng đợi" on a
    slow Wi-Fi: one question, one number."""
    import time

    errors: list[str] = []
    popups: list[str] = []
    context, secretary = desk(browser, server, "secretary", "/moderator", errors, popups)
    secretary.route("**/api/floor-questions", lambda route: (time.sleep(0.4), route.continue_()))
    form = secretary.locator("#floor-form")
    form.get_by_label("Nội dung").fill("Ông Tư hỏi về tiến độ sửa đường ngõ 9.")
    form.get_by_role("button", name="Đưa vào hàng đợi").dblclick()
    expect(column(secretary, "approved")).to_have_count(1)
    expect(form.get_by_label("Nội dung")).to_have_value("")
    secretary.wait_for_timeout(800)  # a second request would have landed by now
    assert [q["text"] for q in by_number(server).values()] == ["Ông Tư hỏi về tiến độ sửa đường ngõ 9."]
    context.close()
    assert errors == [] and popups == []


def test_a_floor_question_whose_answer_was_lost_is_queued_once(server, browser):
    """The question reaches the server but its answer is lost on the Wi-Fi: the form says so and
    keeps the text; sent again, the server answers as the first time. One card, one number."""
    errors: list[str] = []
    popups: list[str] = []
    context, secretary = desk(browser, server, "secretary", "/moderator", errors, popups)

    def lose_the_answer(route):
        route.fetch()  # the server writes it…
        route.abort()  # …and the answer never comes back

    secretary.route("**/api/floor-questions", lose_the_answer, times=1)
    form = secretary.locator("#floor-form")
    form.get_by_label("Nội dung").fill("Bà Năm hỏi về lịch tiêm chủng tháng 12.")
    form.get_by_role("button", name="Đưa vào hàng đợi").click()
    expect(form.locator(".form-status")).to_contain_text("Không kết nối được máy chủ")
    expect(form.get_by_label("Nội dung")).to_have_value("Bà Năm hỏi về lịch tiêm chủng tháng 12.")
    form.get_by_role("button", name="Đưa vào hàng đợi").click()
    expect(form.get_by_label("Nội dung")).to_have_value("")
    expect(column(secretary, "approved")).to_have_count(1)
    assert [q["text"] for q in by_number(server).values()] == ["Bà Năm hỏi về lịch tiêm chủng tháng 12."]
    # The next question is another send, with another id.
    form.get_by_label("Nội dung").fill("Ông Sáu hỏi về đèn đường.")
    form.get_by_role("button", name="Đưa vào hàng đợi").click()
    expect(column(secretary, "approved")).to_have_count(2)
    context.close()
    assert errors == [] and popups == []


def test_a_connection_error_on_a_card_goes_once_the_page_is_back(server, browser):
    """The Wi-Fi drops as the chairman approves: the card says so; once the page is connected
    again (and has fetched everything afresh) the old message is gone, the question as it is."""
    ask(server, "Đề nghị lắp gương cầu lồi ở ngã ba ngõ 4")
    errors: list[str] = []
    popups: list[str] = []
    context, page = desk(browser, server, "chairman", "/moderator", errors, popups)
    expect(card(page, 1)).to_be_visible()
    page.route("**/api/questions/*", lambda route: route.abort(), times=1)
    card(page, 1).get_by_role("button", name="Duyệt").click()
    expect(card(page, 1).get_by_role("alert")).to_contain_text("Không kết nối được máy chủ")
    context.set_offline(True)
    page.wait_for_timeout(1500)
    context.set_offline(False)
    expect(card(page, 1).get_by_role("alert")).to_have_count(0, timeout=15000)
    card(page, 1).get_by_role("button", name="Duyệt").click()
    expect(column(page, "approved")).to_have_count(1)
    context.close()
    assert popups == []


def test_a_shortcut_acts_on_the_card_the_keyboard_is_on(server, page):
    """j/k move the focus with the selection, and a card reached with Tab becomes the selected
    one: "a" never approves (publishes) a card other than the one the focus ring is on."""
    for text in ("Đề nghị sửa đường ngõ 3", "Đề nghị thêm thùng rác ở chợ", "Đề nghị lắp camera ngã tư"):
        ask(server, text)
    popups = chairman(page, server)
    expect(column(page, "pending")).to_have_count(3)
    page.locator("body").click(position={"x": 5, "y": 300})
    page.keyboard.press("j")
    page.keyboard.press("j")
    chosen = page.locator(".q.selected")
    expect(chosen).to_have_count(1)
    expect(chosen).to_be_focused()
    chosen_number = chosen.locator(".number").text_content()
    other = column(page, "pending").filter(has_not=page.locator(".selected")).filter(
        has_not_text=chosen_number).first
    other_number = other.locator(".number").text_content()
    assert other_number != chosen_number
    other.focus()  # where Tab or Shift+Tab would land
    expect(other).to_have_class(re.compile(r"\bselected\b"))
    expect(page.locator(".q.selected")).to_have_count(1)
    page.keyboard.press("a")
    expect(column(page, "approved")).to_have_count(1)
    expect(column(page, "approved").first.locator(".number")).to_have_text(other_number)
    number = lambda text: int(text.split()[-1])  # noqa: E731
    assert by_number(server)[number(other_number)]["status"] == "approved"
    assert by_number(server)[number(chosen_number)]["status"] == "pending"
    screenshot(page, "moderator-keyboard-focus.png")
    assert popups == []


def test_the_opened_settings_scroll_above_the_footer_never_under_it(server, page):
    """At 1366×768 the page is one screen tall; opened, the settings are longer than that: they
    scroll inside the page, and the footer's language links are never drawn over a text box."""
    popups = chairman(page, server)
    page.locator("#settings summary").click()
    authorities = page.locator("#settings textarea[name=authorities]")
    authorities.scroll_into_view_if_needed()
    expect(authorities).to_be_in_viewport()
    # The page stays one screen (the document does not scroll, so nothing slides under the
    # footer); the part with the settings scrolls, and ends above the footer.
    sizes = page.evaluate("""() => ({ page: document.scrollingElement.scrollHeight, screen: innerHeight,
        main: document.querySelector("main").getBoundingClientRect().bottom,
        footer: document.querySelector("footer.lang").getBoundingClientRect().top })""")
    assert sizes["page"] <= sizes["screen"] and sizes["main"] <= sizes["footer"] + 0.5, sizes
    save = page.get_by_role("button", name="Lưu cài đặt")
    save.scroll_into_view_if_needed()
    assert save.bounding_box()["y"] + save.bounding_box()["height"] <= sizes["footer"] + 0.5
    screenshot(page, "moderator-settings-open.png")
    assert popups == []


def test_the_first_tab_goes_past_the_controls_to_the_questions(server, page):
    """From the address bar, the first Tab shows "Đến các câu hỏi"; Enter on it lands past the
    menu, the room's controls, the floor form and the settings, so the next Tab is the first
    question's card, and "a" approves that card."""
    ask(server, "Đề nghị sửa đường ngõ 5")
    popups = chairman(page, server)
    expect(column(page, "pending")).to_have_count(1)
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Đến các câu hỏi")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    screenshot(page, "moderator-skip-link.png")
    page.keyboard.press("Enter")
    expect(page.locator("#questions")).to_be_focused()
    first = column(page, "pending").first
    tabs = 0
    while not first.evaluate("(card) => card.contains(document.activeElement)") and tabs < 5:
        page.keyboard.press("Tab")  # the column's sort box, then the card
        tabs += 1
    assert tabs <= 2, tabs
    page.keyboard.press("a")
    expect(column(page, "approved")).to_have_count(1)
    assert popups == []


def test_the_secretary_files_a_floor_question_under_its_field(server, browser):
    """A question raised aloud had no field: the dog complaint sat under "Lĩnh vực khác" in the
    record. The floor form offers the chairman's fields, and follows when he changes them."""
    errors: list[str] = []
    popups: list[str] = []
    context, secretary = desk(browser, server, "secretary", "/moderator", errors, popups)
    chairman = live.Client(server, "chairman")
    status, room = chairman.call("GET", "/api/room")
    form = secretary.locator("#floor-form")
    field = form.get_by_label("Lĩnh vực")
    expect(field.locator("option")).to_have_count(len(room["topics"]) + 1)
    field.select_option(label=room["topics"][1]["name"])
    form.get_by_label("Nội dung").fill("Chó thả rông ở khu tập thể, đề nghị xử lý.")
    form.get_by_role("button", name="Đưa vào hàng đợi").click()
    expect(column(secretary, "approved")).to_have_count(1)
    assert [q["topic_id"] for q in by_number(server).values()] == [room["topics"][1]["id"]]

    names = [t["name"] for t in room["topics"]] + ["An ninh khu tập thể"]
    assert chairman.call("PATCH", "/api/room", {"topics": names})[0] == 200
    expect(field.locator("option", has_text="An ninh khu tập thể")).to_have_count(1)
    context.close()
    assert errors == [] and popups == []
