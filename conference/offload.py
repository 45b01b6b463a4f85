"""Work that must not stop the hall: a password hash, a spreadsheet read, a document built.

Under eventlet or gevent one greenlet that computes for a second stops every scan and every
websocket for that second. `off_loop(fn, …)` runs `fn` on a real OS thread and lets the
event loop go on meanwhile (the GIL is handed over every few milliseconds, and hashlib's
scrypt, zlib and SQLite release it); under plain threads it simply calls `fn`.
"""
from __future__ import annotations

import sys
from typing import Any, Callable, TypeVar

T = TypeVar("T")


def green() -> bool:
    """Whether this process runs on an event loop (eventlet or gevent patched the sockets)."""
    eventlet = sys.modules.get("eventlet")
    if eventlet is not None and eventlet.patcher.is_monkey_patched("socket"):
        return True
    monkey = sys.modules.get("gevent.monkey")
    return monkey is not None and monkey.is_module_patched("socket")


def off_loop(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """`fn(*args, **kwargs)`, computed where it cannot block the event loop."""
    eventlet = sys.modules.get("eventlet")
    if eventlet is not None and eventlet.patcher.is_monkey_patched("thread"):
        from eventlet import tpool

        return tpool.execute(fn, *args, **kwargs)
    monkey = sys.modules.get("gevent.monkey")
    if monkey is not None and monkey.is_module_patched("thread"):
        import gevent

        return gevent.get_hub().threadpool.apply(fn, args, kwargs)
    return fn(*args, **kwargs)


def let_others_in() -> None:
    """Hand the event loop over for a moment (under plain threads: nothing). A long run of
    checks, a 20,000-row file's, calls it every few hundred rows so that the door's scans and
    the websockets go through meanwhile. Never inside a write transaction: a writer waiting
    for the lock would then hold the loop until the lock timed out."""
    if not green():
        return
    eventlet = sys.modules.get("eventlet")
    if eventlet is not None and eventlet.patcher.is_monkey_patched("socket"):
        eventlet.sleep(0)
        return
    import gevent

    gevent.sleep(0)

