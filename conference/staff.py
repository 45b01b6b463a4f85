"""Staff accounts, roles, login, and pairing a tablet without typing a password."""
from __future__ import annotations

import functools
import hashlib
import re
import secrets
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any, Callable

from flask import current_app, redirect, request, session, url_for
from sqlite_utils import Database
from werkzeug.security import check_password_hash, generate_password_hash

from . import clock, login_limit, store
from .errors import Refusal, invalid
from .i18n import N_, _, ngettext
from .offload import green, off_loop

ROLES = ("admin", "chairman", "secretary", "kiosk", "display")
DEVICE_ROLES = ("kiosk", "display")
ROLE_LABELS = {
    "admin": N_("Quản trị (Văn phòng UBND)"),
    "chairman": N_("Chủ trì"),
    "secretary": N_("Thư ký"),
    "kiosk": N_("Bàn đón tiếp"),
    "display": N_("Màn chiếu"),
}
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,39}$")
MIN_PASSWORD = 8


# Each role's first page, by endpoint name (the foundation imports no wing).
HOME_BY_ROLE = {
    "admin": "office.roster_page",
    "secretary": "office.roster_page",
    "chairman": "projector.index",
    "kiosk": "kiosk.index",
    "display": "projector.index",
}


@dataclass(frozen=True)
class User:
    """Who is making this request: a staff account or a paired device."""

    kind: str  # "staff" | "device"
    id: int
    role: str
    name: str
    session: str = ""  # the server's id of the session (a hash of the cookie's token)

    @property
    def actor(self) -> str:
        """How the audit log names them."""
        return f"{self.kind}:{self.id}:{self.name}"


def add_staff(
    database: Database, username: str, role: str, password: str, display_name: str = ""
) -> int:
    """Create an account, or reset the role and password of an existing one."""
    username = (username or "").strip().lower()
    if not USERNAME.match(username):
        raise invalid(
            _("Tên đăng nhập chỉ gồm chữ thường không dấu, số, dấu chấm, gạch ngang; 2–40 ký tự.")
        )
    if role not in ROLES:
        raise invalid(_("Vai trò không hợp lệ. Chọn một trong: %(roles)s.", roles=", ".join(ROLES)))
    if len(password or "") < MIN_PASSWORD:
        raise invalid(_("Mật khẩu cần ít nhất %(n)d ký tự.", n=MIN_PASSWORD))
    hashed = off_loop(generate_password_hash, password, method=current_app.config["PASSWORD_HASH_METHOD"])
    ended: list[str] = []
    with store.write(database):
        existing = store.staff_by_username(database, username)
        if existing:
            staff_id = int(existing["id"])
            store.staff_set_password(database, staff_id, role, hashed)
            ended = store.sessions_end(database, staff_id=staff_id)  # a reset or a new role: log in again
            store.audit(database, "cli", "staff.reset", username, role=role)
        else:
            staff_id = store.staff_insert(database, username, role, hashed, display_name or username)
            store.audit(database, "cli", "staff.add", username, role=role)
    disconnect_sessions(ended)
    return staff_id


def authenticate(database: Database, username: Any, password: Any, address: str) -> dict[str, Any] | None:
    """The account for these credentials, or None. Same work whether or not the name exists.

    Past the limit of failed attempts (per address, per name) refuses with 429 and the wait;
    the hash is computed off the event loop, so a flood of attempts cannot stall the door.
    A name that logged in from this browser before (`known_names`) waits only for this
    address's failures: ten wrong passwords typed by someone else in the hall do not keep
    the chairman out of his own laptop."""
    if not isinstance(username, str) or not isinstance(password, str) or len(password) > MAX_PASSWORD:
        return None
    username = username.strip().lower()[:40]
    wait = login_limit.wait(address, username, by_name=username not in known_names())
    if wait:
        # The refusal itself is held back a moment where a sleeping greenlet costs nothing (the
        # hall's server): a script hammering the login gets one answer a second per connection.
        if green():
            time.sleep(login_limit.HOLD_SECONDS)
        raise Refusal(429, "too_many_logins", ngettext(
            "Đăng nhập sai quá nhiều lần. Hãy thử lại sau %(n)d giây.",
            "Đăng nhập sai quá nhiều lần. Hãy thử lại sau %(n)d giây.", wait, n=wait), retry_after=wait)
    row = store.staff_by_username(database, username)
    known = row is not None and not row["disabled_at"]
    with _HASHING:  # one hash at a time: a flood of logins takes one core, never the door's
        ok = off_loop(check_password_hash, row["password_hash"] if known else _dummy_hash(), password)
    if not (known and ok):
        login_limit.failed(address, username)
        return None
    login_limit.succeeded(address, username)
    return row


MAX_PASSWORD = 1024  # hashing a megabyte-long "password" is work for nothing
# Green under eventlet and gevent (the server patches threading before this module loads).
_HASHING = threading.BoundedSemaphore(1)


@functools.lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return generate_password_hash("not a real password", method=current_app.config["PASSWORD_HASH_METHOD"])


def _start_session(database: Database, staff_id: int | None = None, device_id: int | None = None) -> None:
    """A new session on the server, its token in the signed cookie. Inside the caller's write."""
    token = secrets.token_urlsafe(24)
    hours = current_app.config["STAFF_SESSION_HOURS"]
    expires = None if device_id else clock.utc_iso(datetime.now(timezone.utc) + timedelta(hours=hours))
    store.session_insert(database, _hash_token(token), staff_id, device_id, expires)
    session.clear()
    request.environ.pop(_USER_KEY, None)
    session["token"] = token
    session.permanent = True


KNOWN_COOKIE = "doithoai_known"
_KNOWN_KEPT = 8  # names remembered by one browser


def _known_serializer() -> Any:
    from itsdangerous import URLSafeSerializer

    return URLSafeSerializer(current_app.secret_key, salt="doithoai.known-login")


def known_names() -> frozenset[str]:
    """The staff names that logged in from this browser before (a signed cookie that outlives
    the session and a logout); nothing if it was not signed by this server."""
    from itsdangerous import BadData

    try:
        names = _known_serializer().loads(request.cookies.get(KNOWN_COOKIE, ""))
    except BadData:
        return frozenset()
    return frozenset(n for n in names if isinstance(n, str)) if isinstance(names, list) else frozenset()


def remember_known(response: Any, username: str) -> Any:
    """After a right password: this browser is one the name logs in from."""
    names = [n for n in sorted(known_names()) if n != username][-(_KNOWN_KEPT - 1):] + [username]
    response.set_cookie(KNOWN_COOKIE, _known_serializer().dumps(names), max_age=400 * 86400,
                        httponly=True, samesite="Lax", secure=request.is_secure)
    return response


def log_in(row: dict[str, Any]) -> None:
    """A staff member's session: it lasts a working day (`STAFF_SESSION_HOURS`)."""
    with store.write(store.db()) as database:
        _start_session(database, staff_id=row["id"])


def log_out() -> None:
    """End this request's session on the server (a copy of the cookie is worth nothing) and
    close its open sockets."""
    token = session.get("token")
    session.clear()
    if isinstance(token, str):
        with store.write(store.db()) as database:
            ended = store.sessions_end(database, session_id=_hash_token(token))
        disconnect_sessions(ended)


def disconnect_sessions(ended: list[str]) -> None:
    """After the write that ended these sessions commits: close their sockets."""
    from .realtime import disconnect_room, session_room

    for session_id in ended:
        disconnect_room(session_room(session_id))


_USER_KEY = "doithoai.user"


def current_user() -> User | None:
    """The user of this request (or socket connection), resolved once from the session cookie.

    Kept in the request's WSGI environ, not on `g`: an app context can outlive a request
    (tests, the CLI), and a socket connection must never see another's user."""
    if _USER_KEY in request.environ:
        return request.environ[_USER_KEY]
    user = None
    token = session.get("token")
    if isinstance(token, str):
        session_id = _hash_token(token)
        row = store.session_user(store.db(), session_id, store.now())
        if row is not None:
            user = User(row["kind"], row["id"], row["role"], row["name"], session_id)
    request.environ[_USER_KEY] = user
    return user


def requires(*roles: str) -> Callable:
    """Admit only these roles: API calls get 401/403 JSON, pages go to the login page."""
    for role in roles:
        assert role in ROLES, role

    def decorator(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapped(*args: Any, **kwargs: Any):
            user = current_user()
            is_api = request.path.startswith("/api/") or request.path.startswith("/record/")
            if user is None:
                if is_api or request.method != "GET":
                    raise Refusal(401, "unauthorized", _("Bạn cần đăng nhập."))
                return redirect(url_for("core.login_page", next=request.full_path))
            if user.role not in roles:
                raise Refusal(403, "forbidden", _("Tài khoản của bạn không có quyền làm việc này."))
            return view(*args, **kwargs)

        wrapped.roles = roles  # type: ignore[attr-defined]
        return wrapped

    return decorator


# ---------------------------------------------------------------- pairing


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_pairing(
    database: Database, role: str, device_name: str, created_by: User, minutes: int
) -> tuple[str, str]:
    """A one-use token that logs a tablet in as `role`; returns (token, expires_at)."""
    if role not in DEVICE_ROLES:
        raise invalid(_("Chỉ ghép được thiết bị bàn đón tiếp (kiosk) hoặc màn chiếu (display)."))
    if not device_name:
        device_name = _("Máy tính bảng %(role)s", role=role)
    token = secrets.token_urlsafe(24)
    expires_at = clock.utc_iso(datetime.now(timezone.utc) + timedelta(minutes=minutes))
    with store.write(database):
        store.pairing_insert(
            database, _hash_token(token), role, device_name[:80], created_by.id, expires_at
        )
        store.audit(database, created_by.actor, "pairing.start", device_name, role=role)
    return token, expires_at


def pairing_offer(database: Database, token: str) -> tuple[str, dict[str, Any] | None]:
    """The pairing's state (pairing_state) and, while it is valid, what the tablet will become:
    `{"name", "role"}`, said on the page before its button is pressed."""
    state = pairing_state(database, token)
    row = store.pairing_by_hash(database, _hash_token(token)) if state == "valid" else None
    return state, ({"name": row["device_name"], "role": row["role"]} if row else None)


def pairing_state(database: Database, token: str) -> str:
    """`valid`, `used`, `expired` or `unknown`, for the page that offers to pair."""
    row = store.pairing_by_hash(database, _hash_token(token))
    if row is None:
        return "unknown"
    if row["used_at"]:
        return "used"
    if row["expires_at"] <= store.now():
        return "expired"
    return "valid"


def finish_pairing(database: Database, token: str) -> dict[str, Any] | None:
    """Use the token once: the new device, or None when it is used, expired or unknown."""
    with store.write(database):
        device = store.pairing_consume(database, _hash_token(token), store.now())
        if device:
            store.audit(database, f"device:{device['id']}", "pairing.finish", device["name"])
            _start_session(database, device_id=device["id"])  # until unpaired
    return device


def unpair(database: Database, device_id: int, actor: str) -> None:
    """Unpair a lost tablet: its session stops working at once, its open sockets close."""
    with store.write(database):
        store.device_revoke(database, device_id)
        ended = store.sessions_end(database, device_id=device_id)
        store.audit(database, actor, "device.revoke", str(device_id))
    disconnect_sessions(ended)
