"""The integration tier: the library against a real PostgreSQL and real local HTTP servers."""

from __future__ import annotations

import pytest

from support import airflow_env, postgres

airflow_env.configure()


def pytest_configure(config: pytest.Config) -> None:
    postgres.register(config)
