"""The ask page on small phones with text at 150%, as an elderly resident holds it: after "Gửi"
the question is where the eye lands; who is asking survives a reload; long questions of the hall
fold; and "Hỏi lại" — the chairman's question back reaches the asker's phone alone, and the
answer comes back to the chairman's card. No browser pop-up anywhere."""
from __future__ import annotations

import re
import unicodedata

import pytest
from playwright.sync_api import expect

from .. import live
from .conftest import OUTPUT, login, screenshot

ROWS = [["Họ và tên", "Đơn vị"], ["Nguyễn Văn An", "TDP số 1"], ["Trần Thị Bình", "TDP số 2"]]
pytestmark = [pytest.mark.browser, pytest.mark.roster(ROWS)]

SIZES = [(360, 740), (320, 568)]
QUESTION = "Đề nghị phường cho biết khi nào sửa xong cống thoát nước ngõ 3, mưa to là nước tràn vào nhà."
LONG = ("Kiến nghị về tình trạng ngập úng kéo dài tại ngõ 7 phố Lê Lợi. " * 15).strip()  # 944 characters
BACK = "Bác cho biết nước ngập ở đoạn nào của ngõ 3?"
ANSWER = "Đoạn từ nhà số 12 đến số 20, gần cống chung."


class Watched:
    """Pages whose script errors, CSP refusals and browser pop-ups are collected: any one fails the test."""

    def __init__(self, browser):
        self.browser = browser
        self.contexts = []
        self.trouble: list[str] = []

    def page(self, width: int, height: int, **options):
        context = self.browser.new_context(viewport={"width": width, "height": height}, locale="vi-VN", **options)
        self.contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: self.trouble.append(str(error)))
        page.on("console", lambda message: self.trouble.append(message.text)
                if message.type == "error" and "Content Security Policy" in message.text else None)

        def popup(dialog):
            self.trouble.append(f"browser {dialog.type}(): {dialog.message}")
            dialog.dismiss()
        page.on("dialog", popup)
        return page

    def phone(self, width: int = 360, height: int = 740):
        return self.page(width, height, is_mobile=True, has_touch=True)

    def close(self):
        for context in self.contexts:
            context.close()


@pytest.fixture
def watched(browser):
    pages = Watched(browser)
    yield pages
    pages.close()
    assert pages.trouble == [], pages.trouble


def large_text(page):
    """Text at 150%, as a phone set for an elderly reader shows it."""
    page.evaluate("document.documentElement.style.fontSize = '150%'")


def settled(page) -> None:
    """Until the page stops scrolling by itself (a smooth scroll runs longer on a busy machine)."""
    last = None
    for _ in range(40):
        position = page.evaluate("window.scrollY")
        if position == last:
            return
        last = position
        page.wait_for_timeout(150)


def fits(page, width: int):
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def screenshot_path(name: str):
    """Where a picture of what the phone's screen shows (not the whole page) goes."""
    OUTPUT.mkdir(exist_ok=True)
    return OUTPUT / name


def questions(server):
    status, rows = live.Client(server, "chairman").call("GET", "/api/questions")
    assert status == 200
    return rows


@pytest.mark.parametrize("width,height", SIZES)
def test_after_sending_the_question_is_in_view_marked_and_who_asks_is_kept(server, watched, width, height):
    phone = watched.phone(width, height)
    phone.goto(server + "/ask")
    large_text(phone)
    phone.get_by_label("Bạn thuộc").select_option(label="TDP số 2")
    phone.get_by_label("Họ tên (không bắt buộc)").fill("Trần Thị Bình")
    phone.get_by_label("Hiện tên tôi trên màn hình").check()
    phone.get_by_label("Lĩnh vực").select_option(label="Môi trường")
    phone.get_by_label("Câu hỏi, ý kiến, kiến nghị").fill(QUESTION)
    phone.get_by_role("button", name="Gửi").click()

    sent = phone.locator("#mine li.just-sent")
    expect(sent).to_contain_text(QUESTION)
    expect(sent).to_contain_text("Vừa gửi")
    expect(sent).to_contain_text("Đã gửi. Chủ trì sẽ xem")
    expect(phone.locator("#mine-title")).to_be_focused()
    # Where the words went is on the screen: the heading and the question just sent.
    expect(phone.locator("#mine-title")).to_be_in_viewport()
    expect(sent.locator(".text")).to_be_in_viewport()
    expect(phone.get_by_label("Câu hỏi, ý kiến, kiến nghị")).to_have_value("")
    fits(phone, width)
    phone.wait_for_timeout(400)  # the smooth scroll settles before the picture
    phone.screenshot(path=str(screenshot_path(f"ask-{width}x{height}-text150-after-send.png")))

    # A reload keeps who is asking and the text not yet sent; the question sent stays listed.
    phone.get_by_label("Câu hỏi, ý kiến, kiến nghị").fill("Câu thứ hai chưa gửi")
    phone.reload()
    expect(phone.get_by_label("Bạn thuộc")).to_have_value(re.compile(r"^\d+$"))
    expect(phone.get_by_label("Bạn thuộc").locator("option:checked")).to_have_text("TDP số 2")
    expect(phone.get_by_label("Họ tên (không bắt buộc)")).to_have_value("Trần Thị Bình")
    expect(phone.get_by_label("Hiện tên tôi trên màn hình")).to_be_checked()
    expect(phone.get_by_label("Lĩnh vực")).to_have_value("")  # chosen anew for each question
    expect(phone.get_by_label("Câu hỏi, ý kiến, kiến nghị")).to_have_value("Câu thứ hai chưa gửi")
    expect(phone.locator("#mine li")).to_have_count(1)
    stored = questions(server)[0]
    assert stored["group_name"] == "TDP số 2" and stored["asker_name"] == "Trần Thị Bình"
    assert stored["show_name"] is True and stored["topic_name"] == "Môi trường"


def long_question_approved(server, watched):
    """A phone sends the long question and the chairman lets it into the hall: its id, and the
    asker's page."""
    asker = watched.phone()
    asker.goto(server + "/ask")
    asker.get_by_label("Câu hỏi, ý kiến, kiến nghị").fill(LONG)
    asker.get_by_role("button", name="Gửi").click()
    expect(asker.locator("#ask-result")).to_contain_text("Đã gửi")
    qid = questions(server)[0]["id"]
    assert live.Client(server, "chairman").call("PATCH", f"/api/questions/{qid}", {"status": "approved"})[0] == 200
    return qid, asker


@pytest.mark.parametrize("width,height", SIZES)
def test_long_questions_of_the_hall_fold(server, watched, width, height):
    _qid, asker = long_question_approved(server, watched)

    phone = watched.phone(width, height)
    phone.goto(server + "/ask")
    large_text(phone)
    item = phone.locator("#public li").first
    text = item.locator(".text")
    expect(text).to_have_text(re.compile(r"…$"))
    assert len(text.inner_text()) <= 161
    more = item.get_by_role("button", name="Xem thêm")
    expect(more).to_have_attribute("aria-expanded", "false")
    item.scroll_into_view_if_needed()
    fits(phone, width)
    screenshot(phone, f"ask-{width}x{height}-text150-folded.png")
    more.click()
    expect(text).to_have_text(LONG)
    less = item.get_by_role("button", name="Thu gọn")
    expect(less).to_have_attribute("aria-expanded", "true")
    expect(less).to_be_focused()
    less.click()
    expect(text).to_have_text(re.compile(r"…$"))
    # The asker's own list shows it whole: it is theirs.
    expect(asker.locator("#mine li .text")).to_have_text(LONG)


@pytest.mark.parametrize("width,height", SIZES)
def test_ask_back_reaches_the_asker_alone_and_the_answer_the_chairman(server, watched, width, height):
    asker = watched.phone(width, height)
    asker.goto(server + "/ask")
    large_text(asker)
    asker.get_by_label("Câu hỏi, ý kiến, kiến nghị").fill(QUESTION)
    asker.get_by_role("button", name="Gửi").click()
    expect(asker.locator("#mine li")).to_have_count(1)
    qid = questions(server)[0]["id"]
    assert live.Client(server, "chairman").call("PATCH", f"/api/questions/{qid}", {"status": "approved"})[0] == 200
    neighbour = watched.phone()
    neighbour.goto(server + "/ask")
    expect(neighbour.locator("#public li")).to_contain_text(QUESTION)

    chair = watched.page(1366, 768)
    login(chair, server, "chairman")
    card = chair.locator('[data-column="approved"] .q').first
    card.get_by_role("button", name="Hỏi lại").click()
    dialog = chair.locator("dialog#act")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text(QUESTION)
    dialog.get_by_role("button", name="Gửi câu hỏi lại").click()  # empty: refused in place
    expect(dialog.locator("#act-status")).to_contain_text("Câu hỏi lại người hỏi")
    dialog.get_by_label("Câu hỏi lại người hỏi").fill(BACK)
    dialog.get_by_role("button", name="Gửi câu hỏi lại").click()
    expect(dialog).to_be_hidden()
    expect(card).to_contain_text(f"Hỏi lại: {BACK}")
    expect(card).to_contain_text("đang chờ người hỏi trả lời")

    # The asker's phone shows it at once, where it can be seen and answered.
    box = asker.locator("#mine li .ask-back")
    expect(box).to_contain_text(f"Chủ trì hỏi lại: {BACK}")
    expect(box.get_by_label("Trả lời của bạn")).to_be_in_viewport()
    fits(asker, width)
    asker.wait_for_timeout(400)
    asker.screenshot(path=str(screenshot_path(f"ask-{width}x{height}-text150-ask-back.png")))
    box.get_by_label("Trả lời của bạn").fill(ANSWER)
    # The phone locks (the page is reopened) before the answer is sent: it is still there.
    asker.reload()
    large_text(asker)
    expect(box.get_by_label("Trả lời của bạn")).to_have_value(ANSWER)
    box.get_by_role("button", name="Gửi trả lời").click()
    answered = asker.locator("#mine li .ask-back.answered")
    expect(answered).to_contain_text(f"Bạn đã trả lời: {ANSWER}")
    expect(answered).to_contain_text("Đã gửi trả lời tới chủ trì.")
    expect(card).to_contain_text(f"Trả lời: {ANSWER}")
    expect(card.get_by_role("button", name="Hỏi lại")).to_have_count(0)  # one exchange, answered
    if width == 360:
        screenshot(chair, "moderator-1366x768-ask-back-answered.png")
    fits(asker, width)
    screenshot(asker, f"ask-{width}x{height}-text150-ask-back-answered.png")

    # Another phone in the hall never saw any of it.
    neighbour.wait_for_timeout(300)
    page_text = neighbour.locator("body").inner_text()
    assert BACK not in page_text and ANSWER not in page_text
    expect(neighbour.locator(".ask-back")).to_have_count(0)
    expect(neighbour.locator("#ask-back-alert")).to_be_hidden()


def test_a_question_back_while_typing_shows_a_bar_that_leads_to_it(server, watched):
    asker = watched.phone()
    asker.goto(server + "/ask")
    large_text(asker)
    asker.get_by_label("Câu hỏi, ý kiến, kiến nghị").fill(QUESTION)
    asker.get_by_role("button", name="Gửi").click()
    expect(asker.locator("#mine li")).to_have_count(1)
    field = asker.get_by_label("Câu hỏi, ý kiến, kiến nghị")
    field.fill("Tôi đang viết câu thứ hai")  # busy typing: the page does not jump away
    qid = questions(server)[0]["id"]
    assert live.Client(server, "secretary").call("POST", f"/api/questions/{qid}/ask-back", {"text": BACK})[0] == 200
    bar = asker.get_by_role("alert")  # said aloud by a screen reader as it appears
    expect(bar).to_be_visible()
    expect(bar).to_contain_text("Chủ trì hỏi lại bạn.")
    expect(field).to_be_focused()
    bar.get_by_role("button", name="Xem và trả lời").click()
    answer = asker.get_by_label("Trả lời của bạn")
    expect(answer).to_be_focused()
    expect(answer).to_be_in_viewport()
    expect(bar).to_be_hidden()
    expect(field).to_have_value("Tôi đang viết câu thứ hai")
    # Opened again later (a reload): the question back waits, with its bar.
    asker.reload()
    expect(asker.locator("#ask-back-alert")).to_be_visible()
    expect(asker.locator("#mine li .ask-back")).to_contain_text(BACK)


def test_a_question_back_left_waiting_when_the_meeting_ends_asks_for_nothing_more(server, watched):
    """The server takes no answer once the meeting has ended: the phone no longer offers a box
    to type one into, nor a bar calling the asker to it; the question back stays, said closed."""
    asker = watched.phone()
    asker.goto(server + "/ask")
    asker.get_by_label("Câu hỏi, ý kiến, kiến nghị").fill(QUESTION)
    asker.get_by_role("button", name="Gửi").click()
    expect(asker.locator("#mine li")).to_have_count(1)
    qid = questions(server)[0]["id"]
    chairman = live.Client(server, "chairman")
    assert chairman.call("POST", f"/api/questions/{qid}/ask-back", {"text": BACK})[0] == 200
    expect(asker.get_by_label("Trả lời của bạn")).to_be_visible()
    asker.reload()  # opened again: the bar calls the asker to the question back
    expect(asker.locator("#ask-back-alert")).to_be_visible()

    assert chairman.call("POST", "/api/room/close", {"confirm": True})[0] == 200
    box = asker.locator("#mine li .ask-back")
    expect(box).to_contain_text(BACK)
    expect(box).to_contain_text("Hội nghị đã kết thúc nên không nhận thêm câu trả lời hỏi lại.")
    expect(asker.get_by_label("Trả lời của bạn")).to_have_count(0)
    expect(asker.locator("#ask-back-alert")).to_be_hidden()
    asker.reload()  # opened again later: the same
    expect(asker.locator("#mine li .ask-back")).to_contain_text("không nhận thêm câu trả lời")
    expect(asker.locator("#ask-back-alert")).to_be_hidden()


def test_when_the_chairman_stops_questions_the_form_goes_and_the_phones_own_stay(server, watched):
    """Paused: the form stays, greyed, with what was typed. Closed: no form at all, the notice
    says so, and the asker's own questions are the first thing on the screen."""
    phone = watched.phone()
    phone.goto(server + "/ask")
    large_text(phone)
    phone.get_by_label("Câu hỏi, ý kiến, kiến nghị").fill(QUESTION)
    phone.get_by_role("button", name="Gửi").click()
    expect(phone.locator("#mine li")).to_have_count(1)
    chairman = live.Client(server, "chairman")

    phone.get_by_label("Câu hỏi, ý kiến, kiến nghị").fill("Câu đang gõ dở")
    assert chairman.call("PATCH", "/api/room", {"submissions": "paused"})[0] == 200
    expect(phone.get_by_role("status").filter(has_text="Tạm dừng")).to_be_visible()  # announced
    expect(phone.get_by_role("button", name="Gửi")).to_be_disabled()
    expect(phone.get_by_label("Câu hỏi, ý kiến, kiến nghị")).to_have_value("Câu đang gõ dở")

    assert chairman.call("PATCH", "/api/room", {"submissions": "closed"})[0] == 200
    expect(phone.locator("#closed")).to_have_text("Hội nghị đã ngừng nhận câu hỏi.")
    expect(phone.locator("#ask")).to_be_hidden()
    expect(phone.locator("#mine-title")).to_be_in_viewport()
    expect(phone.locator("#mine li")).to_contain_text(QUESTION)
    fits(phone, 360)
    settled(phone)  # the page's own smooth scroll to "Câu hỏi của tôi" ends first
    phone.evaluate("window.scrollTo({top: 0, behavior: \"instant\"})")  # what a phone opening the page now sees
    expect(phone.locator("#closed")).to_be_in_viewport()
    phone.screenshot(path=str(screenshot_path("ask-360x740-text150-closed.png")))

    assert chairman.call("PATCH", "/api/room", {"submissions": "open"})[0] == 200
    expect(phone.locator("#ask")).to_be_visible()
    expect(phone.get_by_role("button", name="Gửi")).to_be_enabled()

    # "Kết thúc hội nghị": not merely closed a while; the phone says the meeting is over.
    assert chairman.call("POST", "/api/room/close", {"confirm": True})[0] == 200
    expect(phone.locator("#closed")).to_contain_text("Hội nghị đã kết thúc. Xin cảm ơn bà con")
    expect(phone.locator("#ask")).to_be_hidden()
    expect(phone.locator("#mine li .new-badge")).to_have_count(0)  # "Vừa gửi" belongs to the meeting


def test_the_counter_counts_characters_as_the_server_does(server, watched):
    """An emoji is one character, and a letter typed as a base and a mark is one: the counter
    says what the 1,000-character limit will count."""
    page = watched.phone()
    page.goto(server + "/ask")
    text = "Cống ngõ 5 tắc 🚛🚛 " + unicodedata.normalize("NFD", "Nước ngập")
    page.locator("#text").fill(text)
    expect(page.locator("#count")).to_have_text(str(len(unicodedata.normalize("NFC", text))))


def test_a_question_whose_answer_was_lost_is_not_sent_twice(server, watched):
    """The question reaches the server but its answer is lost on the hall's Wi-Fi: the phone
    sends it again by itself (its live connection works), the server recognises it: "Đã gửi",
    one question, never "not sent" beside the question listed as received."""
    phone = watched.phone()
    phone.goto(server + "/ask")
    phone.get_by_label("Câu hỏi, ý kiến, kiến nghị").fill("Đề nghị sửa cống ngõ 11.")

    def lose_the_answer(route):
        route.fetch()  # it arrives...
        route.abort()  # ...the answer does not

    phone.route("**/api/questions", lose_the_answer, times=1)
    phone.get_by_role("button", name="Gửi").click()
    expect(phone.locator("#ask-result")).to_contain_text("Đã gửi")
    expect(phone.get_by_label("Câu hỏi, ý kiến, kiến nghị")).to_have_value("")
    assert [q["text"] for q in questions(server)] == ["Đề nghị sửa cống ngõ 11."]
    expect(phone.locator("#mine li")).to_have_count(1)


def test_a_refused_send_is_seen_where_the_focus_goes(server, watched):
    """The fourth question in a minute is refused (429): at 150 % text the message was below the
    fold and the focus fell to the page's body; now the focus is on the message, in view, and
    what was typed stays."""
    phone = watched.phone()
    phone.goto(server + "/ask")
    large_text(phone)
    field = phone.get_by_label("Câu hỏi, ý kiến, kiến nghị")
    for n in range(1, 4):
        field.fill(f"{QUESTION} ({n})")
        phone.get_by_role("button", name="Gửi").click()
        expect(phone.locator("#mine li")).to_have_count(n)
    field.fill("Câu thứ tư trong một phút")
    phone.get_by_role("button", name="Gửi").click()
    result = phone.locator("#ask-result")
    expect(result).to_have_class("error")
    expect(result).to_be_focused()
    settled(phone)
    expect(result).to_be_in_viewport()
    expect(field).to_have_value("Câu thứ tư trong một phút")
    phone.screenshot(path=str(screenshot_path("ask-360x740-text150-refused.png")))


def test_a_question_sent_offline_goes_by_itself_when_the_phone_is_back(server, watched):
    phone = watched.phone()
    phone.goto(server + "/ask")
    large_text(phone)
    phone.get_by_label("Câu hỏi, ý kiến, kiến nghị").fill("Đề nghị lắp đèn ngõ 21.")
    phone.context.set_offline(True)
    phone.get_by_role("button", name="Gửi").click()
    expect(phone.locator("#ask-result")).to_have_text("Không gửi được: mạng yếu. Câu hỏi vẫn còn đây, hãy bấm Gửi lại.")
    settled(phone)
    # Whole, at text 150% on a 360-px phone: only its first words showed, below the button.
    expect(phone.locator("#ask-result")).to_be_in_viewport(ratio=1)
    expect(phone.get_by_label("Câu hỏi, ý kiến, kiến nghị")).to_have_value("Đề nghị lắp đèn ngõ 21.")
    phone.context.set_offline(False)
    expect(phone.locator("#ask-result")).to_contain_text("Đã gửi", timeout=15_000)
    assert [q["text"] for q in questions(server)] == ["Đề nghị lắp đèn ngõ 21."]
    expect(phone.locator("#mine li")).to_have_count(1)
    # The next question being typed is not "sent": the message goes.
    phone.get_by_label("Câu hỏi, ý kiến, kiến nghị").fill("Câu tiếp")
    expect(phone.locator("#ask-result")).to_have_text("")


def test_a_phone_offline_while_its_page_is_still_connecting_sends_as_soon_as_it_is_back(server, watched):
    """The Wi-Fi dropped while the page's live connection was still being made: that attempt
    hung, and the question waited socket.io's twenty seconds after the Wi-Fi came back (the
    test above failed so once in a fresh-clone run). Now the phone's "online" sends it at
    once, and the live connection is tried again within eight seconds."""
    phone = watched.phone()
    phone.goto(server + "/ask", wait_until="domcontentloaded")  # the script is connecting
    phone.context.set_offline(True)
    field = phone.get_by_label("Câu hỏi, ý kiến, kiến nghị")
    field.fill("Đề nghị sửa cột đèn trước nhà văn hoá.")
    phone.get_by_role("button", name="Gửi").click()
    expect(phone.locator("#ask-result")).to_have_text("Không gửi được: mạng yếu. Câu hỏi vẫn còn đây, hãy bấm Gửi lại.")
    phone.context.set_offline(False)
    expect(phone.locator("#ask-result")).to_contain_text("Đã gửi", timeout=5_000)
    assert [q["text"] for q in questions(server)] == ["Đề nghị sửa cột đèn trước nhà văn hoá."]
    # The live connection is back too: the chairman's approval reaches the phone's own list.
    chairman = live.Client(server, "chairman")
    chairman.call("PATCH", f"/api/questions/{questions(server)[0]['id']}", {"status": "approved"})
    expect(phone.locator("#mine li")).to_contain_text("trong hàng đợi", timeout=15_000)


def test_without_its_script_the_form_is_posted_not_put_in_the_address(server, watched):
    """Weak Wi-Fi: the page arrived, its script did not. The form still sends the question (a
    POST, so the phone number never sits in the address or the history), the name is shown only
    if ticked, and a refusal gives the form back as typed, with why."""
    phone = watched.page(360, 740, is_mobile=True, has_touch=True, java_script_enabled=False)
    phone.goto(server + "/ask")
    expect(phone.get_by_label("Hiện tên tôi trên màn hình")).not_to_be_checked()  # consent is given, not presumed
    phone.get_by_label("Bạn thuộc").select_option(label="TDP số 1")
    phone.get_by_label("Họ tên (không bắt buộc)").fill("Lê Văn Ẩn")
    phone.get_by_label("Số điện thoại").fill("0987 654 321")
    phone.get_by_label("Câu hỏi, ý kiến, kiến nghị").fill("Câu hỏi gửi khi trang chưa tải xong.")
    phone.get_by_role("button", name="Gửi").click()
    expect(phone).to_have_url(re.compile(r"/ask\?sent=1$"))
    expect(phone.locator("#form-answer")).to_have_text("Đã gửi. Chủ trì sẽ xem và đưa ra hội nghị.")
    stored = questions(server)[0]
    assert stored["text"] == "Câu hỏi gửi khi trang chưa tải xong." and stored["group_name"] == "TDP số 1"
    assert stored["asker_name"] == "Lê Văn Ẩn" and stored["show_name"] is False and stored["asker_phone"] == "0987654321"
    phone.reload()  # a reload after a send shows the page again, never sends it again
    assert len(questions(server)) == 1
    for n in (2, 3):
        phone.get_by_label("Câu hỏi, ý kiến, kiến nghị").fill(f"Câu thứ {n}")
        phone.get_by_role("button", name="Gửi").click()
        expect(phone.locator("#form-answer")).to_have_text("Đã gửi. Chủ trì sẽ xem và đưa ra hội nghị.")
    phone.get_by_label("Bạn thuộc").select_option(label="TDP số 2")
    phone.get_by_label("Câu hỏi, ý kiến, kiến nghị").fill("Câu thứ tư trong một phút")
    phone.get_by_role("button", name="Gửi").click()  # more than three a minute: refused, as with the script
    expect(phone.locator("#form-answer")).to_have_text("Bạn đã gửi 3 câu hỏi trong 1 phút. Xin chờ một lát rồi gửi tiếp.")
    expect(phone.locator("#form-answer")).to_be_in_viewport()
    expect(phone.get_by_label("Câu hỏi, ý kiến, kiến nghị")).to_have_value("Câu thứ tư trong một phút")
    expect(phone.get_by_label("Bạn thuộc").locator("option:checked")).to_have_text("TDP số 2")
    phone.screenshot(path=str(screenshot_path("ask-without-script-refused.png")))
    assert len(questions(server)) == 3


def test_the_asker_sees_that_the_chairman_reworded_the_question_and_their_own_words(server, watched):
    phone = watched.phone()
    phone.goto(server + "/ask")
    phone.get_by_label("Câu hỏi, ý kiến, kiến nghị").fill("thung rac dau ngo 45 day qua ko ai thu")
    phone.get_by_role("button", name="Gửi").click()
    mine = phone.locator("#mine li").first
    expect(mine).to_contain_text("thung rac")
    expect(mine.locator("details.edited")).to_have_count(0)
    qid = questions(server)[0]["id"]
    assert live.Client(server, "chairman").call("PATCH", f"/api/questions/{qid}",
                                                {"text": "Đề nghị thu gom thùng rác đầu ngõ 45."})[0] == 200
    expect(mine.locator(".text").first).to_have_text("Đề nghị thu gom thùng rác đầu ngõ 45.")
    edited = mine.locator("details.edited")
    expect(edited.locator("summary")).to_have_text("Chủ trì đã sửa câu chữ cho dễ đọc trên màn hình. Xem câu bạn đã gửi")
    edited.locator("summary").click()
    expect(edited.locator(".text")).to_have_text("thung rac dau ngo 45 day qua ko ai thu")
