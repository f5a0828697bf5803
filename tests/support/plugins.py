"""Fixture modules of support/ made available session-wide, by the tiers that need them.

A tier's conftest registers them from ``pytest_configure`` (pytest allows
``pytest_plugins`` only in the root conftest, which the unit tier shares, and a fixture
imported into several conftests would be several fixtures: a session-scoped database
template would then be made once per tier).
"""

from __future__ import annotations

from types import ModuleType

import pytest


def register(config: pytest.Config, *modules: ModuleType) -> None:
    """Register each module as a plugin once, whichever tier asks first."""
    for module in modules:
        if not config.pluginmanager.is_registered(module):
            config.pluginmanager.register(module, module.__name__)
