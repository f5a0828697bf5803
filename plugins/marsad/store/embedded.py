"""The embedded PostgreSQL of a checkout: one server per repository, in ``.pgdata/``.

Started by discovery (``marsad.store.db.server_url``) on a machine with no PostgreSQL,
left running so the next command reuses it in a fraction of a second, and stopped by
``marsad db stop`` (``make stop``). It listens on a Unix socket only (no TCP port, so it
never clashes with another checkout or a system server); its URL names the socket
directory: ``postgresql://postgres@/marsad?host=<dir>&port=5432``.

Only dev entry points start it; code running in a deployed worker never imports this.
"""

from __future__ import annotations

import logging
import os
import warnings
from dataclasses import dataclass
from pathlib import Path

from marsad.settings import REPO_ROOT

PGDATA = REPO_ROOT / ".pgdata"
STOP_HINT = "`make stop` or `marsad db stop`"


@dataclass(frozen=True)
class Status:
    """What ``.pgdata`` holds: a running server (pid, socket directory, port) or not."""

    pgdata: Path
    pid: int | None
    socket_dir: Path | None
    port: int | None

    @property
    def running(self) -> bool:
        return self.pid is not None

    def url(self, dbname: str) -> str:
        assert self.socket_dir is not None and self.port is not None
        return f"postgresql://postgres@/{dbname}?host={self.socket_dir}&port={self.port}"


def _quiet_import():
    """``pgserver`` logs every pg_ctl call at INFO and platformdirs warns about XDG_RUNTIME_DIR."""
    logging.getLogger("pgserver").setLevel(logging.WARNING)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pgserver  # lazily: only machines without a server need it
        from pgserver.utils import PostmasterInfo
    return pgserver, PostmasterInfo


def status(pgdata: Path = PGDATA) -> Status:
    """The server of ``pgdata`` as its ``postmaster.pid`` describes it (no server is started)."""
    if not (pgdata / "postmaster.pid").exists():
        return Status(pgdata, None, None, None)
    _, postmaster_info = _quiet_import()
    info = postmaster_info.read_from_pgdata(pgdata)
    if info is None or not info.is_running() or info.status != "ready":
        return Status(pgdata, None, None, None)
    return Status(pgdata, info.pid, info.socket_dir, info.port or 5432)


def start(pgdata: Path = PGDATA) -> tuple[Status, bool]:
    """The running server of ``pgdata`` (initialized and started when needed); True when started now."""
    current = status(pgdata)
    if current.running:
        return current, False
    pgserver, _ = _quiet_import()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pgserver.get_server(str(pgdata), cleanup_mode=None)
    return status(pgdata), True


def stop(pgdata: Path = PGDATA) -> bool:
    """Stop the server of ``pgdata``; False when none was running."""
    if not status(pgdata).running:
        return False
    pgserver, _ = _quiet_import()
    # As root, pgserver runs the server as the system user "pgserver"; pg_ctl must be that user too.
    user = "pgserver" if os.name == "posix" and os.geteuid() == 0 else None
    pgserver.pg_ctl(["-w", "-m", "fast", "stop"], pgdata=pgdata, user=user, timeout=60)
    return True
