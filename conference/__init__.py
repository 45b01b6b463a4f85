"""Đối thoại: the application factory and what every feature stands on."""
from __future__ import annotations

import fcntl
import importlib
import os
import secrets
import sys
from pathlib import Path
from typing import Any

from flask import Flask
from flask_babel import Babel, get_locale


def _import_without(hidden: tuple[str, ...], *names: str) -> None:
    """Import `names` as if the `hidden` packages were not installed, when those are not
    loaded yet; the hidden ones stay importable afterwards, for whoever needs them."""
    if any(h in sys.modules for h in hidden) or all(n in sys.modules for n in names):
        return
    for h in hidden:
        sys.modules[h] = None  # type: ignore[assignment]  # an import of it fails, as if absent
    try:
        for name in names:
            importlib.import_module(name)
    finally:
        for h in hidden:
            del sys.modules[h]


# Libraries that import, at their own import, packages a serving process never uses:
# sqlite-utils imports numpy (the charts' matplotlib brings it) to convert numpy values we
# never pass; python-socketio imports redis for its Redis manager and engineio imports
# requests for its client. 25 MB of every server's memory from the start. The charts still
# import numpy when they first draw, and the message queue imports redis when it connects
# (realtime.HallRedisManager).
_import_without(("numpy",), "sqlite_utils")
_import_without(("redis", "requests"), "socketio", "engineio.client", "flask_socketio")

from . import clock, store  # noqa: E402
from .i18n import select_locale  # noqa: E402
from .inputs import GatedJSON  # noqa: E402
from .realtime import bound_socket_logs, message_queue_manager, remember_websockets, socketio  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
babel = Babel()


class _App(Flask):
    json_provider_class = GatedJSON  # one gate for every JSON body (inputs.py)
    files_version = ""  # of the pages' files, for their addresses (static_files.py)

    def url_for(self, endpoint: str, /, **values: Any) -> str:
        """Scripts, stylesheets and fonts at their versioned address, cached for good."""
        if self.files_version and endpoint in ("static", "core.vendor"):
            endpoint = "core.versioned_static" if endpoint == "static" else endpoint
            values["version"] = self.files_version
        return super().url_for(endpoint, **values)


class Config:
    """Defaults; every key can be set from the environment as DOITHOAI_<KEY>."""

    DATABASE: str | None = None  # default: instance/doithoai.db
    SECRET_KEY: str | None = None  # default: generated once into instance/secret_key
    PUBLIC_URL: str | None = None  # what the join QR shows; default: the LAN address
    # The hall's Wi-Fi, printed with its own QR beside the join QR on the poster and on the
    # projector's idle screen; nothing is shown when the name is empty.
    WIFI_NAME: str | None = None
    WIFI_PASSWORD: str | None = None  # empty: an open network
    MESSAGE_QUEUE: str | None = None  # redis://… when several processes serve
    ASYNC_MODE: str | None = None  # eventlet under wsgi.py/gunicorn; tests use threading
    MAX_CONTENT_LENGTH = 8 * 1024 * 1024  # the largest roster file accepted
    PAIRING_MINUTES = 5
    PASSWORD_HASH_METHOD = "scrypt"  # tests set a cheap one
    TIMEZONE = "Asia/Ho_Chi_Minh"  # the hall's clock, for times shown to people
    PROXIES = 0  # how many proxies (nginx) stand in front: their X-Forwarded-* are trusted
    STAFF_SESSION_HOURS = 12  # a working day; a paired device's session lasts until unpaired
    PERMANENT_SESSION_LIFETIME = 400 * 86400  # the cookie (browsers keep none longer)
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_HTTPONLY = True
    # The session cookie is set at login and lasts the day; re-signing it on every scan
    # was a measurable share of a check-in's time.
    SESSION_REFRESH_EACH_REQUEST = False
    BABEL_DEFAULT_LOCALE = "vi"
    BABEL_TRANSLATION_DIRECTORIES = str(ROOT / "translations")
    NODE_MODULES = str(ROOT / "node_modules")
    JSON_AS_ASCII = False
    # 0: the `attendance` counts go out inside each request, before its answer (the pages
    # were written against that order). A number of seconds: just after the answer, at most
    # that often (a district-size door; bench/hall.py measured 0.25 against 0 within noise).
    ATTENDANCE_EVERY = 0
    # The embedded server (python wsgi.py) lets go of a connection that sends nothing for this
    # many seconds: a phone that walked out of the Wi-Fi between two requests, or stopped in the
    # middle of one, would otherwise hold its connection for the rest of the day. Websockets
    # answer the server's ping every 25 s, so they are never idle this long.
    CONNECTION_IDLE_SECONDS = 60


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the app: config, store, Socket.IO, blueprints, CLI."""
    app = _App(
        __name__,
        instance_relative_config=True,
        # The folder for the secret key, the default database and the HTTPS certificates.
        instance_path=os.environ.get("DOITHOAI_INSTANCE") or None,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    app.config.from_object(Config)
    if test_config is None:
        app.config.from_prefixed_env("DOITHOAI")
        # Text as typed, not JSON: a Wi-Fi password "88888888" or "1e5" is not a number.
        for key in ("WIFI_NAME", "WIFI_PASSWORD", "PUBLIC_URL", "TIMEZONE"):
            if f"DOITHOAI_{key}" in os.environ:
                app.config[key] = os.environ[f"DOITHOAI_{key}"]
    else:
        app.config.from_mapping(test_config)

    _zone_setting(app)
    _number_setting(app, "ATTENDANCE_EVERY", 0, 10)
    _number_setting(app, "KIOSK_SYNC_PAGE", 1, 100_000, whole=True)
    _number_setting(app, "PROXIES", 0, 10, whole=True)
    _number_setting(app, "CONNECTION_IDLE_SECONDS", 50, 3600, whole=True)
    os.makedirs(app.instance_path, exist_ok=True)
    if not app.config.get("DATABASE"):
        app.config["DATABASE"] = os.path.join(app.instance_path, "doithoai.db")
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _instance_secret(Path(app.instance_path))

    # Blueprints (and their socket handlers) are imported before socketio.init_app. These
    # are the only imports of the wings in the foundation.
    from kiosk import bp as kiosk_bp
    from office import bp as office_bp
    from projector import bp as projector_bp
    from record import bp as record_bp

    from . import cli, errors, guard, staff, web

    babel.init_app(app, locale_selector=select_locale)
    store.init_app(app)
    socketio.init_app(
        app,
        async_mode=app.config.get("ASYNC_MODE") or default_async_mode(),
        # Passed every time: the module-level socketio keeps options from one app to the next.
        client_manager=message_queue_manager(app.config.get("MESSAGE_QUEUE")),
    )
    remember_websockets(socketio.server.eio)
    bound_socket_logs()

    from werkzeug.routing import IntegerConverter

    from .realtime import WithoutCompression

    class RowId(IntegerConverter):
        """An id in a URL fits SQLite's integers; a longer one is simply not found."""

        def __init__(self, map, *args, **kwargs):  # noqa: A002 (werkzeug's name)
            kwargs.setdefault("max", 2**63 - 1)
            super().__init__(map, *args, **kwargs)

    app.url_map.converters["int"] = RowId

    from . import static_files

    packages = tuple(web.VENDOR.values())
    static_files.precompress([Path(app.static_folder), *(Path(app.config["NODE_MODULES"]) / p for p in packages)])
    app.files_version = static_files.version(app.static_folder, app.config["NODE_MODULES"], packages)
    folders = {"static": Path(app.static_folder),
               **{f"vendor/{name}": Path(app.config["NODE_MODULES"]) / folder for name, folder in web.VENDOR.items()}}
    served = static_files.snapshot(folders, Path(app.config["NODE_MODULES"]).parent / ".served", app.files_version)
    app.wsgi_app = static_files.wrap(app, served, app.files_version)  # type: ignore[method-assign]
    app.wsgi_app = WithoutCompression(app.wsgi_app)  # type: ignore[method-assign]
    proxies = int(app.config.get("PROXIES") or 0)
    if proxies:
        # Behind nginx every request comes from 127.0.0.1: the phones' own addresses (for
        # the per-address limit) and the scheme come in the X-Forwarded-* headers.
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)  # type: ignore[method-assign]
    app.register_blueprint(web.bp)
    app.register_blueprint(office_bp)
    app.register_blueprint(kiosk_bp)
    app.register_blueprint(projector_bp)
    app.register_blueprint(record_bp)
    cli.init_app(app)

    errors.init_app(app)
    guard.init_app(app)
    app.context_processor(
        lambda: {
            "csrf_token": guard.csrf_token,
            "current_user": staff.current_user,
            "role_labels": staff.ROLE_LABELS,
            "locale": lambda: str(get_locale() or "vi"),
            "hall_clock": clock.hall_clock,
        }
    )
    return app


def _number_setting(app: Flask, key: str, low: float, high: float, whole: bool = False) -> None:
    """A numeric setting is checked where the server starts, never in the middle of a scan."""
    value = app.config.get(key)
    if value is None:
        return
    ok = isinstance(value, (int, float)) and not isinstance(value, bool) and low <= value <= high
    if not ok or (whole and value != int(value)):
        kind = "số nguyên" if whole else "số"
        raise ValueError(f"DOITHOAI_{key} phải là một {kind} từ {low} đến {high} (đang là {value!r}).")
    app.config[key] = int(value) if whole else float(value)


def _zone_setting(app: Flask) -> None:
    """The hall's zone is checked where the server starts: every page carries its clock."""
    from zoneinfo import ZoneInfo

    value = app.config.get("TIMEZONE")
    try:
        ZoneInfo(str(value))
    except (ValueError, OSError, LookupError):  # ZoneInfoNotFoundError is a KeyError
        raise ValueError(f"DOITHOAI_TIMEZONE phải là tên một múi giờ, ví dụ Asia/Ho_Chi_Minh (đang là {value!r}).") from None
    app.config["TIMEZONE"] = str(value)


def default_async_mode() -> str:
    """eventlet (or gevent) where the server patched it (wsgi.py, gunicorn's worker); else threading.

    `flask --app wsgi …` commands serve nothing, and must not import eventlet at all.
    """
    eventlet = sys.modules.get("eventlet")
    if eventlet is not None and eventlet.patcher.is_monkey_patched("socket"):
        return "eventlet"
    if "gevent.monkey" in sys.modules and sys.modules["gevent.monkey"].is_module_patched("socket"):
        return "gevent"
    return "threading"


def _instance_secret(instance: Path) -> str:
    """The session key: made once, kept in the instance folder so logins survive restarts."""
    path = instance / "secret_key"
    # One process at a time (gunicorn's workers start together), and the key written whole
    # before it has its name: a power cut while it was made left an empty file, with which no
    # page could start a session until someone deleted it by hand. An empty one is made anew.
    with open(instance / ".secret_key.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        key = path.read_text().strip() if path.exists() else ""
        if key:
            return key
        temp = instance / f".secret_key.{os.getpid()}"
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_hex(32))
            f.flush()
            os.fsync(f.fileno())
        os.replace(temp, path)
        return path.read_text().strip()
