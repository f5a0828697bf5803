"""Packaging beyond pyproject.toml: sql/ and seeds/ go into the wheel as ``marsad/_data``.

A non-editable ``pip install .`` then finds them (``marsad.settings.sql_dir()`` and
``seeds_dir()``) without the checkout; an editable install reads the checkout's folders.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
DATA = ("sql", "seeds")


class BuildWithData(build_py):
    """build_py, then sql/ and seeds/ copied under the built marsad package."""

    def run(self) -> None:
        super().run()
        if self.editable_mode:
            return
        for name in DATA:
            target = Path(self.build_lib) / "marsad" / "_data" / name
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(ROOT / name, target, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))


setup(cmdclass={"build_py": BuildWithData})
