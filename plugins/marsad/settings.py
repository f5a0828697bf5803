"""Runtime settings read from the environment, in one place.

Credentials never live in code: the database URL comes from ``DATABASE_URL`` (or an
Airflow Connection, resolved by the DAG layer and passed in as a URL).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
# Where a wheel ships sql/ and seeds/ (setup.py copies them in); absent in a checkout.
INSTALLED_DATA = Path(__file__).resolve().parent / "_data"


def _data_dir(name: str, variable: str) -> Path:
    """``$variable`` when set, else the copy installed with the package, else the checkout's folder."""
    if os.environ.get(variable):
        return Path(os.environ[variable])
    installed = INSTALLED_DATA / name
    return installed if installed.is_dir() else REPO_ROOT / name


def seeds_dir() -> Path:
    """Folder of reference data (gazetteers, sources, sample feeds): MARSAD_SEEDS_DIR, installed, checkout."""
    return _data_dir("seeds", "MARSAD_SEEDS_DIR")


def sql_dir() -> Path:
    """Folder of numbered migrations, checks and reports: MARSAD_SQL_DIR, installed, checkout."""
    return _data_dir("sql", "MARSAD_SQL_DIR")


def allow_private_hosts() -> bool:
    """Tests and local trials fetch from 127.0.0.1; production refuses private hosts."""
    return os.environ.get("MARSAD_ALLOW_PRIVATE_HOSTS", "") == "1"


@dataclass(frozen=True)
class FetchSettings:
    """Politeness and safety limits of the HTTP client."""

    user_agent: str = field(
        default_factory=lambda: os.environ.get(
            "MARSAD_USER_AGENT",
            "marsad/0.1 (Arabic news observatory; +"
            + os.environ.get("MARSAD_CONTACT_URL", "https://example.org/marsad")
            + ")",
        )
    )
    connect_timeout: float = 5.0
    read_timeout: float = 15.0
    max_body_bytes: int = 5 * 1024 * 1024
    max_redirects: int = 5
    retries: int = 3
    backoff_base: float = 0.5
    backoff_max: float = 30.0
    per_host_delay: float = 0.5
    per_host_concurrency: int = 2
    allow_private_hosts: bool = field(default_factory=allow_private_hosts)
    # Wall-clock cap on one response (a server dripping bytes never trips read_timeout).
    total_timeout: float = 60.0
    # Wall-clock cap on one URL: its redirects, retries and Retry-After waits together.
    url_budget: float = 90.0
    # New pages fetched per feed and night; the rest wait, in feed order, for the next night.
    max_items_per_feed: int = field(default_factory=lambda: int(os.environ.get("MARSAD_MAX_ITEMS_PER_FEED", "300")))
