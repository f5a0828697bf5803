"""The dags tier: DagBag integrity and dag.test() runs, on PostgreSQL (news and Airflow metadata)."""

from __future__ import annotations

import pytest

from support import airflow_env, plugins, postgres

airflow_env.configure()


def pytest_configure(config: pytest.Config) -> None:
    plugins.register(config, postgres)
