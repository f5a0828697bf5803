"""The integration tier: the library against a real PostgreSQL and real local HTTP servers."""

from __future__ import annotations

import pytest

from support import airflow_env, fetch_server, plugins, postgres

airflow_env.configure()


def pytest_configure(config: pytest.Config) -> None:
    plugins.register(config, postgres, fetch_server)
