"""Đối thoại's entry point.

`python wsgi.py [--host H] [--port P] [--demo]` serves the hall on eventlet (the embedded
default); `gunicorn wsgi:app` imports `app` (its eventlet worker patches by itself); the
CLI is `flask --app wsgi …`, which must not monkey-patch, so patching happens only below,
when this file runs as a script.
"""
from __future__ import annotations

import argparse
import os
import sys

# eventlet by default, as the user chose; DOITHOAI_ASYNC_MODE=gevent or threading is a
# configuration change (bench/hall.py measures all three).
ASYNC_MODE = os.environ.get("DOITHOAI_ASYNC_MODE") or "eventlet"

if __name__ == "__main__":
    if ASYNC_MODE == "eventlet":
        import warnings

        # eventlet announces its maintenance mode on import; the user chose it knowingly.
        warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")
        import eventlet

        eventlet.monkey_patch()
    elif ASYNC_MODE == "gevent":
        from gevent import monkey

        monkey.patch_all()

from conference import create_app  # noqa: E402

app = create_app()

MAX_CONNECTIONS = 4096  # eventlet's default of 1024 is too few for a hall of phones
# Connections the kernel holds until the server accepts them. eventlet.listen's default of 50
# (Flask-SocketIO's run uses it) overflowed when a few hundred phones opened the join QR at
# once: the phones' SYNs were dropped and they waited 1 s, 3 s or 7 s to retry. Node's is 511,
# gunicorn's 2,048; the kernel caps it at net.core.somaxconn.
LISTEN_BACKLOG = 2048

# What eventlet's server says, in words, where it would answer an empty 414 or 400 (a blank
# page on a phone): before the app, so without the reader's language, Vietnamese first.
TOO_LONG_ADDRESS = ("Địa chỉ trang quá dài nên máy chủ không đọc. Hãy mở lại trang từ mã QR hoặc gõ địa chỉ ngắn "
                    "(ví dụ /ask). — The address is too long to be read.")
TOO_LARGE_HEADERS = ("Yêu cầu có phần đầu (header, cookie) quá lớn nên máy chủ không đọc. Hãy xoá cookie của trang "
                     "này rồi mở lại. — The request's headers are too large to be read.")
UNREADABLE = ("Máy chủ không đọc được yêu cầu này (sai định dạng HTTP). Hãy mở lại trang từ mã QR. "
              "— The request could not be read.")


def refusal_bytes(status: int, reason: str, message: str) -> bytes:
    """A whole HTTP response: a short page saying `message`, and the connection closed."""
    body = (f'<!doctype html><html lang="vi"><meta charset="utf-8"><meta name="viewport" '
            f'content="width=device-width, initial-scale=1"><title>{status}</title><p>{message}</p></html>').encode()
    head = (f"HTTP/1.1 {status} {reason}\r\nContent-Type: text/html; charset=utf-8\r\n"
            f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n").encode()
    return head + body


def hall_protocol():
    """eventlet's HTTP protocol with its refusals of an oversized address or header in words,
    and each write sent at once."""
    import socket

    import eventlet.wsgi

    class HallProtocol(eventlet.wsgi.HttpProtocol):
        def setup(self):
            # Each write goes out at once (Nagle's algorithm off, as gunicorn and Node do): a
            # response eventlet writes in parts (socket.io's script, in 8 KB blocks) otherwise
            # held its last part until the phone acknowledged the first, which a phone delays
            # by up to 40 ms on a connection it uses again (that file: 44 ms, now 0.4 ms).
            try:
                self.request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            except OSError:  # not a TCP socket (a Unix one): no Nagle's wait to turn off
                pass
            super().setup()

        def _read_request_line(self):
            # A phone that opened https:// on this plain-HTTP port: its TLS greeting (first byte
            # 0x16) holds no line end, and the connection would wait for one until the idle
            # timeout. Closed at once: the browser says it could not connect, now.
            try:
                first = self.rfile.peek(1)[:1] if not self.rfile.closed else b""
            except OSError:  # silent past the idle timeout, or gone: closed, as eventlet would
                first = b"\x16"
            except (ValueError, AttributeError):
                first = b""
            if first == b"\x16":
                self.close_connection = 1
                return ""
            line = super()._read_request_line()
            if len(line) >= self.server.url_length_limit:
                self.wfile.write(refusal_bytes(414, "URI Too Long", TOO_LONG_ADDRESS))
                self.close_connection = 1
                return ""  # read as a closed connection: eventlet writes nothing more
            return line

        def parse_request(self):
            try:
                parsed = super().parse_request()
            except (eventlet.wsgi.HeaderLineTooLong, eventlet.wsgi.HeadersTooLarge):
                self.wfile.write(refusal_bytes(431, "Request Header Fields Too Large", TOO_LARGE_HEADERS))
                self.close_connection = 1
                return False
            # A length that is not one, or a length beside a chunked body: eventlet answers these
            # with an empty 400; the same short page instead.
            length = self.headers.get("content-length") if parsed else None
            if length is not None and (not length.strip().isascii() or not length.strip().isdigit()
                                       or self.headers.get("transfer-encoding") is not None):
                self.send_error(400)
                return False
            return parsed

        def send_error(self, code, message=None, explain=None):
            """Python's own refusals while reading a request (more than 100 headers, a bad
            request line or version): the same short page, not its English one."""
            import http

            try:
                reason = http.HTTPStatus(code).phrase
            except ValueError:
                reason = "Bad Request"
            self.wfile.write(refusal_bytes(code, reason, TOO_LARGE_HEADERS if code == 431 else UNREADABLE))
            self.close_connection = 1

    return HallProtocol


def serve_eventlet(host: str, port: int, **options) -> None:
    """What Flask-SocketIO's run does on eventlet, with a backlog for a hall's surge: listen,
    wrap in TLS when given a certificate, serve."""
    import eventlet
    import eventlet.wsgi
    from eventlet.green import socket

    family, _, _, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    listener = eventlet.listen(address, family, backlog=LISTEN_BACKLOG)
    certfile, keyfile = options.pop("certfile", None), options.pop("keyfile", None)
    if certfile:
        listener = eventlet.wrap_ssl(listener, certfile=certfile, keyfile=keyfile, server_side=True)
    eventlet.wsgi.server(listener, app, log_output=False, **options)


def main(argv: list[str] | None = None) -> None:
    from conference import store
    from office import demo
    from conference.net import lan_address
    from conference.one_server import AlreadyRunning, claim_database, claim_port
    from conference.realtime import socketio, start_session_sweeper, tune_garbage_collector

    parser = argparse.ArgumentParser(description="Đối thoại — máy chủ hội nghị đối thoại")
    parser.add_argument("--host", default="0.0.0.0", help="địa chỉ lắng nghe (mặc định 0.0.0.0)")
    parser.add_argument("--port", type=int, default=5000, help="cổng (mặc định 5000)")
    parser.add_argument("--demo", action="store_true", help="nạp dữ liệu mẫu nếu cơ sở dữ liệu trống")
    parser.add_argument("--https", action="store_true",
                        help="phục vụ qua HTTPS với chứng chỉ máy tự tạo (để máy tính bảng dùng camera)")
    args = parser.parse_args(argv)
    shown = lan_address() if args.host in ("0.0.0.0", "::") else args.host
    scheme = "https" if args.https else "http"
    try:
        claim_port(args.host, args.port)
        claim_database(app.config["DATABASE"], f"{scheme}://{shown}:{args.port}",
                       shared=bool(app.config.get("MESSAGE_QUEUE")))
    except AlreadyRunning as stop:
        print(stop, file=sys.stderr)
        raise SystemExit(1)
    # What the join QR shows: configured, or the LAN address found now; never a request's Host.
    app.config["PUBLIC_URL"] = app.config.get("PUBLIC_URL") or f"{scheme}://{shown}:{args.port}"

    with app.app_context():
        database = store.db()
        if args.demo and store.is_empty(database):
            demo.load(database)
            print(f"Đã nạp dữ liệu mẫu. Tài khoản: {', '.join(a for a, _ in demo.DEMO_ACCOUNTS)}; "
                  f"mật khẩu: {demo.DEMO_PASSWORD}")
        elif store.is_empty(database):
            print("Cơ sở dữ liệu còn trống. Nạp dữ liệu mẫu: flask --app wsgi demo\n"
                  "hoặc tạo tài khoản quản trị: flask --app wsgi staff add admin --role admin "
                  "--password MẬT_KHẨU")
        store.close_db()

    options: dict = {}
    if args.https:
        from pathlib import Path

        from kiosk.tls import ensure_certificate

        certfile, keyfile = ensure_certificate(Path(app.instance_path) / "tls", [shown])
        options = {"certfile": str(certfile), "keyfile": str(keyfile)}
    print(f"Cơ sở dữ liệu: {app.config['DATABASE']}")
    print(f"Đối thoại đang chạy tại {scheme}://{shown}:{args.port}  "
          f"(điện thoại, máy tính bảng trong hội trường mở địa chỉ này)", flush=True)
    if args.https:
        print(f"Máy tính bảng cài chứng chỉ một lần tại {scheme}://{shown}:{args.port}/tls/ca.crt", flush=True)
    if ASYNC_MODE == "eventlet":
        options["max_size"] = MAX_CONNECTIONS
        options["protocol"] = hall_protocol()
        # Between two requests (keepalive) and within one (socket_timeout): see the setting.
        options["keepalive"] = options["socket_timeout"] = app.config["CONNECTION_IDLE_SECONDS"]
    elif ASYNC_MODE == "threading":
        options["allow_unsafe_werkzeug"] = True  # a benchmark's comparison, not the hall's server
    tune_garbage_collector()
    start_session_sweeper(app)
    if ASYNC_MODE == "eventlet":
        serve_eventlet(args.host, args.port, **options)
    else:
        socketio.run(app, host=args.host, port=args.port, log_output=False, **options)


if __name__ == "__main__":
    main(sys.argv[1:])
