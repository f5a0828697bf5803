"""A non-editable install finds sql/ and seeds/ without the checkout, and ships no dev tooling.

The wheel is built from a copy of the project (so the checkout gets no build/ folder),
installed into a --target folder and imported there with the checkout out of sys.path.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROJECT = ("pyproject.toml", "setup.py", "MANIFEST.in", "plugins", "sql", "seeds")

PROBE = """
import json, sys
sys.path.insert(0, sys.argv[1])  # -I: no PYTHONPATH, no script folder; the checkout is out of reach
import importlib.util, marsad.settings as s
print(json.dumps({
    "marsad": importlib.util.find_spec("marsad").origin,
    "sql": str(s.sql_dir()), "seeds": str(s.seeds_dir()),
    "migrations": sorted(p.name for p in (s.sql_dir() / "migrations").glob("*.sql")),
    "sources": (s.seeds_dir() / "sources.csv").is_file(),
    "samples": (s.seeds_dir() / "samples" / "feeds" / "daily.xml").is_file(),
    "model": (s.INSTALLED_DATA.parent / "claims" / "claims-model.json").is_file(),
    # What the wheel holds (an editable install of the checkout may also be on sys.path).
    "dev": any(p.name.startswith("marsad_dev") for p in __import__("pathlib").Path(sys.argv[1]).iterdir()),
    "airflow_glue": (__import__("pathlib").Path(sys.argv[1]) / "marsad_airflow" / "__init__.py").is_file(),
}))
"""


def test_a_wheel_install_finds_sql_and_seeds_outside_the_checkout(tmp_path: Path) -> None:
    source, wheels, target = tmp_path / "src", tmp_path / "wheels", tmp_path / "site"
    source.mkdir()
    for name in PROJECT:
        copy = shutil.copytree if (ROOT / name).is_dir() else shutil.copy2
        copy(ROOT / name, source / name)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(wheels), str(source)],
                   check=True, capture_output=True, timeout=120)
    (wheel,) = wheels.glob("marsad-*.whl")
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target), str(wheel)],
                   check=True, capture_output=True, timeout=120)
    shutil.rmtree(source)  # nothing may still point into the copy the wheel was built from

    env = {k: v for k, v in os.environ.items() if k not in ("MARSAD_SQL_DIR", "MARSAD_SEEDS_DIR")}
    out = subprocess.run([sys.executable, "-I", "-c", PROBE, str(target)], cwd=tmp_path, env=env, check=True,
                         capture_output=True, text=True, timeout=60).stdout
    found = json.loads(out)
    assert found["marsad"] == str(target / "marsad" / "__init__.py")
    assert found["sql"] == str(target / "marsad" / "_data" / "sql")
    assert found["seeds"] == str(target / "marsad" / "_data" / "seeds")
    assert found["migrations"] == sorted(p.name for p in (ROOT / "sql" / "migrations").glob("*.sql"))
    assert found["sources"] and found["samples"] and found["model"]
    assert found["airflow_glue"] and not found["dev"]
