"""The news database as callers outside the library name it: a URL built from a connection's
fields (the Airflow glue builds it from the Connection ``marsad_db``). No discovery here:
code that runs under Airflow is told where the database is, it never looks for one."""

from __future__ import annotations

from marsad.store.db import url_from_fields

__all__ = ["url_from_fields"]
