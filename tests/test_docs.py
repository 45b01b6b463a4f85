"""The README stays true: every CLI command, config key and socket event is in it."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from conference import Config

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_two_commands_come_first_and_ci_runs_the_test_one():
    top = README[: README.index("## Who uses it")]
    assert "scripts/run --demo" in top and "scripts/test" in top
    assert "exec scripts/test" in (ROOT / ".ci" / "run").read_text()


def test_every_cli_command_is_documented(app):
    commands = []
    for name, command in app.cli.commands.items():
        if name in ("run", "shell", "routes"):
            continue
        sub = getattr(command, "commands", None)
        commands += [f"{name} {s}" for s in sub] if sub else [name]
    assert {"demo", "staff add", "roster import"} <= set(commands)
    for command in commands:
        assert f"`{command}" in README, command


def test_every_config_key_is_documented():
    documented = {"DATABASE", "SECRET_KEY", "PUBLIC_URL", "MESSAGE_QUEUE", "ASYNC_MODE", "PAIRING_MINUTES",
                  "TIMEZONE", "PROXIES", "STAFF_SESSION_HOURS", "WIFI_NAME", "WIFI_PASSWORD", "ATTENDANCE_EVERY",
                  "CONNECTION_IDLE_SECONDS"}
    for key in documented | {"INSTANCE"}:  # INSTANCE is read before the app exists
        assert f"DOITHOAI_{key}" in README, key
    # A new setting in Config that a person would set must be added to the README too.
    internal = {"MAX_CONTENT_LENGTH", "SESSION_COOKIE_SAMESITE", "SESSION_COOKIE_HTTPONLY", "SESSION_REFRESH_EACH_REQUEST", "PERMANENT_SESSION_LIFETIME",
                "BABEL_DEFAULT_LOCALE", "BABEL_TRANSLATION_DIRECTORIES", "NODE_MODULES",
                "JSON_AS_ASCII", "PASSWORD_HASH_METHOD"}
    keys = {k for k in vars(Config) if k.isupper()}
    assert keys - internal == documented


def test_every_socket_event_is_documented():
    emitted = set()
    for path in ROOT.glob("*/**/*.py"):
        if ".venv" in path.parts or "tests" in path.parts:
            continue
        emitted |= set(re.findall(r"""\.emit\(\s*["'](\w+)["']""", path.read_text(encoding="utf-8")))
    assert "attendance" in emitted
    for event in emitted:
        assert f"`{event}`" in README, event


def test_every_user_facing_string_has_an_english_translation():
    with (ROOT / "translations/en/LC_MESSAGES/messages.po").open("rb") as po:
        catalog = {}
        for m in read_po(po):
            # A count's message (ngettext) has a singular and a plural id and a string for each form.
            for text in (m.id if isinstance(m.id, tuple) else (m.id,)):
                forms = m.string if isinstance(m.string, tuple) else (m.string,)
                if text:
                    catalog[text] = all(forms) and forms
    method_map = [("**.py", "python"), ("**.html", "jinja2")]
    missing, seen = [], 0
    for folder in ("conference", "office", "kiosk", "projector", "record", "templates"):
        for _file, _line, message, _comments, _context in extract_from_dir(
            ROOT / folder, method_map, keywords={"_": None, "N_": None, "L_": None, "gettext": None, "ngettext": (1, 2)}
        ):
            for text in (message if isinstance(message, tuple) else (message,)):
                seen += 1
                if text and not catalog.get(text):
                    missing.append(text)
    assert seen > 100  # the extraction really read the code
    assert missing == []


@pytest.mark.parametrize("page", ["templates", "static"])
def test_nothing_is_loaded_from_the_internet(page):
    for path in (ROOT / page).rglob("*"):
        if path.is_file() and path.suffix in (".html", ".css", ".js"):
            text = path.read_text(encoding="utf-8")
            assert not re.search(r"""(src|href)=["']https?://""", text), path
            assert "innerHTML" not in text and "|safe" not in text.replace(" ", ""), path
