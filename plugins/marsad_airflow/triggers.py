"""An event trigger that fires when article URLs are submitted to the inbox table.

Used by an ``AssetWatcher`` on the ``marsad://inbox`` asset: the triggerer runs
:meth:`InboxTrigger.run` forever; each time new rows appear (``marsad submit``) it yields
one event, Airflow records an asset event, and the ``marsad_breaking`` DAG scheduled on
that asset starts. The trigger only reads: the DAG claims the rows, so an event that is
lost or doubled costs nothing (a run with nothing waiting does nothing; rows left
waiting are taken by the next run, and fire again after a triggerer restart).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

from airflow.triggers.base import BaseEventTrigger, TriggerEvent

from marsad_airflow.connection import CONN_ID, async_database_url


def _poll(url: str, after_id: int) -> list[dict[str, object]]:
    """Rows still waiting above the watermark; a fresh short connection per poll survives DB restarts."""
    from marsad.pipeline.breaking import waiting_since

    return [{"id": item.id, "url": item.url} for item in waiting_since(url, after_id)]


class InboxTrigger(BaseEventTrigger):
    """Fires once per batch of newly submitted URLs; polls every ``poll_interval`` seconds."""

    def __init__(self, conn_id: str = CONN_ID, poll_interval: float = 5.0) -> None:
        super().__init__()
        self.conn_id = conn_id
        self.poll_interval = poll_interval

    def serialize(self) -> tuple[str, dict[str, Any]]:
        # The watermark is deliberately not serialized: the kwargs are the trigger's identity.
        return (f"{type(self).__module__}.{type(self).__qualname__}",
                {"conn_id": self.conn_id, "poll_interval": self.poll_interval})

    async def run(self) -> AsyncIterator[TriggerEvent]:
        url = await async_database_url(self.conn_id)
        watermark = 0
        while True:
            try:
                waiting = await asyncio.to_thread(_poll, url, watermark)
            except Exception as exc:
                self.log.warning("inbox poll failed (retrying in %ss): %s", self.poll_interval, exc)
                waiting = []
            if waiting:
                watermark = int(waiting[-1]["id"])  # type: ignore[call-overload]
                self.log.info("inbox: %d new URL(s), up to id %d", len(waiting), watermark)
                yield TriggerEvent({"inbox_ids": [r["id"] for r in waiting], "urls": [r["url"] for r in waiting]})
            await asyncio.sleep(self.poll_interval)
