"""The pages' files as a hall of phones fetches them: versioned addresses cached for good,
compressed, and every module a page imports found under the same version."""
from __future__ import annotations

import gzip
import re


def files_of(client, path: str) -> list[str]:
    html = client.get(path).get_data(as_text=True)
    return re.findall(r'(?:src|href)="(/v/[^"]+)"', html)


def fetch(client, url: str, **headers):
    response = client.get(url, headers=headers)
    body = response.data
    response.close()
    return response, body


def test_the_ask_page_asks_for_versioned_files_cached_for_good_and_compressed(app, client):
    urls = files_of(client, "/ask")
    assert any("/static/js/ask.js" in u for u in urls) and any("socket.io.min.js" in u for u in urls)
    version = app.files_version
    for url in urls:
        assert url.startswith(f"/v/{version}/"), url
        response, body = fetch(client, url, **{"Accept-Encoding": "gzip, deflate"})
        assert response.status_code == 200, url
        assert "immutable" in response.headers["Cache-Control"] and "max-age=315360000" in response.headers["Cache-Control"]
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        if url.endswith((".js", ".css")):
            assert response.headers.get("Content-Encoding") == "gzip", url
            assert len(gzip.decompress(body)) > len(body)


def test_a_module_imports_resolve_under_the_same_version(app, client):
    entry = next(u for u in files_of(client, "/ask") if u.endswith("/static/js/ask.js"))
    _, source = fetch(client, entry)
    imports = re.findall(r'from "(\./[^"]+)"', source.decode())
    assert imports
    for relative in imports:
        response, _ = fetch(client, entry.rsplit("/", 1)[0] + relative[1:])
        assert response.status_code == 200 and "immutable" in response.headers["Cache-Control"], relative


def test_an_old_version_or_the_plain_address_is_revalidated_not_cached(client):
    for url in ("/v/0ld0ld0ld00/static/js/ask.js", "/static/js/ask.js"):
        response, _ = fetch(client, url)
        assert response.status_code == 200 and "immutable" not in (response.headers.get("Cache-Control") or ""), url


def test_the_version_follows_the_files(tmp_path):
    from conference import static_files

    (tmp_path / "a.js").write_text("one")
    first = static_files.version(str(tmp_path), str(tmp_path / "none"), ())
    static_files.version.cache_clear()
    (tmp_path / "a.js").write_text("two")
    assert static_files.version(str(tmp_path), str(tmp_path / "none"), ()) != first
    static_files.version.cache_clear()


def test_a_file_changed_under_a_running_server_is_served_as_it_was_whole(tmp_path):
    """An update copied in place (`git pull`) without a restart: WhiteNoise had read the old
    size at start and sent the new file cut to it (or hung); the version the pages name is
    served from its copy, whole, and the next start serves the new one."""
    from flask import Flask

    from conference import static_files

    original = tmp_path / "static"
    (original / "js").mkdir(parents=True)
    (original / "js" / "api.js").write_text("export const one = 1;\n" * 50)
    cache = tmp_path / "cache"
    served = static_files.snapshot({"static": original}, cache, "aaaa")
    app = Flask(__name__)
    app.wsgi_app = static_files.wrap(app, served, "aaaa")
    (original / "js" / "api.js").write_text("export const two = 2;\n" * 80)  # changed after the start
    response = app.test_client().get("/v/aaaa/static/js/api.js")
    assert response.status_code == 200 and response.data == b"export const one = 1;\n" * 50
    assert int(response.headers["Content-Length"]) == len(response.data)
    response.close()
    again = static_files.snapshot({"static": original}, cache, "bbbb")  # the next start, a new version
    assert (again["static"] / "js" / "api.js").read_text().startswith("export const two")
    assert sorted(p.name for p in cache.iterdir()) == ["aaaa", "bbbb"]  # the old one kept while it may be in use
