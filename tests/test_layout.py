"""The house's shape holds: four wings on a foundation, no import circle, the foundation
imports no wing (but the factory registering blueprints), no wing imports another's routes."""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FOUNDATION = "conference"
WINGS = ("office", "kiosk", "projector", "record")


def _modules() -> dict[str, Path]:
    found = {}
    for package in (FOUNDATION, *WINGS):
        for path in (ROOT / package).glob("*.py"):
            name = package if path.stem == "__init__" else f"{package}.{path.stem}"
            found[name] = path
    return found


def _imports(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """Modules of ours that this one imports at module level (not inside functions)."""
    package = name if path.stem == "__init__" else name.rsplit(".", 1)[0]
    out: set[str] = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Import):
            out |= {alias.name for alias in node.names if alias.name in modules}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = package + (f".{base}" if base else "")
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                out.add(candidate if candidate in modules else base)
    return {m for m in out if m in modules and m != name}


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imports(name, path, modules) for name, path in modules.items()}


def test_no_import_circle():
    graph, state, cycles = _graph(), {}, []

    def visit(node: str, trail: list[str]) -> None:
        state[node] = "open"
        for other in sorted(graph[node]):
            # A package's __init__ importing its own modules (to register routes) is not a circle.
            if other.startswith(node + "."):
                continue
            if state.get(other) == "open":
                cycles.append(trail[trail.index(other):] + [other] if other in trail else [node, other])
            elif other not in state:
                visit(other, trail + [other])
        state[node] = "done"

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert cycles == []


def test_the_foundation_imports_no_wing_but_the_factory():
    for name, imported in _graph().items():
        if name.split(".")[0] != FOUNDATION:
            continue
        wings = {m for m in imported if m.split(".")[0] in WINGS}
        assert not wings, (name, wings)
    # The factory registers the blueprints inside create_app, its only import of the wings.
    factory = (ROOT / FOUNDATION / "__init__.py").read_text(encoding="utf-8")
    assert all(f"from {wing} import bp" in factory for wing in WINGS)


def test_no_wing_imports_another_wings_routes():
    for name, imported in _graph().items():
        wing = name.split(".")[0]
        for other in imported:
            if other.split(".")[0] in WINGS and other.split(".")[0] != wing:
                assert not other.endswith(".routes"), (name, other)


def test_each_wing_has_its_routes_and_events():
    for wing in WINGS:
        assert (ROOT / wing / "routes.py").exists() and (ROOT / wing / "events.py").exists(), wing


def test_only_events_modules_emit():
    """Every emit is in a wing's events.py (or the foundation's realtime plumbing)."""
    for wing in (FOUNDATION, *WINGS):
        for path in (ROOT / wing).glob("*.py"):
            if path.name in ("events.py", "realtime.py"):
                continue
            assert "socketio.emit(" not in path.read_text(encoding="utf-8"), path


def test_no_page_uses_a_browser_pop_up():
    """Every question and every error is asked or said in the page: no prompt, alert or confirm."""
    import re

    root = Path(__file__).resolve().parent.parent
    for path in [*(root / "static").rglob("*.js"), *(root / "templates").rglob("*.html")]:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"(?<![\w.])(prompt|alert|confirm)\s*\(", text), path
        assert not re.search(r"window\.(prompt|alert|confirm)\b", text), path
