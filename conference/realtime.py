"""The Socket.IO object, its rooms, and the helpers that emit after a write commits.

Rooms: `staff` (every logged-in account), `kiosk`, `moderator` (chairman, secretary),
`display` (projector screens), `public` (phones). Pending questions, phone numbers and
device ids never go to `public` or `display`.
"""
from __future__ import annotations

import _socket
import gc
import json
import logging
import socket
import ssl
import time
from typing import Any, Callable

from flask_socketio import SocketIO, join_room

ROOMS = ("staff", "kiosk", "moderator", "display", "public")
DEVICE_COOKIE = "dt_device"  # a phone's own random id, set by the ask page


def device_key(token: str) -> str:
    """What the database and room names hold of a phone's cookie: a hash, never the cookie."""
    import hashlib

    return hashlib.sha256(token.encode()).hexdigest()[:32]


def device_room(key: str) -> str:
    return f"device:{key}"


class _Utf8Json:
    """python-socketio's JSON, without escaping every Vietnamese letter (491 → 331 bytes), its
    keys in the order Flask's responses have them (sorted): a page that compares what the
    socket sends with what it fetched sees the same text for the same thing, and redraws
    nothing (the roster page's groups table, redrawn on every load under a quota being typed)."""

    @staticmethod
    def dumps(*args: Any, **kwargs: Any) -> str:
        kwargs.setdefault("ensure_ascii", False)
        kwargs.setdefault("separators", (",", ":"))
        kwargs.setdefault("sort_keys", True)
        return json.dumps(*args, **kwargs)

    @staticmethod
    def loads(*args: Any, **kwargs: Any) -> Any:
        return json.loads(*args, **kwargs)


class WithoutCompression:
    """WSGI middleware: a websocket's permessage-deflate offer is dropped before the server
    sees it. Compressing each small event for every phone costs the hall's CPU and memory
    (DESIGN.md, Runtime: p99 251 → 198 ms at 1,000 phones, half the memory); the events are
    a few hundred bytes, so the Wi-Fi loses nearly nothing. Works under any async mode."""

    def __init__(self, app: Any):
        self.app = app

    def __call__(self, environ: dict, start_response: Any) -> Any:
        environ.pop("HTTP_SEC_WEBSOCKET_EXTENSIONS", None)
        return self.app(environ, start_response)


EMIT_CHUNK = 64  # recipients between yields


def _yielding_manager() -> Any:
    """The one-process manager, letting other requests run while it fans an event out.

    Sending one event to a thousand phones is a loop that never waits, so under eventlet or
    gevent nothing else runs until it ends: a kiosk's scan waited behind every approval
    (bench/hall.py: check-in p99 114 ms). Yielding every few dozen recipients lets it through.
    """
    import socketio as python_socketio
    from engineio import packet as eio_packet
    from socketio import packet

    class YieldingManager(python_socketio.Manager):
        def emit(self, event, data, namespace, room=None, skip_sid=None, callback=None, to=None, **kwargs):
            room = to or room
            if callback or namespace not in self.rooms:
                return super().emit(event, data, namespace, room=room, skip_sid=skip_sid, callback=callback, **kwargs)
            data = list(data) if isinstance(data, tuple) else ([] if data is None else [data])
            skip = skip_sid if isinstance(skip_sid, list) else [skip_sid]
            encoded = self.server.packet_class(packet.EVENT, namespace=namespace, data=[event] + data).encode()
            frames = [eio_packet.Packet(eio_packet.MESSAGE, p) for p in (encoded if isinstance(encoded, list) else [encoded])]
            # A copy: the room may change while we yield.
            recipients = [eio_sid for sid, eio_sid in self.get_participants(namespace, room) if sid not in skip]
            # Only eventlet's connections have a direct target (remember_websockets).
            direct = DirectWrites(self.server.eio, frames[0].encode()) if len(frames) == 1 else None
            for index, eio_sid in enumerate(recipients, start=1):
                if direct is None or not direct.send(eio_sid):
                    for frame in frames:
                        self.server._send_eio_packet(eio_sid, frame)
                if index % EMIT_CHUNK == 0:
                    self.server.sleep(0)

    return YieldingManager()


class DirectWrites:
    """One event written straight onto each phone's websocket, its frame made once.

    Engine.IO hands every packet to a writer greenlet per connection (a queue, a wake-up, a
    timer, the frame made again): for a thousand phones that is most of an approval's cost
    (bench/fanout.py). When nothing is waiting to be written to a connection, the frame goes
    onto its socket at once, under the same lock the writer takes, so the order on each
    connection stays the order of the events; what the socket cannot take now is finished by
    a greenlet of its own while the loop goes on to the next phone. Anything else — a
    connection still polling or upgrading, a packet already queued, TLS, compression — takes
    Engine.IO's own way (`send` returns False).
    """

    def __init__(self, eio: Any, text: str):
        self.eio = eio
        self.text = text
        self.frame: bytes | None = None

    def send(self, eio_sid: str) -> bool:
        connection = self.eio.sockets.get(eio_sid)
        target = getattr(connection, "hall_direct", None)
        if target is None or not connection.upgraded or connection.upgrading or connection.closed:
            return False
        ws, raw = target
        if ws.websocket_closed or connection.queue.qsize():
            return False
        lock = ws._sendlock
        if lock.locked() or lock._waiters:  # the writer is sending, or about to
            return False
        if not connection.check_ping_timeout():  # gone quiet: closed, as Engine.IO's send does
            return True
        if self.frame is None:
            self.frame = ws._pack_message(self.text)
        if not lock.acquire(blocking=False):  # free and nobody waiting: taken without yielding
            return False
        try:
            sent = raw.send(self.frame)
        except BlockingIOError:
            sent = 0
        except OSError:
            # As Engine.IO's writer does on any send error: the connection is closed, and the
            # phone reconnects and fetches what it missed, rather than stay open and behind.
            _shut(raw)
            lock.release()
            return True
        if sent == len(self.frame):
            lock.release()
        else:
            self.eio.start_background_task(_finish_frame, ws, self.frame[sent:])
        return True


def _direct_target(ws: Any) -> tuple[Any, Any] | None:
    """(the websocket, its OS socket) when events may be written straight onto it: eventlet's
    RFC 6455 websocket, unmasked, uncompressed, over plain TCP; else None, and Engine.IO's
    writer sends everything. Read from the object, not imported: only wsgi.py imports eventlet."""
    lock = getattr(ws, "_sendlock", None)
    if not (hasattr(lock, "_waiters") and hasattr(lock, "locked") and hasattr(ws, "_pack_message")):
        return None
    if getattr(ws, "version", None) not in (8, 13) or getattr(ws, "extensions", True) or getattr(ws, "client", True):
        return None
    green = getattr(ws, "socket", None)
    raw = getattr(green, "fd", None)
    if isinstance(green, ssl.SSLSocket) or not isinstance(raw, _socket.socket) or isinstance(raw, ssl.SSLSocket):
        return None  # TLS writes through its own object, never raw bytes
    return ws, raw


def _finish_frame(ws: Any, rest: bytes) -> None:
    """The rest of a frame a slow phone's socket could not take at once; the lock is held
    until it is written, so the writer's next packet waits behind it."""
    try:
        ws.socket.sendall(rest)
    except Exception:  # half a frame cannot be taken back: close, the phone reconnects
        _shut(ws.socket)
    finally:
        ws._sendlock.release()


def _shut(sock: Any) -> None:
    """End a connection both ways; its reader sees the end and Engine.IO cleans up."""
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass


def remember_websockets(eio: Any) -> None:
    """Under eventlet: each Engine.IO connection keeps its websocket and OS socket
    (`hall_direct`) when an event can be written to it directly (DirectWrites)."""
    if eio.async_mode != "eventlet":
        return
    base = eio._async["websocket"]

    class Remembering(base):  # type: ignore[misc, valid-type]
        def __init__(self, handler: Any, server: Any):
            connection = getattr(handler, "__self__", None)

            def handle(ws: Any) -> Any:
                if connection is not None:
                    connection.hall_direct = _direct_target(ws)
                try:
                    return handler(ws)
                finally:
                    if connection is not None:
                        connection.hall_direct = None

            super().__init__(handle, server)

    eio._async = dict(eio._async, websocket=Remembering)


def message_queue_manager(url: str | None) -> Any:
    """Several processes share events through Redis; one process fans out by itself."""
    if not url:
        return _yielding_manager()
    import socketio as python_socketio

    class HallRedisManager(python_socketio.RedisManager):
        """When Redis goes away, this process's own clients still get every event (the
        single-process path keeps working), and /api/health says Redis is unavailable."""

        available = True

        def _get_redis_module(self) -> Any:
            # python-socketio was imported without redis (conference/__init__.py): the message
            # queue brings it now, only in a process that uses one.
            import redis

            return redis

        def _publish(self, data: dict) -> Any:
            result = super()._publish(data)
            if result is None:  # python-socketio gave up: Redis did not answer
                if self.available:
                    self._get_logger().warning("Redis không trả lời: sự kiện chỉ gửi tới máy này")
                self.available = False
                if data.get("method") == "emit":
                    self._handle_emit(data)
            else:
                self.available = True
            return result

    return HallRedisManager(url, redis_options={"socket_connect_timeout": 1})


def message_queue_state() -> str:
    """`none` (one process), `ok`, or `unavailable` (Redis went away)."""
    manager = getattr(socketio.server, "manager", None)
    if manager is None or not hasattr(manager, "available"):
        return "none"
    return "ok" if manager.available else "unavailable"


YOUNG_COLLECT_AFTER = 2_000


def tune_garbage_collector() -> None:
    """Called where the server starts, once the app is loaded: the objects made so far live
    as long as the process, so freeze them out of the collector's walks. A full collection of
    a loaded process stalled every websocket for 220 ms (DESIGN.md, Runtime). The youngest
    generation is collected after YOUNG_COLLECT_AFTER new objects: a pass's pause grows with
    it, and with 20,000 each pass during a join surge (closed connections' cycles) took
    about 50 ms, eleven a run, most of the phones' p99 (bench/join_surge.py); with 2,000 the
    longest was 4–10 ms, and all of them together took less time."""

    gc.collect()
    gc.freeze()
    gc.set_threshold(YOUNG_COLLECT_AFTER, 10, 10)


class BoundedLog(logging.Filter):
    """At most `per_minute` records a minute of each message: a phone sending malformed frames
    (`42[]`, broken JSON, deep nesting) makes Engine.IO and Socket.IO log a traceback each, and
    2,000 of them wrote 1.3 MB in a second. The first few are kept, then one line says how
    many more were left out."""

    def __init__(self, per_minute: int = 5):
        super().__init__()
        self.per_minute = per_minute
        self.seen: dict[tuple[str, str], list[float]] = {}  # key → [window start, count, left out]

    def filter(self, record: logging.LogRecord) -> bool:
        now = time.monotonic()
        key = (record.name, str(record.msg)[:200])
        if key not in self.seen and len(self.seen) >= 200:
            self.seen.clear()  # messages made of changing text: never a growing table
        start, count, left_out = self.seen.get(key, (now, 0, 0))
        if now - start >= 60:
            if left_out:
                record.msg = f"{record.msg} [{int(left_out)} more like this in the minute before, not logged]"
            start, count, left_out = now, 0, 0
        if count >= self.per_minute:
            self.seen[key] = [start, count, left_out + 1]
            return False
        self.seen[key] = [start, count + 1, left_out]
        return True


def bound_socket_logs() -> None:
    """Engine.IO's and Socket.IO's own loggers, bounded (once per process)."""
    for name in ("engineio.server", "socketio.server"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, BoundedLog) for f in logger.filters):
            logger.addFilter(BoundedLog())


# Handlers are bound at import, before any init_app: Flask-SocketIO keeps them and binds
# them again to the server of every app made later (tests make many).
socketio = SocketIO(json=_Utf8Json)


def rooms_for(role: str | None) -> list[str]:
    """The rooms a connection joins, by the role of its session."""
    if role is None:
        return ["public"]
    rooms = ["staff"]
    if role == "kiosk":
        rooms.append("kiosk")
    if role in ("chairman", "secretary"):
        rooms.append("moderator")
    if role == "display":
        rooms = ["display"]
    return rooms


# What a wing sends a staff connection as it connects (the office: the counts now).
_STAFF_CONNECT: list[Callable[[str], None]] = []


def on_staff_connect(hook: Callable[[str], None]) -> Callable[[str], None]:
    """Register `hook(sid)`, called for each staff connection once it has joined its rooms."""
    _STAFF_CONNECT.append(hook)
    return hook


@socketio.on("connect")
def on_connect(auth: Any = None):
    """Any page connects; joins the rooms its session allows; staff get the wings' first events."""
    from flask import request

    from .staff import current_user

    _CHURN["made"] += 1

    user = current_user()
    for room in rooms_for(user.role if user else None):
        join_room(room)
    if user is not None:
        join_room(session_room(user.session))  # closed when the session ends
    token = request.cookies.get(DEVICE_COOKIE)
    if user is None and token:
        join_room(device_room(device_key(token)))  # the asker's own questions, pending too
    if user is not None:
        for hook in _STAFF_CONNECT:
            hook(request.sid)  # type: ignore[attr-defined]


def session_room(session_id: str) -> str:
    """The room of one session's connections, closed when the session ends."""
    return f"session:{session_id}"


def disconnect_room(room: str) -> None:
    """Close every connection of this process in `room` (a session that ended)."""
    server = socketio.server
    if server is None:
        return
    for sid, _eio_sid in list(server.manager.get_participants("/", room)):
        server.disconnect(sid, namespace="/")


SWEEP_SECONDS = 2.0
# A full collection after this many new connections. The collector runs its full pass
# rarely (tune_garbage_collector), and a closed connection is a cycle of objects that lived
# long enough to reach the oldest generation: without a full pass, every connection that
# ever closed stays in memory (bench/churn.py: ten rounds of 1,000 phones coming and going,
# 111 → 154 MB and climbing; with this pass, flat at 130 MB from the fifth round). One pass stalls the loop for
# tens of milliseconds, so it runs after a wave of reconnections, not on a timer.
FULL_COLLECT_AFTER = 500
_CHURN = {"made": 0}


def start_session_sweeper(app: Any) -> None:
    """Where the server starts: close the sockets of sessions ended by another process (the
    CLI's password reset, another worker's logout) within a couple of seconds; after each
    wave of FULL_COLLECT_AFTER new connections, free the closed ones (a full collection)."""
    from . import clock, store

    def sweep() -> None:
        since = clock.now()
        collected_at = _CHURN["made"]
        while True:
            socketio.sleep(SWEEP_SECONDS)
            if _CHURN["made"] - collected_at >= FULL_COLLECT_AFTER:
                collected_at = _CHURN["made"]
                gc.collect()
            checked = clock.now()
            try:
                with app.app_context():
                    ended = store.sessions_ended_since(store.db(), since)
            except Exception:  # a busy or failing disk: try again at the next sweep
                app.logger.exception("session sweep")
                continue
            since = checked
            for session_id in ended:
                disconnect_room(session_room(session_id))

    socketio.start_background_task(sweep)
