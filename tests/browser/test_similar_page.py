"""Similar matters on the chairman's cards, in a real browser: a duplicate says "Có thể trùng:
Câu 1 (…%)", one click opens the merge dialog with question 1 chosen (nothing merged until the
chairman confirms), and a matter raised at an earlier conference shows its outcome and that
its follow-up is overdue."""
from __future__ import annotations

import json
import re
import urllib.request

import pytest
from playwright.sync_api import expect

from .. import live
from ..conftest import xlsx
from .conftest import login, screenshot

ROWS = [["Họ và tên", "Đơn vị"], ["Nguyễn Văn An", "TDP số 1"], ["Trần Thị Bình", "TDP số 2"]]
pytestmark = [pytest.mark.browser]


@pytest.fixture
def hall(tmp_path):
    """A server whose database holds an earlier conference (May 2025) with a referred matter,
    overdue, and the active one with its roster."""
    path = tmp_path / "hall.db"
    env = live.prepare(path, xlsx(ROWS))
    from conference import create_app, store
    from office import conferences

    app = create_app({"DATABASE": str(path), "SECRET_KEY": "live-test", "INSTANCE": str(tmp_path / "instance")})
    with app.app_context():
        database = store.db()
        fields = {**conferences.default_conference_fields(), "title": "Hội nghị đối thoại năm 2025 (lần 1)",
                  "held_on": "2025-05-15"}
        may = conferences.create_conference(database, fields, "test", activate=False)
        text = "Ngõ 12 Lĩnh Nam mưa to là ngập, đề nghị nạo vét cống thoát nước"
        with store.write(database):
            question = store.question_insert(database, may, {"source": "floor", "original_text": text, "text": text,
                                                             "status": "pending"})
            store.question_update(database, question, {"status": "referred", "referred_to": "Công ty thoát nước",
                                                       "reply_due": "2025-07-01"})
        store.close_db()
    store.release_all()
    server = live.start(env, tmp_path / "server.log")
    yield server.url
    server.stop()


def ask(url: str, text: str) -> dict:
    request = urllib.request.Request(url + "/api/questions", data=json.dumps({"text": text}).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)


def card(page, n: int):
    return page.locator(".q").filter(has=page.locator(".number", has_text=re.compile(rf"^Câu {n}$")))


def test_suggested_merge_opens_the_dialog_with_the_question_chosen(hall, page):
    first = ask(hall, "Đề nghị nạo vét cống thoát nước ngõ 12 Lĩnh Nam, mưa to là ngập")
    second = ask(hall, "ngo 12 linh nam mua to ngap het, de nghi nao vet cong")
    ask(hall, "Xin hỏi lịch thu gom rác của tổ 2")
    popups: list[str] = []
    page.on("dialog", lambda d: (popups.append(d.message), d.dismiss()))
    page.set_viewport_size({"width": 1366, "height": 768})
    login(page, hall, "chairman")
    expect(page).to_have_url(re.compile(r"/moderator$"))

    duplicate = card(page, 2)
    expect(duplicate.locator(".similar-here")).to_contain_text(re.compile(r"Có thể trùng: Câu 1 \(\d{2,3}%\)"))
    expect(duplicate.locator(".similar-earlier")).to_contain_text(
        "Đã nêu ở hội nghị 15/05/2025 — hướng dẫn chuyển cơ quan có thẩm quyền, quá hạn (hạn 01/07/2025)")
    expect(card(page, 1).locator(".similar-here")).to_contain_text("Có thể trùng: Câu 2")
    expect(card(page, 3).locator(".similar")).to_have_count(0)  # the garbage question is like nothing
    screenshot(page, "similar-cards-1366x768.png")

    # A question sent while the page is open: its card finds question 1 too.
    ask(hall, "Ngõ 12 Lĩnh Nam cống tắc, mưa to là ngập")
    expect(card(page, 4).locator(".similar-here").first).to_contain_text(re.compile(r"Câu [12] "))

    duplicate.get_by_role("button", name="Gộp vào câu 1").click()
    dialog = page.locator("#act")
    expect(dialog).to_be_visible()
    expect(dialog.locator(".merge-list")).to_have_value(str(first["id"]))
    expect(dialog.locator(".preview")).to_contain_text("Câu 1")
    screenshot(page, "similar-merge-dialog-1366x768.png")

    # Nothing is merged until the chairman confirms.
    status, body = live.Client(hall, "chairman").call("GET", "/api/questions")
    assert {q["id"]: q["status"] for q in body}[second["id"]] == "pending"
    dialog.get_by_role("button", name="Gộp", exact=True).click()
    expect(dialog).to_be_hidden()
    status, body = live.Client(hall, "chairman").call("GET", "/api/questions")
    merged = {q["id"]: q for q in body}[second["id"]]
    assert (merged["status"], merged["merged_into"]) == ("merged", first["id"])
    assert popups == []
