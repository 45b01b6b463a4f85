"""One server per hall. Two processes on one port would split the phones and screens
between them, each with its own rooms, and half the hall would miss every event; two on one
database would each believe their rooms are the only ones. So a start first claims the
port and the database, and stops with a message naming the server that holds them."""
from __future__ import annotations

import errno
import fcntl
import os
import socket
from typing import IO


class AlreadyRunning(SystemExit):
    """Raised at start; its message (Vietnamese, for the person who started it) is printed."""


def claim_port(host: str, port: int) -> None:
    """Stop unless nothing listens on this port: eventlet listens with SO_REUSEPORT, which
    would otherwise let a second server share the port silently."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # TIME_WAIT is not a server
        try:
            probe.bind((host, port))
        except OSError as exc:
            if exc.errno != errno.EADDRINUSE:
                raise
            raise AlreadyRunning(
                f"Cổng {port} đang được một chương trình khác dùng (có thể là một máy chủ Đối thoại đã chạy). "
                f"Hãy tắt chương trình đó, hoặc chạy với --port khác.")


_held: list[IO[str]] = []  # the lock lives as long as the process


def claim_database(database: str, address: str, shared: bool = False) -> None:
    """Lock `<database>.lock` for this process's life (the kernel frees it when the process
    ends, even by kill -9), with our PID and address in it for the next one to name.

    `shared`: processes that share their events through a message queue (Redis) serve one
    hall together; they hold the lock together, and a lone server cannot join them."""
    path = f"{database}.lock"
    handle = open(path, "a+", encoding="utf-8")
    try:
        fcntl.flock(handle, (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.seek(0)
        holder = handle.read().strip() or "?"
        handle.close()
        raise AlreadyRunning(
            f"Cơ sở dữ liệu {database} đang được một máy chủ Đối thoại khác dùng ({holder}). "
            f"Mỗi hội trường chỉ chạy một máy chủ: hãy dùng máy chủ đó, hoặc tắt nó trước.")
    if not shared:
        handle.seek(0)
        handle.truncate()
    handle.write(f"PID {os.getpid()}, {address}\n")
    handle.flush()
    _held.append(handle)
