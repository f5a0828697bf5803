"""The library stays importable without Airflow, and only store/ speaks SQL."""

from __future__ import annotations

import ast
from pathlib import Path

LIB = Path(__file__).resolve().parents[2] / "plugins" / "marsad"
SQL_WORDS = ("SELECT ", "INSERT INTO", "UPDATE ", "DELETE FROM", "CREATE TABLE")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_library_never_imports_airflow() -> None:
    offenders = [
        str(p.relative_to(LIB)) for p in LIB.rglob("*.py") if any(n.split(".")[0] == "airflow" for n in _imports(p))
    ]
    assert offenders == []


def test_stages_do_not_import_each_other() -> None:
    stages = ("fetch", "dedup", "claims")
    offenders = []
    for stage in stages:
        for path in (LIB / stage).rglob("*.py"):
            for name in _imports(path):
                parts = name.split(".")
                if parts[0] == "marsad" and len(parts) > 1 and parts[1] in stages + ("store", "pipeline") and parts[1] != stage:
                    offenders.append(f"{stage}/{path.name} imports {name}")
    assert offenders == []


def test_only_store_speaks_sql() -> None:
    offenders = []
    for path in LIB.rglob("*.py"):
        if "store" in path.relative_to(LIB).parts:
            continue
        text = path.read_text(encoding="utf-8")
        offenders += [f"{path.relative_to(LIB)}: {w}" for w in SQL_WORDS if f'"{w}' in text or f"'{w}" in text]
    assert offenders == []
