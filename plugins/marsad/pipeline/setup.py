"""Database set-up: create the database, apply migrations, load the reference seeds."""

from __future__ import annotations

import logging

from marsad.pipeline.transaction import transaction
from marsad.settings import seeds_dir
from marsad.store import db
from marsad.store.actors import read_actors_csv, upsert_actors
from marsad.store.event_types import read_event_types_csv, upsert_event_types
from marsad.store.migrate import apply_migrations
from marsad.store.sources import read_sources_csv, upsert_sources

log = logging.getLogger(__name__)


def prepare_database(url: str) -> dict[str, object]:
    """Idempotent: a second call applies nothing and changes no row."""
    db.ensure_database(url)
    with db.connection(url) as conn:
        applied = apply_migrations(conn)
        with transaction(conn):
            sources = upsert_sources(conn, read_sources_csv(seeds_dir() / "sources.csv"))
            actors = upsert_actors(conn, read_actors_csv(seeds_dir() / "actors.csv"))
            event_types = upsert_event_types(conn, read_event_types_csv(seeds_dir() / "event_types.csv"))
    summary = {"migrations_applied": applied, "sources_changed": sources, "actors_changed": actors,
               "event_types_changed": event_types}
    log.info("database %s ready: %s", db.redact(url), summary)
    return summary
