"""What happens when a marsad task fails: one clear log line, and a webhook when configured."""

from __future__ import annotations

import logging
import os
from typing import Any

log = logging.getLogger("marsad.dags")


def on_failure(context: dict[str, Any]) -> None:
    """One clear line per failed task (and a webhook when MARSAD_ALERT_WEBHOOK is set)."""
    ti = context.get("ti") or context.get("task_instance")
    line = (
        f"marsad task failed: dag={getattr(ti, 'dag_id', '?')} task={getattr(ti, 'task_id', '?')}"
        f" map_index={getattr(ti, 'map_index', '?')} run={context.get('run_id')}"
        f" error={context.get('exception')!r}"
    )
    log.error(line)
    url = os.environ.get("MARSAD_ALERT_WEBHOOK")
    if url:
        import requests

        try:
            requests.post(url, json={"text": line}, timeout=5)
        except requests.RequestException as exc:
            log.error("alert webhook failed: %s", exc)
