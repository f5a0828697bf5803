"""The e2e tier: whole sample runs, and the reliability suites that run the pipeline end to end."""

from __future__ import annotations

import pytest

from support import airflow_env, plugins, postgres, sample_run

airflow_env.configure()


def pytest_configure(config: pytest.Config) -> None:
    plugins.register(config, postgres, sample_run)
