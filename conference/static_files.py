"""The pages' files as a hall of phones fetches them at once: compressed once, cached for good.

Every URL the pages build for a script, a stylesheet or a font carries the version of the
files (`/v/<version>/static/js/ask.js`, `/v/<version>/vendor/socket.io/…`): a hash of their
contents, so a new release is a new address. Under those addresses WhiteNoise serves the
files itself, before Flask, with their gzip twins (made by `precompress`, at setup and at
each start) and `Cache-Control: immutable` for a year: a phone that reconnects, or opens the
page again, fetches nothing twice. A module's relative imports (`./api.js`) resolve under the
same versioned folder. The plain `/static/…` and `/vendor/…` stay, revalidated each time.

What is served under a version is a copy of the files as they were at the start (`snapshot`,
made once per version): WhiteNoise reads a file's size when it starts, so a file changed under
a running server (an update copied in place, `git pull`) went out cut short or hung the page;
now the running server keeps serving the version its pages name, and the next start the new one.
"""
from __future__ import annotations

import functools
import hashlib
import os
import shutil
import time
from pathlib import Path
from typing import Any

KEEP_SNAPSHOTS = 7 * 86400  # another version's copy, unused this long, is removed at a start
KEEP_NEWEST = 8  # and beyond the newest few (each about 6 MB; a developer's starts make many)

YEAR = 365 * 86400
_COMPRESSIBLE = (".js", ".mjs", ".css", ".svg", ".json", ".txt", ".html", ".map", ".ttf")


@functools.lru_cache(maxsize=8)
def version(static: str, node_modules: str, packages: tuple[str, ...]) -> str:
    """A short hash of every served file's path and contents (computed once per process)."""
    digest = hashlib.sha256()
    for root in (Path(static), *(Path(node_modules) / p for p in packages)):
        if not root.is_dir():
            continue
        for path in sorted(p for p in root.rglob("*") if p.is_file() and not p.name.endswith(".gz")):
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def precompress(folders: list[Path]) -> int:
    """Write `name.gz` beside each text file that lacks an up-to-date one; how many were written.
    A folder that cannot be written (a read-only install) is left as it is: the files are then
    served uncompressed."""
    import gzip

    written = 0
    for folder in folders:
        for path in folder.rglob("*"):
            if not path.is_file() or path.suffix not in _COMPRESSIBLE:
                continue
            twin = path.with_name(path.name + ".gz")
            try:
                if twin.exists() and twin.stat().st_mtime >= path.stat().st_mtime:
                    continue
                data = gzip.compress(path.read_bytes(), compresslevel=9, mtime=0)
                if path.stat().st_size < 512 or len(data) >= path.stat().st_size * 0.95:
                    twin.unlink(missing_ok=True)  # not worth it now: an older twin must not be served
                    continue
                twin.write_bytes(data)
                written += 1
            except OSError:  # a read-only install: served uncompressed
                return written
    return written


def _nosniff(headers: Any, _path: str, _url: str) -> None:
    headers["X-Content-Type-Options"] = "nosniff"


def snapshot(folders: dict[str, Path], cache: Path, current: str) -> dict[str, Path]:
    """The folders (by their address under the version: "static", "vendor/socket.io"…) copied
    once to `cache/current` with their gzip twins, as they are now; the copies' paths. When the
    cache cannot be written (a read-only install), the folders themselves."""
    target = cache / current
    try:
        if not target.is_dir():
            cache.mkdir(parents=True, exist_ok=True)
            making = cache / f".{current}.{os.getpid()}"
            shutil.rmtree(making, ignore_errors=True)
            for name, folder in folders.items():
                if folder.is_dir():
                    shutil.copytree(folder, making / name)
            try:
                making.rename(target)  # whole or not at all; another process may have made it first
            except OSError:
                shutil.rmtree(making, ignore_errors=True)
        os.utime(target)  # in use: kept by the clean-up below
        # Never a copy another start is still making (".VERSION.PID").
        others = sorted((p for p in cache.iterdir() if p != target and not p.name.startswith(".")),
                        key=lambda p: p.stat().st_mtime, reverse=True)
        for rank, other in enumerate(others):
            if rank >= KEEP_NEWEST or other.stat().st_mtime < time.time() - KEEP_SNAPSHOTS:
                shutil.rmtree(other, ignore_errors=True)
    except OSError:
        return folders
    return {name: target / name for name in folders}


def wrap(app: Any, folders: dict[str, Path], current: str) -> Any:
    """The WSGI app with the versioned files (`snapshot`'s folders) served in front of it."""
    from whitenoise import WhiteNoise

    served = WhiteNoise(app.wsgi_app, max_age=YEAR, allow_all_origins=False, add_headers_function=_nosniff,
                        immutable_file_test=lambda _path, _url: True)
    for name, folder in folders.items():
        if folder.is_dir():
            served.add_files(str(folder), prefix=f"v/{current}/{name}/")
    return served
