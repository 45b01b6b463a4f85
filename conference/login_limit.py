"""How many wrong passwords an address or a name may try: `LIMIT` failures in `WINDOW`
seconds, then a wait until the oldest failure leaves the window. Kept in the process's
memory (one server per hall), bounded in size whatever the flood."""
from __future__ import annotations

import threading
import time
from collections import OrderedDict, deque

LIMIT = 10
WINDOW = 300.0
HOLD_SECONDS = 1.0  # how long a refused attempt waits for its answer
_MAX_KEYS = 10_000  # the oldest keys go first past this

_failures: OrderedDict[str, deque[float]] = OrderedDict()
_lock = threading.Lock()


def _keys(address: str, username: str) -> tuple[str, str]:
    return f"address:{address}", f"name:{username}"


def wait(address: str, username: str, now: float | None = None, by_name: bool = True) -> int:
    """Seconds to wait before this address may try this name again; 0 when it may now.
    `by_name=False`: only the address's failures count (a browser this name logged in from
    before: whoever else typed the name wrong does not hold its owner out)."""
    now = time.monotonic() if now is None else now
    longest = 0.0
    with _lock:
        by_address, by_name_key = _keys(address, username)
        for key in (by_address, by_name_key) if by_name else (by_address,):
            times = _failures.get(key)
            while times and times[0] <= now - WINDOW:
                times.popleft()
            if times is not None and len(times) >= LIMIT:
                longest = max(longest, times[0] + WINDOW - now)
    return int(longest) + 1 if longest else 0


def failed(address: str, username: str, now: float | None = None) -> None:
    now = time.monotonic() if now is None else now
    with _lock:
        for key in _keys(address, username):
            times = _failures.pop(key, None) or deque(maxlen=LIMIT)
            times.append(now)
            _failures[key] = times  # to the end: most recently used
        while len(_failures) > _MAX_KEYS:
            _failures.popitem(last=False)


def succeeded(address: str, username: str) -> None:
    """A right password clears this address's and this name's failures."""
    with _lock:
        for key in _keys(address, username):
            _failures.pop(key, None)


def reset() -> None:
    """Forget every failure (tests; a restart does the same)."""
    with _lock:
        _failures.clear()
