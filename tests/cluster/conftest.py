"""The cluster tier: Celery workers on Redis, the REST API server and a headless browser."""

from __future__ import annotations

import pytest

from support import airflow_env, plugins, postgres

airflow_env.configure()


def pytest_configure(config: pytest.Config) -> None:
    plugins.register(config, postgres)
