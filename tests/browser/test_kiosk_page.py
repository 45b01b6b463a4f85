"""Door staff in a real browser: a scanner types a code, green then amber; search by name;
offline scans queue durably and are admitted once the server answers again; a kiosk reloaded
while the server is down opens from its cache, its copy holding no code in clear."""
from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from .. import live
from ..conftest import xlsx
from .conftest import CHROMIUM, login, screenshot

ROWS = [["Họ và tên", "Đơn vị", "Loại", "Chức vụ"],
        ["Nguyễn Văn An", "TDP số 1", "cán bộ TDP", "Tổ trưởng TDP"],
        ["Nguyễn Văn Bảo", "TDP số 1", "", ""],
        ["Trần Thị Bình", "TDP số 1", "", ""],
        ["Lê Văn Cường", "TDP số 2", "", ""]]

pytestmark = [pytest.mark.browser, pytest.mark.roster(ROWS)]


def people(server):
    """The roster as the admin API gives it (a separate session, as another tool would)."""
    status, rows = live.Client(server, "admin").call("GET", "/api/invitees")
    assert status == 200
    return {p["name"]: p for p in rows}


def scan(page, text: str):
    """A USB scanner: types fast into the focused box, then Enter."""
    page.keyboard.type(text, delay=5)
    page.keyboard.press("Enter")


def test_scanner_green_then_amber_then_red(server, page):
    login(page, server, "kiosk")
    expect(page).to_have_url(re.compile(r"/kiosk$"))
    expect(page.locator("#scan")).to_be_focused()
    person = people(server)["Trần Thị Bình"]

    scan(page, person["code"])
    result = page.locator("#result")
    expect(result).to_have_class(re.compile("green"))
    expect(result).to_contain_text("Trần Thị Bình")
    expect(result).to_contain_text("TDP số 1: 1/10 đại diện nhân dân")
    screenshot(page, "kiosk-green.png")

    page.wait_for_timeout(3100)  # the same card again after the 3-second guard
    scan(page, person["short_code"][:4].lower() + "-" + person["short_code"][4:].lower())
    expect(result).to_have_class(re.compile("amber"))
    expect(result).to_contain_text("đã vào lúc")

    scan(page, "00020101021138570010A000000727")  # a bank's VietQR
    expect(result).to_have_class(re.compile("red"))
    expect(result).to_contain_text("không phải giấy mời")
    screenshot(page, "kiosk-red.png")
    assert people(server)["Trần Thị Bình"]["checked_in_at"]


def test_the_same_code_within_three_seconds_is_ignored(server, page):
    login(page, server, "kiosk")
    code = people(server)["Lê Văn Cường"]["code"]
    scan(page, code)
    expect(page.locator("#result")).to_have_class(re.compile("green"))
    scan(page, code)  # the card is still under the scanner
    page.wait_for_timeout(500)
    expect(page.locator("#result")).to_have_class(re.compile("green"))


def test_search_without_diacritics_and_admit(server, page):
    login(page, server, "kiosk")
    page.get_by_label("Tìm theo tên").fill("nguyen van")
    results = page.locator("#search-results li")
    expect(results).to_have_count(2)
    expect(results.first).to_contain_text("Nguyễn Văn")
    results.filter(has_text="Nguyễn Văn Bảo").get_by_role("button", name="Cho vào").click()
    expect(page.locator("#result")).to_have_class(re.compile("green"))
    expect(page.locator("#result")).to_contain_text("Nguyễn Văn Bảo")
    assert people(server)["Nguyễn Văn Bảo"]["checked_in_at"]
    # Nobody by that name: said so, and where to turn (it was an empty box).
    page.locator("#dismiss").click()
    page.get_by_label("Tìm theo tên").fill("zzz")
    expect(results).to_have_count(1)
    expect(results.first).to_have_text(re.compile("^Không tìm thấy ai như vậy trong danh sách mời"))


def test_undo_the_last_admission(server, page):
    login(page, server, "kiosk")
    scan(page, people(server)["Nguyễn Văn An"]["code"])
    page.get_by_role("button", name="Hoàn tác").click()
    expect(page.locator("#result")).to_contain_text("Đã hoàn tác")
    assert people(server)["Nguyễn Văn An"]["checked_in_at"] is None


def test_offline_scans_queue_survive_a_reload_and_are_admitted_once(server, page):
    login(page, server, "kiosk")
    roster = people(server)
    expect(page.locator("#present-count")).to_contain_text("0/120")  # the kiosk has its copy
    page.wait_for_timeout(300)

    page.context.set_offline(True)
    scan(page, roster["Nguyễn Văn An"]["code"])
    expect(page.locator("#result")).to_have_class(re.compile("green"))
    expect(page.locator("#offline-banner")).to_be_visible()
    expect(page.locator("#offline-banner")).to_contain_text("1 lượt chờ gửi")
    page.wait_for_timeout(3100)
    scan(page, roster["Nguyễn Văn An"]["code"])  # again, at the same kiosk: amber from its copy
    expect(page.locator("#result")).to_have_class(re.compile("amber"))
    scan(page, roster["Lê Văn Cường"]["short_code"])
    expect(page.locator("#offline-banner")).to_contain_text("2 lượt chờ gửi")
    expect(page.locator("#present-count")).to_contain_text("2/120")  # the copy's count, not frozen
    screenshot(page, "kiosk-offline.png")
    assert people(server)["Nguyễn Văn An"]["checked_in_at"] is None  # not sent yet

    # The server is reachable again but the scans are still held back: reload the page.
    page.route("**/api/checkins", lambda route: route.abort())
    page.context.set_offline(False)
    page.reload()
    expect(page.locator("#offline-banner")).to_contain_text("2 lượt chờ gửi")
    page.unroute("**/api/checkins")
    expect(page.locator("#offline-banner")).to_be_hidden(timeout=10_000)
    after = people(server)
    assert after["Nguyễn Văn An"]["checked_in_at"] and after["Lê Văn Cường"]["checked_in_at"]
    assert after["Trần Thị Bình"]["checked_in_at"] is None


@pytest.fixture
def hall(tmp_path):
    """Like `server`, but the test stops it and starts it again on the same port and database."""
    env = live.prepare(tmp_path / "hall.db", xlsx(ROWS))
    servers = [live.start(env, tmp_path / "server.log")]

    def restart():
        port = int(servers[0].url.rsplit(":", 1)[1])
        servers.append(live.start(env, tmp_path / "server.log", port=port))

    yield servers[0], restart
    for server in servers:
        server.stop()


STORED = "() => JSON.stringify(Object.fromEntries(Object.entries(localStorage)))"
CACHED = """async () => {
  const urls = [];
  for (const name of await caches.keys()) {
    for (const request of await (await caches.open(name)).keys()) urls.push(new URL(request.url).pathname);
  }
  return urls;
}"""


def test_a_kiosk_reloaded_while_the_server_is_down_opens_from_its_cache(hall, page):
    server, restart = hall
    login(page, server.url, "kiosk")
    roster = people(server.url)
    expect(page.locator("#present-count")).to_contain_text("0/120")  # the kiosk has its copy
    expect(page.locator("html")).to_have_attribute("data-shell", re.compile(r"^(\d+)/\1$"))  # all kept

    stored = page.evaluate(STORED)
    copy = json.loads(json.loads(stored)[next(k for k in json.loads(stored) if ".roster." in k)])
    assert {p["name"] for p in copy["people"]} == set(roster)
    assert all(p["code_digest"] and p["short_digest"] for p in copy["people"])
    for person in roster.values():  # no card in clear, in any form
        for code in (person["code"], person["short_code"], person["short_code"][:4] + "-" + person["short_code"][4:]):
            assert code not in stored
    cached = page.evaluate(CACHED)
    unversioned = {re.sub(r"^/v/[^/]+/", "/", url) for url in cached}  # the page's files carry their version
    assert {"/kiosk", "/static/js/kiosk.js", "/static/js/kiosk/digest.js", "/static/css/app.css",
            "/vendor/socket.io/socket.io.min.js", "/vendor/noble-hashes/hmac.js"} <= unversioned
    assert not [url for url in cached if url.startswith("/api/")]  # the API is never cached
    assert any(url.endswith(".woff2") for url in cached)

    server.stop()  # the laptop's server is down
    page.reload()
    expect(page.locator("#scan")).to_be_focused()
    expect(page.locator("#offline-banner")).to_be_visible()
    expect(page.locator("#present-count")).to_have_text("Có mặt: 0/120")  # from the copy, not "—"
    scan(page, roster["Nguyễn Văn An"]["code"])
    expect(page.locator("#result")).to_have_class(re.compile("green"))
    expect(page.locator("#result")).to_contain_text("Nguyễn Văn An")
    page.locator("#dismiss").click()
    short = roster["Lê Văn Cường"]["short_code"]
    scan(page, short[:4].lower() + " " + short[4:].lower())  # typed by hand from the card
    expect(page.locator("#result")).to_have_class(re.compile("green"))
    expect(page.locator("#result")).to_contain_text("Lê Văn Cường")
    expect(page.locator("#offline-banner")).to_contain_text("2 lượt chờ gửi")
    screenshot(page, "kiosk-offline-reloaded.png")
    stored = page.evaluate(STORED)  # the queue holds who was admitted, not what was scanned
    assert roster["Nguyễn Văn An"]["code"] not in stored and short not in stored

    restart()
    expect(page.locator("#offline-banner")).to_be_hidden(timeout=15_000)
    after = people(server.url)
    assert after["Nguyễn Văn An"]["checked_in_at"] and after["Lê Văn Cường"]["checked_in_at"]
    assert after["Trần Thị Bình"]["checked_in_at"] is None

    page.get_by_role("button", name="Đăng xuất").click()  # no door page offline for no one
    expect(page).to_have_url(re.compile(r"/login$"))
    assert page.evaluate(CACHED) == []


def test_an_admin_at_the_door_keeps_no_code_either(server, page):
    """An admin's API answers carry the codes: the page digests them before keeping its copy."""
    login(page, server, "admin")
    page.goto(server + "/kiosk")
    roster = people(server)
    expect(page.locator("#present-count")).to_contain_text("0/120")
    stored = page.evaluate(STORED)
    assert not [p for p in roster.values() if p["code"] in stored or p["short_code"] in stored]
    page.context.set_offline(True)
    scan(page, roster["Trần Thị Bình"]["code"])
    expect(page.locator("#result")).to_have_class(re.compile("green"))
    expect(page.locator("#result")).to_contain_text("Trần Thị Bình")


def test_the_board_follows_the_door(server, browser, page):
    login(page, server, "kiosk")
    board_context = browser.new_context(viewport={"width": 1600, "height": 900})
    board = board_context.new_page()
    login(board, server, "display")
    board.goto(server + "/board")
    row = board.locator(".bar-row", has_text="TDP số 1")
    expect(row.locator(".bar-value")).to_have_text("0/10")
    scan(page, people(server)["Trần Thị Bình"]["code"])
    expect(row.locator(".bar-value")).to_have_text("1/10")
    expect(board.locator("#latest li").first).to_contain_text("Trần Thị Bình")
    expect(board.locator("#present")).to_have_text("1/120")
    screenshot(board, "board.png")
    board_context.close()


def fake_camera(path, text: str) -> None:
    """A Y4M video of a printed invitation held in front of the camera, for Chromium's fake
    capture device."""
    import qrcode
    from PIL import Image

    width, height = 640, 480
    qr = qrcode.make(text, box_size=8, border=4).convert("L")
    frame = Image.new("L", (width, height), 235)
    frame.paste(qr, ((width - qr.width) // 2, (height - qr.height) // 2))
    chroma = bytes([128]) * (width // 2 * height // 2)
    with open(path, "wb") as out:
        out.write(f"YUV4MPEG2 W{width} H{height} F10:1 Ip A1:1 C420jpeg\n".encode())
        for _ in range(10):
            out.write(b"FRAME\n" + frame.tobytes() + chroma + chroma)


def test_camera_scanning_on_a_secure_page(server, browser, tmp_path):
    person = people(server)["Lê Văn Cường"]
    video = tmp_path / "invitation.y4m"
    fake_camera(video, person["code"])
    camera_browser = browser.browser_type.launch(
        executable_path=CHROMIUM,
        args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
              "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
              f"--use-file-for-fake-video-capture={video}"],
    )
    try:
        context = camera_browser.new_context()
        context.grant_permissions(["camera"])
        page = context.new_page()
        login(page, server, "kiosk")  # http://127.0.0.1 is a secure context, as localhost is
        page.get_by_role("button", name="Quét bằng camera").click()
        expect(page.locator("#result")).to_have_class(re.compile("green"), timeout=15_000)
        expect(page.locator("#result")).to_contain_text("Lê Văn Cường")
        assert people(server)["Lê Văn Cường"]["checked_in_at"]
    finally:
        camera_browser.close()


# ---------------------------------------------------------------- #11: nothing stale, no pop-up


@pytest.fixture(autouse=True)
def no_browser_pop_ups(request):
    """Every question to the door staff is asked in the page: a browser alert(), confirm() or
    prompt() on the door's page fails the test."""
    if "page" not in request.fixturenames:
        yield
        return
    page = request.getfixturevalue("page")
    pop_ups: list[str] = []

    def refuse(dialog):
        pop_ups.append(f"{dialog.type}(): {dialog.message}")
        dialog.dismiss()
    page.on("dialog", refuse)
    yield
    assert pop_ups == []


def row(page, name: str):
    return page.locator("#search-results li", has_text=name)


def test_search_results_follow_each_admission_and_undo(server, page):
    login(page, server, "kiosk")
    page.get_by_label("Tìm theo tên").fill("nguyen van")
    expect(page.locator("#search-results li")).to_have_count(2)
    row(page, "Nguyễn Văn Bảo").get_by_role("button", name="Cho vào").click()
    expect(page.locator("#result")).to_have_class(re.compile("green"))
    page.locator("#dismiss").click()
    # The person just admitted no longer offers "Cho vào"; the other one still does.
    expect(row(page, "Nguyễn Văn Bảo").get_by_role("button", name="Cho vào")).to_have_count(0)
    expect(row(page, "Nguyễn Văn Bảo")).to_contain_text("đã vào")
    expect(row(page, "Nguyễn Văn An").get_by_role("button", name="Cho vào")).to_be_visible()

    # A scan at this kiosk, and an admission at another one, refresh the list too.
    page.locator("#scan").focus()
    scan(page, people(server)["Nguyễn Văn An"]["code"])
    expect(page.locator("#result")).to_have_class(re.compile("green"))
    expect(row(page, "Nguyễn Văn An")).to_contain_text("đã vào")
    page.get_by_role("button", name="Hoàn tác").click()
    expect(page.locator("#result")).to_contain_text("Đã hoàn tác")
    expect(row(page, "Nguyễn Văn An").get_by_role("button", name="Cho vào")).to_be_visible()
    other = live.Client(server, "kiosk")
    assert other.call("POST", "/api/checkins", {"invitee_id": people(server)["Nguyễn Văn An"]["id"]})[0] == 201
    expect(row(page, "Nguyễn Văn An")).to_contain_text("đã vào")
    expect(row(page, "Nguyễn Văn An").get_by_role("button", name="Cho vào")).to_have_count(0)


def test_the_undo_answer_has_its_own_colour(server, page):
    login(page, server, "kiosk")
    code = people(server)["Trần Thị Bình"]["code"]
    scan(page, code)
    result = page.locator("#result")
    expect(result).to_have_class(re.compile("green"))
    page.get_by_role("button", name="Hoàn tác").click()
    expect(result).to_have_class(re.compile("undone"))
    expect(result).to_contain_text("Đã hoàn tác")
    undone = result.evaluate("node => getComputedStyle(node).backgroundColor")
    screenshot(page, "kiosk-undone.png")
    page.locator("#dismiss").click()
    page.wait_for_timeout(3100)  # past the guard against the same card twice
    scan(page, code)  # in again, then once more: the amber of "ĐÃ VÀO RỒI"
    expect(result).to_have_class(re.compile("green"))
    page.wait_for_timeout(3100)
    scan(page, code)
    expect(result).to_have_class(re.compile("amber"))
    amber = result.evaluate("node => getComputedStyle(node).backgroundColor")
    green = "rgb(30, 123, 52)"
    assert undone not in (amber, green, "rgba(0, 0, 0, 0)"), (undone, amber)


@pytest.mark.parametrize("typed", ["VN4H-Y9RO", "abcd efgh", "ACDI-FHJL"])
def test_a_mistyped_short_code_is_no_such_code(server, page, typed):
    login(page, server, "kiosk")
    scan(page, typed)
    result = page.locator("#result")
    expect(result).to_have_class(re.compile("red"))
    expect(result.locator(".result-title")).to_have_text("KHÔNG CÓ MÃ NÀY")
    expect(result).to_contain_text("Không có giấy mời nào mang mã này")
    if typed == "VN4H-Y9RO":
        screenshot(page, "kiosk-no-such-code.png")
    page.locator("#dismiss").click()
    scan(page, "00020101021138570010A000000727")  # a bank's VietQR: not an invitation at all
    expect(result.locator(".result-title")).to_have_text("KHÔNG HỢP LỆ")


def test_a_walk_in_already_on_the_list_is_offered_for_admission(server, page):
    login(page, server, "kiosk")
    before = len(people(server))
    form = page.locator("#walkin-form")
    form.get_by_label("Họ và tên").fill("trần thị bình")
    form.get_by_label("Đơn vị").select_option(label="TDP số 1")
    form.get_by_role("button", name="Ghi nhận và cho vào").click()
    offer = page.locator("dialog#confirm")
    expect(offer).to_be_visible()
    expect(offer).to_contain_text("Đã có trong danh sách mời")
    expect(offer).to_contain_text("Trần Thị Bình")
    expect(offer.get_by_role("button", name="Hủy")).to_be_focused()  # a scanner's Enter admits no one
    expect(page.locator("#result")).to_be_hidden()  # no full-screen red "KHÔNG HỢP LỆ"
    screenshot(page, "kiosk-walk-in-on-the-list.png")
    offer.get_by_role("button", name="Cho vào").click()
    expect(offer).to_be_hidden()
    expect(page.locator("#result")).to_have_class(re.compile("green"))
    expect(page.locator("#result")).to_contain_text("Trần Thị Bình")
    after = people(server)
    assert len(after) == before and after["Trần Thị Bình"]["checked_in_at"]
    assert not after["Trần Thị Bình"].get("walk_in")
    expect(form.get_by_label("Họ và tên")).to_have_value("")

    # Again, now that she is in: amber, and still no new person.
    page.locator("#dismiss").click()
    form.get_by_label("Họ và tên").fill("Trần Thị Bình")
    form.get_by_label("Đơn vị").select_option(label="TDP số 1")
    form.get_by_role("button", name="Ghi nhận và cho vào").click()
    expect(page.locator("#result")).to_have_class(re.compile("amber"))
    expect(page.locator("#result")).to_contain_text("đã vào lúc")
    assert len(people(server)) == before


def _walk_in_past_capacity(server, page):
    """A hall of capacity 1, filled by a scan; a walk-in typed and sent: the door asks. Returns
    the walk-in form and the door's question."""
    admin = live.Client(server, "admin")
    conference = admin.call("GET", "/api/conference")[1]
    assert admin.call("PATCH", f"/api/conferences/{conference['id']}", {"capacity": 1})[0] == 200
    login(page, server, "kiosk")
    scan(page, people(server)["Lê Văn Cường"]["code"])  # the hall is full
    expect(page.locator("#result")).to_have_class(re.compile("green"))
    page.locator("#dismiss").click()
    form = page.locator("#walkin-form")
    form.get_by_label("Họ và tên").fill("Hoàng Văn Em")
    form.get_by_label("Đơn vị").select_option(label="TDP số 2")
    form.get_by_role("button", name="Ghi nhận và cho vào").click()
    ask = page.locator("dialog#confirm")
    expect(ask).to_contain_text("Hội trường đã đủ chỗ")
    return form, ask


def test_a_walk_in_past_the_halls_capacity_is_confirmed_in_the_page(server, page):
    form, ask = _walk_in_past_capacity(server, page)
    expect(ask).to_contain_text("Hoàng Văn Em")
    ask.get_by_role("button", name="Hủy").click()
    expect(ask).to_be_hidden()
    assert "Hoàng Văn Em" not in people(server)
    expect(form.get_by_label("Họ và tên")).to_have_value("Hoàng Văn Em")  # nothing typed is lost

    form.get_by_role("button", name="Ghi nhận và cho vào").click()
    ask.get_by_role("button", name="Vẫn cho vào").click()
    expect(page.locator("#result")).to_have_class(re.compile("green"))
    expect(page.locator("#result")).to_contain_text("Hoàng Văn Em")
    assert people(server)["Hoàng Văn Em"]["checked_in_at"]


@pytest.mark.parametrize("ending", ["Enter", "Tab"])
def test_a_card_scanned_while_the_door_asks_is_a_scan_not_an_answer(server, page, ending):
    """The door asks about a walk-in; the next person's card is scanned meanwhile. The scanner's
    Enter must not press "Hủy" unseen (nobody admitted, nothing shown), and a Tab-ending scanner
    must never walk the focus onto "Vẫn cho vào": the card is admitted as a scan, the question
    answered "no", and what was typed for the walk-in stays."""
    form, ask = _walk_in_past_capacity(server, page)
    codes = people(server)

    page.keyboard.type(codes["Trần Thị Bình"]["code"], delay=5)
    page.keyboard.press(ending)
    expect(ask).to_be_hidden()
    expect(page.locator("#result")).to_have_class(re.compile("green"))
    expect(page.locator("#result")).to_contain_text("Trần Thị Bình")
    expect(page.locator("#scan")).to_be_focused()
    expect(form.get_by_label("Họ và tên")).to_have_value("Hoàng Văn Em")
    now = people(server)
    assert now["Trần Thị Bình"]["checked_in_at"] and "Hoàng Văn Em" not in now

    # A second card, the same way, lands in the scan box as usual.
    page.keyboard.type(codes["Nguyễn Văn Bảo"]["code"], delay=5)
    page.keyboard.press(ending)
    expect(page.locator("#result")).to_contain_text("Nguyễn Văn Bảo")
    assert "Hoàng Văn Em" not in people(server)


def test_a_card_scanned_into_the_name_search_is_a_scan(server, page):
    login(page, server, "kiosk")
    search = page.get_by_label("Tìm theo tên")
    search.fill("bao")
    search.focus()
    page.keyboard.type(people(server)["Lê Văn Cường"]["code"], delay=5)
    page.keyboard.press("Enter")
    expect(page.locator("#result")).to_have_class(re.compile("green"))
    expect(page.locator("#result")).to_contain_text("Lê Văn Cường")
    expect(search).to_have_value("bao")  # what the person had typed, without the card
    assert people(server)["Lê Văn Cường"]["checked_in_at"]
    # A name typed by a person, even ending in Enter, stays a search.
    page.locator("#dismiss").click()
    search.fill("")
    search.press_sequentially("Nguyen Van Bao", delay=80)
    search.press("Enter")
    expect(page.locator("#search-results li")).to_have_count(1)
    expect(search).to_have_value("Nguyen Van Bao")
    # A name typed by a person that reads like a short code (eight letters of its alphabet)
    # stays a search: it is the pace, not the letters, that makes a scan.
    search.fill("")
    search.press_sequentially("tranmanh", delay=90)
    search.press("Enter")
    expect(search).to_have_value("tranmanh")
    expect(page.locator("#result")).to_be_hidden()


def test_a_bank_qr_scanned_into_a_walk_in_field_is_not_a_walk_in(server, page):
    """A VietQR (or a damaged card) scanned while the focus is in the walk-in's empty name: it was
    registered and admitted as a walk-in named with its digits; now it is a scan, refused in red,
    and nobody new is on the list."""
    login(page, server, "kiosk")
    before = len(people(server))
    name = page.locator("#walkin-form").get_by_label("Họ và tên")
    name.focus()
    page.keyboard.type("00020101021138570010A000000727", delay=5)
    page.keyboard.press("Enter")
    expect(page.locator("#result")).to_have_class(re.compile("red"))
    expect(page.locator("#result .result-title")).to_have_text("KHÔNG HỢP LỆ")
    expect(name).to_have_value("")
    assert len(people(server)) == before
    # A card read with a hiccup (a Bluetooth scanner pausing a quarter of a second) is still one scan.
    page.locator("#dismiss").click()
    code = people(server)["Lê Văn Cường"]["code"]
    name.fill("Hoàng Văn Em")
    page.keyboard.type(code[:12], delay=5)
    page.wait_for_timeout(220)
    page.keyboard.type(code[12:], delay=5)
    page.keyboard.press("Tab")
    expect(page.locator("#result")).to_contain_text("Lê Văn Cường")
    expect(name).to_have_value("Hoàng Văn Em")
    assert people(server)["Lê Văn Cường"]["checked_in_at"] and len(people(server)) == before


def test_an_answer_closed_early_leaves_the_focus_where_the_staff_went(server, page):
    """Closed with Tiếp tục, an answer's own timer used to fire seconds later and take the focus
    back to the scan box, from the name being typed into the walk-in form."""
    login(page, server, "kiosk")
    scan(page, people(server)["Nguyễn Văn Bảo"]["code"])
    expect(page.locator("#result")).to_have_class(re.compile("green"))
    page.locator("#dismiss").click()
    name = page.locator("#walkin-form").get_by_label("Họ và tên")
    name.click()
    page.wait_for_timeout(5600)  # past the answer's own time on screen
    page.keyboard.type("Hoàng Văn Em")
    expect(name).to_be_focused()
    expect(name).to_have_value("Hoàng Văn Em")
    expect(page.locator("#scan")).to_have_value("")


def test_a_late_answer_never_covers_the_next_person_s(server, page):
    """Card A's answer is held up on the Wi-Fi; card B is scanned and shown. A's answer, arriving
    after, used to replace B's on the screen, and Hoàn tác then undid A, not the person at the
    door. A is admitted all the same."""
    login(page, server, "kiosk")
    codes = people(server)
    slow = codes["Trần Thị Bình"]["code"]
    held = []

    def hold_a(route):
        if slow in (route.request.post_data or ""):
            held.append(route)  # let through later, within the kiosk's 3 s
        else:
            route.continue_()

    page.route("**/api/checkins", hold_a)
    scan(page, slow)
    page.wait_for_timeout(50)
    assert len(held) == 1
    scan(page, codes["Lê Văn Cường"]["code"])
    expect(page.locator("#result")).to_contain_text("Lê Văn Cường")
    held[0].continue_()
    page.wait_for_timeout(800)  # A's answer has come by now
    assert people(server)["Trần Thị Bình"]["checked_in_at"]
    expect(page.locator("#result")).to_contain_text("Lê Văn Cường")
    now = people(server)
    assert now["Trần Thị Bình"]["checked_in_at"] and now["Lê Văn Cường"]["checked_in_at"]
    page.get_by_role("button", name="Hoàn tác").click()
    expect(page.locator("#result")).to_contain_text("Lê Văn Cường")
    assert not people(server)["Lê Văn Cường"]["checked_in_at"] and people(server)["Trần Thị Bình"]["checked_in_at"]


def test_the_keyboard_leaves_the_scan_box_and_reaches_undo(server, page):
    """Tab from the empty scan box moves on (it was a trap): onto the answer's Hoàn tác while
    it shows, which then does not vanish under the person's hand; a Tab-ending scan still scans."""
    login(page, server, "kiosk")
    box = page.locator("#scan")
    page.keyboard.type(people(server)["Nguyễn Văn Bảo"]["code"], delay=5)
    page.keyboard.press("Tab")  # a Tab-ending scanner
    expect(page.locator("#result")).to_have_class(re.compile("green"))
    expect(box).to_be_focused()
    page.keyboard.press("Tab")
    undo = page.get_by_role("button", name="Hoàn tác")
    expect(undo).to_be_focused()
    page.wait_for_timeout(5600)  # past the answer's own time on screen
    expect(undo).to_be_visible()
    screenshot(page, "kiosk-keyboard-undo.png")
    page.keyboard.press("Enter")
    expect(page.locator("#result")).to_have_class(re.compile("undone"))
    assert not people(server)["Nguyễn Văn Bảo"]["checked_in_at"]
    page.locator("#dismiss").click()
    expect(box).to_be_focused()
    page.keyboard.press("Tab")  # no answer showing: on to the next control
    expect(box).not_to_be_focused()
    page.wait_for_timeout(300)
    expect(box).not_to_be_focused()  # and not pulled back


COPY_HOLDS = """([name, admitted]) => {
  const key = Object.keys(localStorage).find((k) => k.includes(".roster."));
  const copy = key && JSON.parse(localStorage.getItem(key));
  const person = copy && copy.people.find((p) => p.name === name);
  return Boolean(person) && Boolean(person.checked_in_at) === admitted;
}"""


def test_the_copy_follows_changes_and_admits_a_new_invitee_offline(server, page):
    """The kiosk's copy is fetched whole once, then only what changed: a person added at the
    office after the kiosk opened, and someone admitted at another door, reach it without a
    whole reload; then the Wi-Fi drops and the door still admits the newcomer from its copy."""
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url) if "/api/kiosk/roster" in request.url else None)
    login(page, server, "kiosk")
    expect(page.locator("#present-count")).to_contain_text("0/120")  # the kiosk has its copy
    page.wait_for_function(COPY_HOLDS, arg=["Lê Văn Cường", False])

    office = live.Client(server, "admin")
    groups = {g["name"]: g for g in office.call("GET", "/api/conference")[1]["groups"]}
    status, newcomer = office.call("POST", "/api/invitees", {"name": "Đặng Thị Hạnh", "group_id": groups["TDP số 2"]["id"]})
    assert status == 201
    page.wait_for_function(COPY_HOLDS, arg=["Đặng Thị Hạnh", False])  # a change, applied and stored

    other_door = live.Client(server, "kiosk")
    before = len(asked)
    assert other_door.call("POST", "/api/checkins", {"invitee_id": people(server)["Trần Thị Bình"]["id"]})[0] == 201
    page.wait_for_function(COPY_HOLDS, arg=["Trần Thị Bình", True])
    expect(page.locator("#present-count")).to_contain_text("1/120")
    page.wait_for_timeout(500)
    assert len(asked) == before, asked  # the `checkin` event was the only change: applied, nothing asked

    wholes = [url for url in asked if "since=" not in url]
    assert len(wholes) == 1, asked  # the whole list once, at the start; then changes only
    assert any("since=" in url for url in asked)

    page.context.set_offline(True)
    scan(page, newcomer["code"])
    result = page.locator("#result")
    expect(result).to_have_class(re.compile("green"))
    expect(result).to_contain_text("Đặng Thị Hạnh")
    expect(page.locator("#offline-banner")).to_contain_text("1 lượt chờ gửi")
    screenshot(page, "kiosk-offline-newcomer.png")
    page.locator("#dismiss").click()
    scan(page, people(server)["Trần Thị Bình"]["short_code"])  # admitted at the other door
    expect(result).to_have_class(re.compile("amber"))

    page.context.set_offline(False)
    expect(page.locator("#offline-banner")).to_be_hidden(timeout=15_000)
    assert people(server)["Đặng Thị Hạnh"]["checked_in_at"]
    assert len([url for url in asked if "since=" not in url]) == 1


def test_a_walk_in_with_the_server_out_of_reach_is_not_called_invalid(server, page):
    """The Wi-Fi drops as a walk-in is registered: the guest is not 'KHÔNG HỢP LỆ' but not
    recorded yet, with what to do; the form keeps the name to send again."""
    login(page, server, "kiosk")
    form = page.locator("#walkin-form")
    form.get_by_label("Họ và tên").fill("Hoàng Văn Em")
    form.get_by_label("Đơn vị").select_option(label="TDP số 2")
    page.route("**/api/walkins", lambda route: route.abort())
    form.get_by_role("button", name="Ghi nhận và cho vào").click()
    result = page.locator("#result")
    expect(result).to_have_class(re.compile("amber"))
    expect(result).to_contain_text("CHƯA GHI ĐƯỢC")
    expect(result).to_contain_text("ghi tên vào danh sách in sẵn")
    expect(result).not_to_contain_text("KHÔNG HỢP LỆ")
    page.unroute("**/api/walkins")
    page.locator("#dismiss").click()
    expect(form.get_by_label("Họ và tên")).to_have_value("Hoàng Văn Em")
    form.get_by_role("button", name="Ghi nhận và cho vào").click()
    expect(result).to_have_class(re.compile("green"))
    assert people(server)["Hoàng Văn Em"]["checked_in_at"]


def test_admissions_queued_offline_wait_for_a_login_never_dropped(server, page):
    """The desk's login ended while it was offline (cookies gone, the tablet unpaired): the
    queue was sent into 401s and emptied, and the next card read "KHÔNG HỢP LỆ". Now the queue
    waits, the door says the desk must log in (not that the card is bad), and after a login
    every queued admission arrives once."""
    login(page, server, "kiosk")
    roster = people(server)
    expect(page.locator("#present-count")).to_contain_text("0/120")
    page.wait_for_timeout(300)
    page.context.set_offline(True)
    scan(page, roster["Nguyễn Văn An"]["code"])
    page.wait_for_timeout(3100)
    scan(page, roster["Lê Văn Cường"]["short_code"])
    expect(page.locator("#offline-banner")).to_contain_text("2 lượt chờ gửi")
    page.context.clear_cookies()  # the login is gone meanwhile
    page.context.set_offline(False)
    banner = page.locator("#login-banner")
    expect(banner).to_be_visible(timeout=10_000)
    expect(banner).to_contain_text("Máy này cần đăng nhập lại")
    expect(banner).to_contain_text("2 lượt đã cho vào khi mất mạng đang chờ")
    assert json.loads(page.evaluate("localStorage.getItem('doithoai.kiosk.queue')") or "[]") != []
    page.wait_for_timeout(3100)
    scan(page, roster["Trần Thị Bình"]["code"])
    result = page.locator("#result")
    expect(result).to_have_class(re.compile("login"))
    expect(result).to_contain_text("MÁY NÀY CHƯA ĐĂNG NHẬP")
    expect(result).not_to_contain_text("KHÔNG HỢP LỆ")
    screenshot(page, "kiosk-logged-out.png")
    assert people(server)["Nguyễn Văn An"]["checked_in_at"] is None
    login(page, server, "kiosk")  # back, as the banner's link leads
    page.goto(server + "/kiosk")
    expect(page.locator("#offline-banner")).to_be_hidden(timeout=10_000)
    after = people(server)
    assert after["Nguyễn Văn An"]["checked_in_at"] and after["Lê Văn Cường"]["checked_in_at"]
    assert after["Trần Thị Bình"]["checked_in_at"] is None  # scanned while logged out: not judged, not admitted


def test_a_walk_in_named_as_someone_inside_is_asked_about_then_undone_leaves_the_list(server, page):
    login(page, server, "kiosk")
    roster = people(server)
    scan(page, roster["Lê Văn Cường"]["code"])
    expect(page.locator("#result")).to_have_class(re.compile("green"))
    page.locator("#dismiss").click()
    form = page.locator("#walkin-form")
    form.get_by_label("Họ và tên").fill("Le Van Cuong")
    form.get_by_label("Đơn vị").select_option(label="TDP số 1")
    form.get_by_role("button", name="Ghi nhận và cho vào").click()
    question = page.locator("dialog#confirm")
    expect(question).to_contain_text("Người cùng tên đã vào hội trường")
    expect(question).to_contain_text("Lê Văn Cường (TDP số 2) đã vào lúc")
    expect(question.get_by_role("button", name="Hủy")).to_be_focused()
    screenshot(page, "kiosk-walk-in-same-name-inside.png")
    question.get_by_role("button", name="Là người khác: ghi nhận khách mới").click()
    expect(page.locator("#result")).to_have_class(re.compile("green"))
    assert "Le Van Cuong" in people(server)
    page.get_by_role("button", name="Hoàn tác").click()
    expect(page.locator("#result")).to_have_class(re.compile("undone"))
    assert "Le Van Cuong" not in people(server)  # registered by that admission: taken back with it
