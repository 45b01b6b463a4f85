"""`python tests/small_send_buffer.py BYTES PYTHON wsgi.py ARGS…` (tests.live.start's `prefix`): the real server, its sockets given a
small fixed send buffer, so a phone that stops reading fills it after a few events instead of
after megabytes (tests/projector/test_slow_phone.py). Test-side only: the server is unchanged."""
from __future__ import annotations

import os
import runpy
import socket
import sys
import warnings

warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")
import eventlet  # noqa: E402

size = int(sys.argv[1])
listen = eventlet.listen


def small_listen(*args, **kwargs):
    listener = listen(*args, **kwargs)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, size)  # accepted sockets inherit it
    return listener


eventlet.listen = small_listen
sys.argv = sys.argv[3:]  # after the interpreter live.start names
sys.path[0] = os.path.dirname(os.path.abspath(sys.argv[0]))  # as if wsgi.py were run itself
runpy.run_path(sys.argv[0], run_name="__main__")
