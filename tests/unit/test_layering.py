"""The layer contract of docs/ARCHITECTURE.md, read from the source (no imports run).

Every module of ``plugins/`` and ``dags/`` is parsed and each of its imports (top-level
or inside a function, absolute or relative) is checked against the layer it sits in:

- ``model`` and ``settings`` import nothing of marsad; ``text`` imports only the model;
- stages (fetch, dedup, claims, events), the file reader (inputs) and the renderers
  (report, export) import only the model, text and settings (and themselves);
- ``store`` imports only the model and settings: it implements the ports the stages
  declare (``DedupIndex``) structurally, without importing them;
- ``pipeline`` composes all of those; the CLI imports the pipeline, the model and
  settings only; DAGs and the Airflow package import Airflow, the Airflow package, and
  marsad's pipeline, model and settings only; no library module imports Airflow;
- only ``store`` speaks SQL (any string, triple-quoted or not, with a statement in it).

``tests/../pyproject.toml`` states the same contract for ``lint-imports``.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PLUGINS = ROOT / "plugins"
LIB = PLUGINS / "marsad"
DAGS = ROOT / "dags"
AIRFLOW_PACKAGES = ("marsad_airflow",)
# Every package under plugins/ has its place: the library, its Airflow glue, the dev tooling.
PLUGIN_PACKAGES = {"marsad", "marsad_airflow", "marsad_dev"}

STAGE_DEPS = frozenset({"model", "text", "settings"})
# What each part of the library may import of marsad (besides itself). "" is the package
# itself (``marsad.__version__``).
ALLOWED: dict[str, frozenset[str]] = {
    "model": frozenset(),
    "settings": frozenset(),
    "text": frozenset({"model"}),
    "fetch": STAGE_DEPS,
    "dedup": STAGE_DEPS,
    "claims": STAGE_DEPS,
    "events": STAGE_DEPS,
    "inputs": frozenset({"model", "settings"}),
    "report": frozenset({"model", "settings"}),
    "export": frozenset({"model", "settings"}),
    "store": frozenset({"model", "settings"}),
    "pipeline": frozenset({"model", "text", "settings", "fetch", "dedup", "claims", "events", "inputs", "report",
                           "export", "store"}),
    "cli": frozenset({"", "pipeline", "model", "settings"}),
    "": frozenset(),
    "__main__": frozenset({"cli"}),
}
# What DAGs and the Airflow package may import of marsad.
AIRFLOW_SIDE = frozenset({"pipeline", "model", "settings"})

SQL = re.compile(
    r"\b(?:SELECT\b[\s\S]+?\bFROM|INSERT\s+INTO|UPDATE\s+\w+(?:\s+\w+)?\s+SET|DELETE\s+FROM|"
    r"CREATE\s+(?:TEMP\s+|UNIQUE\s+|MATERIALIZED\s+)?(?:TABLE|INDEX|VIEW)|ALTER\s+TABLE|DROP\s+(?:TABLE|VIEW|INDEX)|"
    r"TRUNCATE\s+\w|COPY\s+\w+.*\bFROM\s+STDIN|REFRESH\s+MATERIALIZED)\b"
)


@dataclass(frozen=True)
class Import:
    path: Path
    line: int
    target: str  # the module imported from, absolute ("marsad.store" for ``from marsad.store import db``)

    def __str__(self) -> str:
        return f"{self.path.relative_to(ROOT)}:{self.line} imports {self.target}"


def _module_name(path: Path) -> str:
    """Dotted name of a file under plugins/ (dags/ files are top-level modules)."""
    base = PLUGINS if PLUGINS in path.parents else DAGS
    parts = list(path.relative_to(base).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(path: Path) -> Iterator[Import]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = _module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Import(path, node.lineno, alias.name)
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolved against the file's package
                base = package[: len(package) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            yield Import(path, node.lineno, target)


def _library_files() -> list[Path]:
    return sorted(LIB.rglob("*.py"))


def _part(path: Path) -> str:
    """The part of the library a file belongs to: ``cli`` for cli/db_cmds.py, ``model``
    for model.py, "" for the package's __init__."""
    rel = path.relative_to(LIB)
    return rel.parts[0] if len(rel.parts) > 1 else rel.stem if rel.stem != "__init__" else ""


def _marsad_part(target: str) -> str | None:
    """The part of marsad a target names ("" for the package itself), None if not marsad."""
    parts = target.split(".")
    if parts[0] != "marsad":
        return None
    return parts[1] if len(parts) > 1 else ""


def _layer_violations() -> list[tuple[Import, str]]:
    found = []
    for path in _library_files():
        part = _part(path)
        if part not in ALLOWED:
            found.append((Import(path, 1, "-"), f"{part!r} has no place in the layer contract (ALLOWED)"))
            continue
        for imp in imports_of(path):
            other = _marsad_part(imp.target)
            if other is None or other == part or other in ALLOWED[part]:
                continue
            found.append((imp, f"{part or 'marsad'} may import only {sorted(ALLOWED[part]) or 'nothing of marsad'}"))
    return found


def _report(violations: list[tuple[Import, str]]) -> str:
    return "layer contract broken:\n" + "\n".join(f"  {imp}: {why}" for imp, why in violations)


def test_library_layers() -> None:
    violations = _layer_violations()
    if violations:
        pytest.fail(_report(violations), pytrace=False)


def test_every_plugin_package_has_a_place() -> None:
    found = {p.name for p in PLUGINS.iterdir() if (p / "__init__.py").is_file()}
    assert found == PLUGIN_PACKAGES, f"packages without a place in the layer contract: {found ^ PLUGIN_PACKAGES}"


def test_nothing_deployed_imports_the_dev_tooling() -> None:
    paths = _library_files() + sorted(DAGS.glob("*.py")) + sorted((PLUGINS / "marsad_airflow").rglob("*.py"))
    offenders = [imp for path in paths for imp in imports_of(path) if imp.target.split(".")[0] == "marsad_dev"]
    assert not offenders, "dev tooling imported by deployed code:\n" + "\n".join(f"  {imp}" for imp in offenders)


def test_library_never_imports_airflow() -> None:
    offenders = [imp for path in _library_files() for imp in imports_of(path) if imp.target.split(".")[0] == "airflow"]
    assert not offenders, "the library imports Airflow:\n" + "\n".join(f"  {imp}" for imp in offenders)


def _airflow_side_violations(paths: list[Path], own: tuple[str, ...]) -> list[tuple[Import, str]]:
    """Imports of marsad beyond pipeline/model/settings, and of first-party modules that are
    neither the Airflow package nor ``own`` (e.g. the DAG folder's marsad_common)."""
    found = []
    for path in paths:
        for imp in imports_of(path):
            top = imp.target.split(".")[0]
            part = _marsad_part(imp.target)
            if part is not None:
                if part not in AIRFLOW_SIDE:
                    found.append((imp, f"may import marsad.{{{', '.join(sorted(AIRFLOW_SIDE))}}} only"))
            elif top.startswith("marsad_") and top != "marsad_airflow" and top not in own:
                found.append((imp, "glue belongs in the Airflow package (plugins/marsad_airflow)"))
    return found


def test_dags_layer() -> None:
    violations = _airflow_side_violations(sorted(DAGS.glob("*.py")), ())
    if violations:
        pytest.fail(_report(violations), pytrace=False)


def test_airflow_package_layer() -> None:
    paths = [p for name in AIRFLOW_PACKAGES for p in sorted((PLUGINS / name).rglob("*.py"))]
    violations = _airflow_side_violations(paths, AIRFLOW_PACKAGES)
    if violations:
        pytest.fail(_report(violations), pytrace=False)


def _docstrings(tree: ast.AST) -> set[int]:
    """ids of the docstring nodes of a module, its classes and functions (prose, not SQL)."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def sql_strings(path: Path) -> Iterator[tuple[int, str]]:
    """(line, statement found) for every string literal holding SQL: plain, triple-quoted
    or the literal parts of an f-string, the statement anywhere in it."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    skip = _docstrings(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
            match = SQL.search(node.value)
            if match:
                yield node.lineno, " ".join(match.group(0).split())[:60]


def _sql_outside_store(paths: list[Path]) -> list[str]:
    return [f"  {p.relative_to(ROOT)}:{line}: {stmt}" for p in paths for line, stmt in sql_strings(p)]


def test_sql_check_sees_every_form(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        'A = "SELECT id FROM articles"\n'
        'B = """\n    INSERT INTO claims (id) VALUES (1)\n"""\n'
        "C = f'WITH x AS (SELECT 1) SELECT * FROM {TABLE} WHERE 1'\n"
        'D = "done; then UPDATE articles a SET text_hash = NULL"\n'
        'E = "please select a file from the list"\n'
        'def f():\n    """Runs SELECT ... FROM articles (a docstring is prose)."""\n',
        encoding="utf-8",
    )
    assert sorted(line for line, _ in sql_strings(sample)) == [1, 2, 5, 6]


def test_only_store_speaks_sql() -> None:
    paths = [p for p in _library_files() if "store" not in p.relative_to(LIB).parts]
    offenders = _sql_outside_store(paths)
    assert not offenders, "SQL outside marsad.store:\n" + "\n".join(offenders)


def test_dags_and_airflow_package_speak_no_sql() -> None:
    paths = sorted(DAGS.glob("*.py")) + [p for name in AIRFLOW_PACKAGES for p in sorted((PLUGINS / name).rglob("*.py"))]
    offenders = _sql_outside_store(paths)
    assert not offenders, "SQL outside marsad.store:\n" + "\n".join(offenders)
