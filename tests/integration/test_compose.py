"""docker-compose.yml and Dockerfile: valid, complete, and in step with requirements.txt.

No Docker engine is needed: the compose file is validated and resolved by `docker compose`
or Debian's `docker-compose` (skipped only where neither works), and the Postgres init
script runs against the test server.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import uuid
from pathlib import Path

import psycopg2
import pytest
import yaml

from support.service_skips import compose_command, require

ROOT = Path(__file__).resolve().parents[2]
AIRFLOW_SERVICES = ("airflow-migrate", "airflow-apiserver", "airflow-scheduler", "airflow-dag-processor",
                    "airflow-triggerer", "airflow-worker")
LONG_RUNNING = ("postgres", "redis", *AIRFLOW_SERVICES[1:])


@pytest.fixture(scope="module")
def compose() -> list[str]:
    require("docker compose")
    cmd = compose_command()
    assert cmd is not None
    return cmd


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the compose project with an .env made from .env.example."""
    work = tmp_path_factory.mktemp("compose")
    for name in ("docker-compose.yml", "Dockerfile", ".env.example"):
        shutil.copy(ROOT / name, work / name)
    shutil.copytree(ROOT / "docker", work / "docker")
    return work


def _config(compose: list[str], project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*compose, "-f", "docker-compose.yml", "config", *args], cwd=project,
                          capture_output=True, text=True, timeout=60)


@pytest.fixture(scope="module")
def resolved(compose: list[str], project: Path) -> dict:
    shutil.copy(project / ".env.example", project / ".env")
    quiet = _config(compose, project, "-q")
    assert quiet.returncode == 0, quiet.stderr
    full = _config(compose, project)
    assert full.returncode == 0, full.stderr
    return yaml.safe_load(full.stdout)


def test_secrets_are_required_from_env_file(compose: list[str], project: Path, resolved: dict) -> None:
    (project / ".env").rename(project / ".env.off")
    try:
        result = _config(compose, project, "-q")
    finally:
        (project / ".env.off").rename(project / ".env")
    assert result.returncode != 0
    assert "set POSTGRES_USER in .env" in result.stderr + result.stdout


def test_services_exist_and_long_running_ones_have_healthchecks(resolved: dict) -> None:
    services = resolved["services"]
    assert set(services) == {"postgres", "redis", *AIRFLOW_SERVICES}
    for name in LONG_RUNNING:
        assert services[name].get("healthcheck", {}).get("test"), f"{name} has no healthcheck"
    assert services["airflow-migrate"]["restart"] == "no"


def test_airflow_services_wait_for_setup_and_share_the_configuration(resolved: dict) -> None:
    services = resolved["services"]
    command = services["airflow-migrate"]["command"]
    script = (ROOT / "docker" / "migrate.sh").read_text(encoding="utf-8")
    assert "/opt/marsad/docker/migrate.sh" in " ".join(command)
    for step in ("airflow db migrate", "marsad setup", "airflow pools set marsad_http"):
        assert step in script
    for name in AIRFLOW_SERVICES:
        svc = services[name]
        env = svc["environment"]
        assert env["AIRFLOW__CORE__EXECUTOR"] == "CeleryExecutor", name
        assert env["AIRFLOW__CORE__LOAD_EXAMPLES"] == "False", name
        assert env["AIRFLOW_CONN_MARSAD_DB"].endswith("@postgres:5432/marsad"), name
        assert env["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"].endswith("@postgres:5432/airflow"), name
        assert env["AIRFLOW__CELERY__BROKER_URL"].startswith("redis://redis:6379/"), name
        assert env["AIRFLOW__CORE__EXECUTION_API_SERVER_URL"] == "http://airflow-apiserver:8080/execution/"
        targets = {v["target"] if isinstance(v, dict) else v.split(":")[1] for v in svc["volumes"]}
        assert {"/opt/marsad/dags", "/opt/marsad/plugins", "/opt/marsad/sql", "/opt/marsad/seeds"} <= targets, name
        deps = svc["depends_on"]
        assert deps["postgres"]["condition"] == "service_healthy", name
        if name != "airflow-migrate":
            assert deps["airflow-migrate"]["condition"] == "service_completed_successfully", name
            assert deps["redis"]["condition"] == "service_healthy", name
    commands = {name: services[name]["command"] for name in AIRFLOW_SERVICES[1:]}
    flat = {k: " ".join(v) if isinstance(v, list) else v for k, v in commands.items()}
    assert flat == {"airflow-apiserver": "api-server", "airflow-scheduler": "scheduler",
                    "airflow-dag-processor": "dag-processor", "airflow-triggerer": "triggerer",
                    "airflow-worker": "celery worker"}


def test_worker_can_be_scaled(resolved: dict) -> None:
    worker = resolved["services"]["airflow-worker"]
    assert "container_name" not in worker and not worker.get("ports")


def test_image_matches_pinned_airflow_and_copies_the_project() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    pinned = re.search(r"^apache-airflow==(\S+)$", (ROOT / "requirements.txt").read_text(), re.M)
    image = re.search(r"^FROM\s+apache/airflow:(\S+)", dockerfile, re.M)
    assert pinned and image
    assert image.group(1).split("-")[0] == pinned.group(1)
    assert "pip install --no-cache-dir -r requirements.txt" in dockerfile
    assert "--no-deps -r requirements-nodeps.txt" in dockerfile
    for folder in ("dags", "plugins", "sql", "seeds"):
        assert re.search(rf"^COPY .*\b{folder}/ {folder}/$", dockerfile, re.M), folder


def test_env_example_names_every_variable_the_compose_file_needs() -> None:
    needed = set(re.findall(r"\$\{([A-Z_]+):\?", (ROOT / "docker-compose.yml").read_text()))
    example = {line.split("=", 1)[0] for line in (ROOT / ".env.example").read_text().splitlines()
               if "=" in line and not line.startswith("#")}
    assert needed and needed <= example


def test_postgres_init_script_creates_both_databases_idempotently(server_url: str) -> None:
    require("psql")
    from marsad.store import db

    server = db.url_fields(server_url)  # a TCP server or the embedded one's socket directory
    names = {"MARSAD_DB": f"marsad_ci_{uuid.uuid4().hex[:8]}", "AIRFLOW_DB": f"airflow_ci_{uuid.uuid4().hex[:8]}"}
    env = {"PATH": "/usr/bin:/bin", "POSTGRES_USER": server.get("user", "postgres"),
           "PGHOST": server.get("host", "127.0.0.1"), "PGPORT": server.get("port", "5432"), **names}
    if server.get("password"):
        env["PGPASSWORD"] = server["password"]
    script = ROOT / "docker" / "postgres-init" / "01-databases.sh"
    admin = psycopg2.connect(db.with_database(server_url, "postgres"))
    admin.autocommit = True
    try:
        for _ in range(2):  # the second run finds both and changes nothing
            result = subprocess.run(["bash", str(script)], env=env, capture_output=True, text=True, timeout=60)
            assert result.returncode == 0, result.stderr
        with admin.cursor() as cur:
            cur.execute("SELECT datname FROM pg_database WHERE datname = ANY(%s)", (list(names.values()),))
            assert {d for (d,) in cur.fetchall()} == set(names.values())
    finally:
        with admin.cursor() as cur:
            for name in names.values():
                cur.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.close()


def _env_file(path: Path) -> dict[str, str]:
    pairs = (line.split("=", 1) for line in path.read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.lstrip().startswith("#"))
    return {key.strip(): value.strip() for key, value in pairs}


def _check_secrets(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """docker/check-secrets.sh (the migrate service's first step) with exactly ``env``."""
    return subprocess.run(["bash", str(ROOT / "docker" / "check-secrets.sh")], env={"PATH": "/usr/bin:/bin", **env},
                          capture_output=True, text=True, timeout=30)


def test_setup_refuses_the_example_secrets_and_accepts_real_ones() -> None:
    example = _env_file(ROOT / ".env.example")
    placeholders = [key for key, value in example.items() if value == "change-me"]
    assert len(placeholders) == 5, placeholders
    refused = _check_secrets(example)
    assert refused.returncode == 1
    assert refused.stderr.count("\n") == 1 and "POSTGRES_PASSWORD" in refused.stderr, refused.stderr
    filled = {**example, **{key: f"s3cret-{i}-{uuid.uuid4().hex}" for i, key in enumerate(placeholders)}}
    accepted = _check_secrets(filled)
    assert (accepted.returncode, accepted.stderr) == (0, "")
    for key in placeholders:  # each one on its own is enough to refuse, and is named
        for bad in ("change-me", ""):
            result = _check_secrets({**filled, key: bad})
            assert result.returncode == 1 and key in result.stderr, (key, bad, result.stderr)


def test_migrate_service_checks_the_secrets_first(resolved: dict) -> None:
    script = (ROOT / "docker" / "migrate.sh").read_text(encoding="utf-8").splitlines()
    steps = [line for line in script if line.strip() and not line.startswith(("#", "set "))]
    assert "check-secrets.sh" in steps[0]
    env = resolved["services"]["airflow-migrate"]["environment"]
    for key in ("POSTGRES_PASSWORD", "AIRFLOW_ADMIN_PASSWORD", "AIRFLOW_FERNET_KEY", "AIRFLOW_JWT_SECRET",
                "AIRFLOW_API_SECRET_KEY"):
        assert env.get(key) == "change-me", key  # the example .env, passed through under its own name
