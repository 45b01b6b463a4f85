"""A real server process (`python wsgi.py`, eventlet) and Debian's chromium driven by Playwright."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from .. import live
from ..conftest import xlsx

OUTPUT = live.ROOT / "test-output"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
PASSWORD = live.PASSWORD


@pytest.fixture
def server(request, tmp_path):
    """The app as the hall runs it, on loopback, with one account per role; stopped by PID.

    A test marked `@pytest.mark.roster(rows)` gets that roster imported before the start.
    """
    marker = request.node.get_closest_marker("roster")
    env = live.prepare(tmp_path / "hall.db", xlsx(marker.args[0]) if marker else None)
    server = live.start(env, tmp_path / "server.log")
    yield server.url
    server.stop()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "Debian's chromium is missing: scripts/test installs it"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    # The Content-Security-Policy refuses inline scripts and styles: a page that needs one is broken.
    page.on("console", lambda message: errors.append(message.text)
            if message.type == "error" and "Content Security Policy" in message.text else None)
    yield page
    context.close()
    assert errors == [], f"JavaScript errors on the page: {errors}"


def login(page, url: str, role: str = "admin") -> None:
    page.goto(url + "/login")
    page.get_by_label("Tên đăng nhập").fill(role)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()


def desk(browser, url: str, role: str, path: str | None, errors: list[str], popups: list[str], locale: str = "vi-VN"):
    """A laptop of its own (1366×768) logged in as `role`, on `path` if given: its context and
    page, every script error and browser pop-up recorded in `errors` and `popups` (both must
    stay empty)."""
    context = browser.new_context(locale=locale, viewport={"width": 1366, "height": 768})
    page = context.new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("dialog", lambda dialog: (popups.append(dialog.message), dialog.dismiss()))
    login(page, url, role)
    if path is not None:
        page.goto(url + path)
    return context, page


def each_page(page, counter: str):
    """Each page of something that pages itself ("trang N/M" in `counter`), in order: yields
    N; the presenter's key (PageDown) turns to the next once the caller has looked."""
    shown = page.locator(counter)
    total = int(re.search(r"/(\d+)", shown.text_content()).group(1)) if shown.is_visible() else 1
    for n in range(1, total + 1):
        if total > 1:
            from playwright.sync_api import expect

            expect(shown).to_have_text(f"trang {n}/{total}")
        yield n
        if n < total:
            page.keyboard.press("PageDown")


def screenshot(page, name: str) -> Path:
    OUTPUT.mkdir(exist_ok=True)
    path = OUTPUT / name
    page.screenshot(path=str(path), full_page=True)
    return path
