"""Hostile input on every write route (issue #13): whatever a client sends, never a 5xx.

The routes come from the app's own description (`GET /api/openapi.json`), the roles that
may call each from its view (`requires`), the real ids from the demo conference. Each
route gets, in every string field its schema names and as whole bodies, every string of
`cases/hostile_strings.json`; then the shapes: wrong types, unknown keys (the names an
audit call takes among them), bodies that are not objects, JSON nested 50,000 deep,
invalid JSON, no body, other content types; ids huge and negative in the path; junk files
to the roster import; the login and pairing forms. Every refusal under /api/ is the
contract's JSON with a Vietnamese message. After each route's batch the audit log holds no
key a body smuggled in; what the batch stored is read back by every page, API and export;
then the hall is rewound to the demo for the next route. The demo's data still reads at the end.

A hostile string is sent once per (route, field), as the first role that reaches the
handler; the shapes go as every role that may call the route, and as a phone with no
session. Problems are collected and reported together, grouped by route and cause.
"""
from __future__ import annotations

import gc
import io
import json
import re
import sqlite3
import traceback
import warnings
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest

from conference import store
from conference.staff import ROLES
from office import demo

from .conftest import GOOD_ROWS, csrf, xlsx

CASES = Path(__file__).parent / "cases" / "hostile_strings.json"
WRITES = ("post", "put", "patch", "delete")
ILLEGAL_CELL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")  # not in XML 1.0
# A letter only Vietnamese spells: every message for people is in Vietnamese.
VIETNAMESE = re.compile("[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]", re.I)


def hostile_strings() -> list[str]:
    """The corpus: every string of every group, the long ones made from their unit."""
    out: list[str] = []
    for group in json.loads(CASES.read_text(encoding="utf-8")):
        out += group.get("strings", [])
        out += [unit * times for unit, times in group.get("repeat", [])]
    return out


HOSTILE = hostile_strings()

# Values of the wrong type for any field, as raw JSON text (1e309, NaN, -0 cannot be
# written with json.dumps the way a hostile client writes them).
WRONG_TYPES = [
    "[]", "{}", "null", "true", "false", "0", "-0", "-0.0", "1", "-1", "1.5", "0.5e1", "1e309", "-1e309",
    "NaN", "Infinity", "-Infinity", str(2**63 - 1), str(2**63), str(2**64), str(-2**63 - 1), "1" * 400,
    "[1]", "[\"x\"]", "[null]", "[[1]]", "{\"a\": 1}", "{\"id\": 1}", "[" * 19 + "]" * 19,
    "\"\"", "\"\\u0000\"", "\"\\ud800\"",
]
# Large ones, sent once per field (as the first role that may call the route).
LARGE_TYPES = [json.dumps(list(range(20_000))), json.dumps(["x"] * 5_000), json.dumps({str(i): i for i in range(5_000)})]

# Keys no route takes: the audit call's own parameters first, then what a body could try
# to smuggle into a store call or an object.
UNKNOWN_KEYS = [
    "subject", "actor", "action", "database", "detail", "at", "self", "__class__", "__dict__", "__proto__",
    "constructor", "id", "conference_id", "name_key", "_group_kind", "kwargs", "fields", "user", "body", "row",
    "status", "merged_into", "device", "ip", "source", "original_text", "checked_in_at", "walk_in", "role",
    "password_hash", "", " ", "\u0000", "\ud800", "a" * 10_000, "Đ", "text\u0000", "__init__", "1", "null",
]

# Of those, the ones no audit entry may ever hold: they can only have come from a body.
SMUGGLED = {key for key in UNKNOWN_KEYS if key not in ("status", "merged_into", "walk_in", "role", "id", "fields")}

NESTED = [
    "[" * 50_000 + "]" * 50_000,
    "{\"a\":" * 50_000 + "1" + "}" * 50_000,
    "[" * 50_000,
    "{\"text\": " + "[" * 50_000 + "]" * 50_000 + "}",
    "[" * 21 + "]" * 21,  # just past the gate
    "[" * 20 + "]" * 20,  # at the gate: parsed, then refused by the rule
    "{\"a\":" * 20 + "1" + "}" * 20,
]

NOT_OBJECTS = ["[]", "\"x\"", "1", "null", "true", "false", "1.5", "[{}]", "[[]]", "\"\"", "NaN", "1e309",
               json.dumps("a" * 1_000_000), "[" + ",".join(["{}"] * 10_000) + "]"]

INVALID_JSON = [
    b"", b" ", b"{", b"}", b"{\"a\":}", b"{'a': 1}", b"{\"a\": 1,}", b"{\"a\" 1}", b"\"\\x\"", b"{\"a\": \"\\u12\"}",
    b"\xff\xfe{\x00}\x00", b"\x00", b"\xef\xbb\xbf{}", b"{\"text\": \"\xff\xfe\"}", b"{\"text\": \"\xed\xa0\x80\"}",
    "{\"text\": \"Câu hỏi\"}".encode("utf-16"), b"{\"a\": 1} {\"b\": 2}", b"{\"a\": 1}\x00", b"undefined",
    b"{\"text\": \"a\"" + b" " * 100_000, b"--", b"<xml/>", b"a=1&b=2",
]


@dataclass
class Operation:
    method: str
    template: str  # /api/invitees/{id}
    fields: list[str]
    roles: tuple[str, ...] | None  # None: anyone (a phone)

    def __str__(self) -> str:
        return f"{self.method.upper()} {self.template}"


@dataclass
class Problem:
    operation: str
    who: str
    what: str
    status: int | None
    detail: str

    def key(self) -> tuple[str, str]:
        """The route and the cause: the exception's type and the line that raised it."""
        lines = self.detail.strip().splitlines()
        if not lines:
            return self.operation, str(self.status)
        where = [line.strip() for line in lines if line.strip().startswith("File ")]
        return self.operation, f"{lines[-1].split(':')[0]} at {where[-1] if where else ''}"


@dataclass
class Hall:
    """The demo conference, a logged-in client per role, and the ids routes can reach."""

    app: Any
    clients: dict[str | None, Any]
    ids: dict[str, int]
    conference_id: int
    sent: int = 0
    problems: list[Problem] = field(default_factory=list)
    reached: set[str] = field(default_factory=set)
    saved: sqlite3.Connection | None = None
    last: str = ""  # the operation sent last
    read_back: str = ""  # before each rewind: "" nothing, "pages" all but the heavy exports, "all"

    # ------------------------------------------------------------ sending

    def send(self, op: Operation, who: str | None, what: str, data: bytes | str | None = None,
             content_type: str | None = "application/json", path: str | None = None,
             headers: dict[str, str] | None = None) -> Any:
        """One request; a 5xx, an exception or a refusal out of shape becomes a Problem."""
        self.sent += 1
        self.last = str(op)
        client = self.clients[who]
        address = f"10.{self.sent // 65536 % 256}.{self.sent // 256 % 256}.{self.sent % 256}"
        url = path or self.path(op)
        try:
            response = client.open(url, method=op.method.upper(), data=data, content_type=content_type,
                                   headers=headers, environ_base={"REMOTE_ADDR": address})
        except Exception:  # TESTING propagates what would be a 500
            self.problems.append(Problem(str(op), who or "anonymous", what, None, traceback.format_exc(limit=-6)))
            return None
        response.get_data()  # read whole, then closed: a file sent by a page (sw.js) is not left open
        response.close()
        status = response.status_code
        if status >= 500:
            self.problems.append(Problem(str(op), who or "anonymous", what, status, response.get_data(as_text=True)[:300]))
        elif status >= 400 and url.startswith("/api/"):
            body = response.get_json(silent=True)
            if not (isinstance(body, dict) and isinstance(body.get("error"), str)
                    and isinstance(body.get("message"), str) and VIETNAMESE.search(body["message"])):
                self.problems.append(Problem(str(op), who or "anonymous", what, status,
                                             f"refusal out of shape: {response.get_data(as_text=True)[:200]}"))
        if status not in (401, 403, 404, 405):
            self.reached.add(str(op))
        return response

    def path(self, op: Operation, id_: int | str | None = None) -> str:
        if "{id}" not in op.template:
            return op.template
        return op.template.replace("{id}", str(self.ids_for(op) if id_ is None else id_))

    def ids_for(self, op: Operation) -> int:
        """A real id of what the path names, from the demo and the questions made for it."""
        t = op.template
        for suffix, name in (("/followup", "followup_question"), ("/interest", "approved_question"),
                             ("/undo-checkin", "checked_in_invitee"), ("/activate", "other_conference")):
            if t.endswith(suffix):
                return self.ids[name]
        for prefix, name in (("/api/conferences/", "conference"), ("/api/groups/", "group"),
                             ("/api/invitees/", "invitee"), ("/api/checkins/", "checkin"),
                             ("/api/questions/", "pending_question"), ("/api/petitions/", "petition")):
            if t.startswith(prefix):
                return self.ids[name]
        raise AssertionError(f"no id for {t}: add it to Hall.ids_for")

    def first_role(self, op: Operation) -> str | None:
        return op.roles[0] if op.roles else None

    def callers(self, op: Operation) -> list[str | None]:
        """Every role that may call the route, and a phone with no session."""
        return [*(op.roles or ()), None]

    # ------------------------------------------------------------ state

    def snapshot(self) -> None:
        """Keep the hall as it is now, for `rewind`."""
        self.saved = sqlite3.connect(":memory:")
        source = sqlite3.connect(self.app.config["DATABASE"])
        source.backup(self.saved)
        source.close()

    def rewind(self) -> None:
        """Check what the batch audited, then put the hall back as it was: one route's
        thousands of writes (a hostile "closed" is a valid word for submissions) neither slow
        nor change the next route's."""
        target = sqlite3.connect(self.app.config["DATABASE"])
        if self.check_audit(target) and self.read_back:  # something was written: read it
            self.read_everything()
        self.saved.backup(target)
        target.close()

    def read_everything(self) -> None:
        """What the batch stored, read back by every page, API and export (without a path
        parameter) as the first role each admits: stored hostile text breaks no reader."""
        after = self.last
        for rule in self.app.url_map.iter_rules():
            if "GET" not in (rule.methods or ()) or rule.rule.startswith(("/static", "/vendor", "/lang")):
                continue
            paths = [rule.rule.replace("<ext>", ext) for ext in ("csv", "xlsx")] if rule.rule.endswith(".<ext>") else [rule.rule]
            for path in paths:
                heavy = path.endswith((".pdf", ".docx", ".xlsx")) or path == "/invitations"
                if "<" in path or (heavy and self.read_back != "all"):
                    continue
                roles = getattr(self.app.view_functions[rule.endpoint], "roles", None)
                read = Operation("get", path, [], roles)
                self.send(read, roles[0] if roles else None, f"read back after {after}", None, None)
        self.last = after

    def check_audit(self, database: sqlite3.Connection) -> int:
        """The audit log keeps what the rules let through: no key a body smuggled in, no
        body kept whole. Returns how many entries the batch wrote (every write audits)."""
        since = self.saved.execute("SELECT coalesce(max(id), 0) FROM audit_log").fetchone()[0]
        keys = {row[0] for row in database.execute(
            "SELECT DISTINCT j.key FROM audit_log, json_each(audit_log.detail) AS j WHERE audit_log.id > ?", [since])}
        longest = database.execute("SELECT coalesce(max(length(detail)), 0) FROM audit_log WHERE id > ?",
                                   [since]).fetchone()[0]
        if keys & SMUGGLED or longest > 100_000:
            self.problems.append(Problem(f"audit log after {self.last}", "", "", None,
                                         f"smuggled keys {sorted(keys & SMUGGLED)}, longest detail {longest}"))
        return database.execute("SELECT count(*) FROM audit_log WHERE id > ?", [since]).fetchone()[0]

    def report(self) -> str:
        grouped: dict[tuple[str, str], list[Problem]] = defaultdict(list)
        for problem in self.problems:
            grouped[problem.key()].append(problem)
        lines = [f"{len(self.problems)} problems in {self.sent} requests, {len(grouped)} causes:"]
        for (operation, cause), problems in sorted(grouped.items()):
            first = problems[0]
            lines.append(f"\n== {operation} × {len(problems)} (e.g. as {first.who}: {first.what}) "
                         f"status {first.status}\n{first.detail.strip()[-1500:]}")
        return "\n".join(lines)


def operations(app, spec: dict[str, Any]) -> list[Operation]:
    """Every write operation of the description, with the roles its view admits; then any
    write route under /api/ the description forgot, with no fields known (the shapes and
    whole bodies still reach it)."""
    adapter = app.url_map.bind("localhost")
    out = []
    for template, methods in spec["paths"].items():
        for method, operation in methods.items():
            if method not in WRITES:
                continue
            schema = (operation.get("requestBody", {}).get("content", {})
                      .get("application/json", {}).get("schema", {}))
            endpoint, _args = adapter.match(template.replace("{id}", "1"), method=method.upper())
            out.append(Operation(method, template, sorted(schema.get("properties", {})),
                                 getattr(app.view_functions[endpoint], "roles", None)))
    described = {str(op) for op in out}
    for rule in app.url_map.iter_rules():
        template = re.sub(r"<int:\w+>", "{id}", rule.rule)
        for method in sorted((rule.methods or set()) & {m.upper() for m in WRITES}):
            operation = Operation(method.lower(), template, [], getattr(app.view_functions[rule.endpoint], "roles", None))
            if template.startswith("/api/") and "<" not in template and str(operation) not in described:
                out.append(operation)
    return out


# What a route needs besides the field under test, so that a hostile value reaches the rule
# that reads it instead of stopping at a missing field. A route not named here gets {}.
def base_bodies(hall: Hall) -> dict[str, dict[str, Any]]:
    tdp = hall.ids["group"]
    question = "Đường ngõ 5 ngập nước mỗi khi mưa, đề nghị phường nạo vét cống."
    return {
        "POST /api/session": {"username": "khong-co-ai", "password": "sai-mat-khau"},
        "POST /api/conferences": {"title": "Hội nghị thử", "held_on": "2025-12-01", "activate": False},
        "PATCH /api/conferences/{id}": {"venue": "Hội trường UBND phường"},
        "POST /api/groups": {"name": "TDP thử nghiệm"},
        "PATCH /api/groups/{id}": {"quota": 12},
        "POST /api/invitees": {"name": "Người thử nghiệm", "group_id": tdp},
        "PATCH /api/invitees/{id}": {"position": "Tổ viên"},
        "POST /api/checkins": {"code": "ABCD-EFGH"},
        "POST /api/walkins": {"name": "Khách thử nghiệm", "group_id": tdp, "confirm": True},
        "POST /api/questions": {"text": question},
        "POST /api/floor-questions": {"text": question},
        "POST /api/questions/reorder": {"order": []},
    }


def with_raw(body: dict[str, Any], key: str, raw: str) -> str:
    """The body as JSON text with `key` set to the raw JSON `raw`."""
    marker = "\u2603raw\u2603"
    return json.dumps({**body, key: marker}).replace(json.dumps(marker), raw)


# ---------------------------------------------------------------- the hall


@pytest.fixture
def hall(app, monkeypatch):
    # Tens of thousands of writes: this test checks what the rules accept, not durability, so
    # its database does not wait for the disk on each commit.
    connect = store.connect

    def without_fsync(path: str):
        database = connect(path)
        database.execute("PRAGMA synchronous=OFF")
        return database

    monkeypatch.setattr(store, "connect", without_fsync)
    store.release_all()
    with app.app_context():
        demo.load(store.db())
        store.close_db()
    clients: dict[str | None, Any] = {}
    for account, role in demo.DEMO_ACCOUNTS:  # the demo resets "admin" to its own password
        clients[role] = app.test_client()
        response = clients[role].post("/api/session", json={"username": account, "password": demo.DEMO_PASSWORD})
        assert response.status_code == 200, response.json
        csrf(clients[role])  # the session now holds a form token, for the multipart sends
    clients[None] = app.test_client(use_cookies=False)  # a phone: a new device every time
    clients["visitor"] = app.test_client()  # a login page in a browser: a session, no login
    csrf(clients["visitor"])

    admin, chairman, secretary, kiosk = (clients[r] for r in ("admin", "chairman", "secretary", "kiosk"))
    conference = admin.get("/api/conference").json
    tdp = next(g for g in conference["groups"] if g["kind"] == "tdp")
    others = [c for c in admin.get("/api/conferences").json if c["id"] != conference["id"]]
    people = [p for p in admin.get("/api/invitees").json if p["group_id"] == tdp["id"]]
    ids = {"conference": conference["id"], "other_conference": others[0]["id"], "group": tdp["id"],
           "invitee": people[0]["id"], "checked_in_invitee": people[1]["id"]}
    admitted = kiosk.post("/api/checkins", json={"invitee_id": people[1]["id"]})
    assert admitted.status_code == 201, admitted.json
    ids["checkin"] = admitted.json["checkin_id"]
    ids["petition"] = admin.get("/api/petitions").json["petitions"][0]["id"]  # one the demo gathered

    def phone_asks(n: int) -> int:
        response = clients[None].post("/api/questions", json={"text": f"Câu hỏi số {n} về rác thải."},
                                      environ_base={"REMOTE_ADDR": f"192.168.9.{n}"})
        assert response.status_code == 201, response.json
        return response.json["id"]

    def floor(n: int) -> int:
        response = secretary.post("/api/floor-questions", json={"text": f"Ý kiến tại hội trường số {n}."})
        assert response.status_code == 201, response.json
        return response.json["id"]

    ids["pending_question"] = phone_asks(1)
    phone_asks(2)
    ids["approved_question"] = floor(1)
    ids["followup_question"] = floor(2)
    for status in ("on_screen", "written_reply"):
        moved = chairman.patch(f"/api/questions/{ids['followup_question']}",
                               json={"status": status, "reply_by": "Công chức Địa chính - Xây dựng"})
        assert moved.status_code == 200, moved.json
    hall = Hall(app, clients, ids, conference["id"])
    hall.snapshot()
    yield hall
    hall.saved.close()
    try:  # hostile logins fill the in-memory limiter: other tests in this process log in too
        from conference import login_limit
    except ImportError:
        return
    login_limit.reset()


@pytest.fixture
def described(hall, client) -> list[Operation]:
    spec = client.get("/api/openapi.json").json
    found = operations(hall.app, spec)
    assert len(found) >= 20, [str(op) for op in found]
    return found


def still_reads(hall: Hall) -> None:
    """After the whole run the demo's data reads as before."""
    conference = hall.clients["chairman"].get("/api/conference")
    assert conference.status_code == 200 and conference.json["id"] == hall.conference_id
    assert len(conference.json["groups"]) == demo.TDP_COUNT + 1  # the ward's own group and each TDP
    questions = hall.clients["chairman"].get("/api/questions")
    assert questions.status_code == 200 and len(questions.json) >= 4
    assert hall.clients["secretary"].get("/api/record").status_code == 200
    assert hall.clients["admin"].get("/api/invitees").status_code == 200


# ---------------------------------------------------------------- (a) the strings


# The quick loop sends every fifth string of the corpus (each group of it among them);
# `scripts/test` (CI) sends all of it.
# What was stored is read back by every page and export (the heavy ones with all of it).
CORPUS = [pytest.param(HOSTILE[::5], "pages", id="sample"),
          pytest.param(HOSTILE, "all", id="all", marks=pytest.mark.slow)]


@pytest.mark.parametrize("corpus, read_back", CORPUS)
def test_hostile_strings_in_every_field(hall, described, corpus, read_back):
    """Every string of the corpus in every field a write route's schema names; what was
    stored, read back."""
    hall.read_back = read_back
    bases = base_bodies(hall)
    for op in described:
        role = hall.first_role(op)
        base = bases.get(str(op), {})
        for key in op.fields:
            for text in corpus:
                hall.send(op, role, f"{key}={text[:40]!r}", json.dumps({**base, key: text}))
        hall.rewind()
    assert not hall.problems, hall.report()
    untouched = {str(op) for op in described if op.fields} - hall.reached
    assert not untouched, f"no hostile string reached these handlers: {sorted(untouched)}"
    still_reads(hall)


@pytest.mark.parametrize("corpus, read_back", CORPUS)
def test_hostile_strings_as_whole_bodies(hall, described, corpus, read_back):
    """The corpus as the whole JSON body, and as raw text declared as JSON."""
    for op in described:
        role = hall.first_role(op)
        for text in corpus:
            hall.send(op, role, f"body={text[:40]!r}", json.dumps(text))
            if len(text) < 20_000:
                hall.send(op, role, f"raw={text[:40]!r}", text.encode("utf-8", "surrogatepass"))
        hall.rewind()
    assert not hall.problems, hall.report()
    still_reads(hall)


# ---------------------------------------------------------------- (b) the shapes


def test_wrong_types_and_unknown_keys(hall, described):
    """Each field of the wrong type; keys no route takes, the audit call's own among them."""
    bases = base_bodies(hall)
    for op in described:
        base = bases.get(str(op), {})
        for who in hall.callers(op):
            for key in op.fields:
                for raw in WRONG_TYPES + (LARGE_TYPES if who == hall.first_role(op) else []):
                    hall.send(op, who, f"{key}={raw[:40]}", with_raw(base, key, raw))
            for key in UNKNOWN_KEYS:
                hall.send(op, who, f"unknown {key[:20]!r}", json.dumps({**base, key: "x"}))
                hall.send(op, who, f"unknown {key[:20]!r} alone", json.dumps({key: {"a": [1]}}))
            everything = {key: "x" for key in UNKNOWN_KEYS}
            hall.send(op, who, "every unknown key", json.dumps({**base, **everything}))
            hall.send(op, who, "every unknown key, no base", json.dumps(everything))
        # Other routes' fields, which a rule may read without its description saying so.
        for key in sorted({k for other in described for k in other.fields} - set(op.fields)):
            for raw in ("[1]", "{\"a\": 1}", str(2**64)):
                hall.send(op, hall.first_role(op), f"other route's {key}={raw}", with_raw(base, key, raw))
        hall.rewind()
    assert not hall.problems, hall.report()
    still_reads(hall)


def test_bodies_that_are_not_json_objects(hall, described):
    """Nesting 50,000 deep, bodies that are not objects, invalid JSON, no body at all."""
    for op in described:
        for who in hall.callers(op):
            for raw in NESTED:
                hall.send(op, who, f"nested {raw[:12]}…({len(raw)})", raw)
            for raw in NOT_OBJECTS:
                hall.send(op, who, f"not an object {raw[:20]}", raw)
            for raw in INVALID_JSON:
                hall.send(op, who, f"invalid {raw[:20]!r}", raw)
            hall.send(op, who, "no body, JSON type", None)
            hall.send(op, who, "no body, no type", None, content_type=None)
        for role in ROLES:  # the roles it refuses: a 403 in shape, before any body is read
            if op.roles and role not in op.roles:
                hall.send(op, role, "a role it refuses", NESTED[0])
        hall.rewind()
    assert not hall.problems, hall.report()
    still_reads(hall)


def _multipart(fields: dict[str, Any]) -> tuple[bytes, str]:
    boundary = "----hostile"
    parts = []
    for name, value in fields.items():
        if isinstance(value, tuple):
            filename, content = value
            parts.append(f"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{filename}\"\r\n"
                         f"Content-Type: application/octet-stream\r\n\r\n".encode() + content + b"\r\n")
        else:
            parts.append(f"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n".encode())
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def test_other_content_types_on_json_routes(hall, described):
    """text/plain, forms and multipart with junk, with and without the page's form token."""
    good = json.dumps({"text": "Câu hỏi thử", "name": "An", "title": "Hội nghị", "order": []})
    junk, multipart = _multipart({"file": ("x.json", b"\x00\xff" * 100), "text": "a", "json": good})
    bad_boundary = multipart.replace("----hostile", "other")
    for op in described:
        for who in hall.callers(op):
            token = csrf(hall.clients[who]) if who else ""
            for with_token in ({}, {"X-CSRF-Token": token}):
                label = "with token" if with_token else "no token"
                hall.send(op, who, f"text/plain {label}", good, "text/plain", headers=with_token)
                hall.send(op, who, f"form {label}", "text=%ED%A0%80&name=%00&title=a", "application/x-www-form-urlencoded",
                          headers=with_token)
                hall.send(op, who, f"multipart {label}", junk, multipart, headers=with_token)
                hall.send(op, who, f"multipart, wrong boundary {label}", junk, bad_boundary, headers=with_token)
            with warnings.catch_warnings():
                # werkzeug leaves the part it was reading unclosed when the body ends mid-part
                # (formparser, silent parse): a warning, never an answer. Collected here.
                warnings.simplefilter("ignore", ResourceWarning)
                for with_token in ({}, {"X-CSRF-Token": token}):
                    hall.send(op, who, f"multipart, cut, {'with' if with_token else 'no'} token",
                              junk[: len(junk) // 2], multipart, headers=with_token)
                gc.collect()
            for content_type in ("application/json; charset=utf-16", "application/json; charset=nonsense",
                                 "application/merge-patch+json", "application/xml", "application/octet-stream",
                                 "application/x-www-form-urlencoded; charset=\u0000", "*/*", "json"):
                hall.send(op, who, f"type {content_type}", good, content_type)
        hall.rewind()
    assert not hall.problems, hall.report()
    still_reads(hall)


BAD_IDS = [0, -1, 2**31, 2**53 + 1, 2**63 - 1, 2**63, 2**64, 10**30, "1.5", "abc", "%00", "1%20", "١", "0x1", "+1", "1e3"]


def test_ids_in_the_path(hall, described):
    """Each path id real, zero, negative, past SQLite's integers, or not a number."""
    bases = base_bodies(hall)
    for op in described:
        if "{id}" not in op.template:
            continue
        body = json.dumps(bases.get(str(op), {"text": "x"}))
        for who in hall.callers(op):
            for id_ in BAD_IDS:
                hall.send(op, who, f"id {id_}", body, path=hall.path(op, id_))
            hall.send(op, who, "real id", body)
        hall.rewind()
    assert not hall.problems, hall.report()
    still_reads(hall)


# ---------------------------------------------------------------- uploads


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def junk_files() -> list[tuple[str, bytes]]:
    """Files that are not the roster they claim to be, and rosters full of the corpus."""
    real = xlsx(GOOD_ROWS)
    storable = [s[:300] for s in HOSTILE if not ILLEGAL_CELL.search(s) and s.strip()][:150]
    hostile_rows = [GOOD_ROWS[0]] + [[i, text, "TDP số 1", text, "", text[:30]] for i, text in enumerate(storable)]
    hostile_csv = "Họ và tên,Đơn vị,Chức vụ\n" + "\n".join(
        f"\"{text.replace(chr(34), '')}\",TDP số 1,{text.replace(',', '')}" for text in storable)
    return [
        ("empty.xlsx", b""), ("empty.csv", b""), ("nul.csv", b"\x00" * 1000), ("random.xlsx", bytes(range(256)) * 40),
        ("text.xlsx", "Họ và tên,Đơn vị\nAn,TDP số 1".encode()), ("zip-of-nothing.xlsx", _zip({"a.txt": b"x"})),
        ("not-a-workbook.xlsx", _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<nonsense"})),
        ("cut.xlsx", real[: len(real) // 2]), ("real-as.csv", real),
        ("utf16.csv", "Họ và tên,Đơn vị\nAn,TDP số 1".encode("utf-16")),
        ("invalid-utf8.csv", "Họ và tên,Đơn vị\n".encode() + b"\xff\xfe\xed\xa0\x80,TDP\n"),
        ("bom-only.csv", b"\xef\xbb\xbf"), ("header-only.csv", "Họ và tên,Đơn vị".encode()),
        ("one-column.csv", b"x\n" * 5000), ("wide.csv", (",".join(["a"] * 5000) + "\n").encode() * 3),
        ("quotes.csv", b"\"" * 10_000), ("long-line.csv", b"a" * 1_000_000),
        ("hostile.csv", hostile_csv.encode("utf-8")), ("hostile.xlsx", xlsx(hostile_rows)),
        ("formulas.xlsx", xlsx([GOOD_ROWS[0], [1, "=HYPERLINK(\"http://x\",\"y\")", "=1+1", "", "", "=A1"]])),
        ("../../etc/passwd.csv", csv_bytes_good()), ("tên tệp\u0000.xlsx", real), ("\u202excsl.exe", real),
        ("noext", real), (".xlsx", real), ("a" * 5000 + ".xlsx", real), ("doc.docx", _zip({"word/document.xml": b"<w/>"})),
        ("bomb.xlsx", _zip({"xl/sharedStrings.xml": b"<sst>" + b"<si><t>a</t></si>" * 200_000 + b"</sst>"})),
        ("too-big.csv", b"a,b\n" * 2_300_000),
    ]


def csv_bytes_good() -> bytes:
    return "\n".join(",".join(str(c) for c in row) for row in GOOD_ROWS).encode("utf-8")


def test_junk_uploads_to_the_roster_import(hall):
    """The roster import, the one multipart route: junk files of many kinds, junk parts."""
    op = Operation("post", "/api/roster/import", ["file"], ("admin",))
    for who in ("admin", "secretary", None):
        client = hall.clients[who]
        token = csrf(client) if who else ""
        for name, content in junk_files():
            data, content_type = _multipart({"file": (name, content)})
            hall.send(op, who, f"file {name[:30]!r} ({len(content)} bytes)", data, content_type,
                      headers={"X-CSRF-Token": token})
        for fields in ({}, {"file": "not a file"}, {"other": ("a.xlsx", b"x")}, {"file": ("", b"x")},
                       {"csrf_token": token, "file": ("a.csv", b"")}):
            data, content_type = _multipart(fields)
            hall.send(op, who, f"parts {sorted(fields)}", data, content_type, headers={"X-CSRF-Token": token})
        hall.send(op, who, "JSON body", json.dumps({"file": "x"}), headers={"X-CSRF-Token": token})
        hall.send(op, who, "no token", *_multipart({"file": ("a.csv", csv_bytes_good())}))
    # The route was reached all along: a good file still goes in after the junk.
    hall.rewind()
    data, content_type = _multipart({"file": ("danh-sach.csv", csv_bytes_good())})
    good = hall.send(op, "admin", "a good file", data, content_type, headers={"X-CSRF-Token": csrf(hall.clients["admin"])})
    assert good is not None and good.status_code == 201, good.get_json() if good else None
    assert not hall.problems, hall.report()
    still_reads(hall)


# ---------------------------------------------------------------- forms outside /api/

FORMS = [("/login", "visitor", ("username", "password", "next")), ("/admin/devices", "admin", ("role", "name"))]


def test_hostile_strings_in_page_forms(hall):
    """The login and pairing forms take the corpus too (a form cannot carry a lone surrogate:
    its bytes arrive as invalid UTF-8)."""
    for path, who, names in FORMS:
        op = Operation("post", path, list(names), None)
        token = csrf(hall.clients[who])
        for name in names:
            for text in HOSTILE:
                data = urlencode({"csrf_token": token, name: text.encode("utf-8", "surrogatepass")})
                hall.send(op, who, f"{name}={text[:40]!r}", data, "application/x-www-form-urlencoded")
    for token in ("a" * 5000, "%00", "..%2f..%2f", "%ED%A0%80", "Đ"):
        op = Operation("post", "/pair/{token}", [], None)
        hall.send(op, None, f"token {token[:20]!r}", b"", None, path=f"/pair/{token}")
    assert not hall.problems, hall.report()
    still_reads(hall)
