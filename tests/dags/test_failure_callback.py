"""The DAGs' on_failure_callback: one clear log line, and the webhook when configured."""

from __future__ import annotations

import json
import logging
import sys
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from types import SimpleNamespace

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "dags"))


def _context() -> dict:
    ti = SimpleNamespace(dag_id="marsad_ingest", task_id="ingest", map_index=1)
    return {"ti": ti, "run_id": "scheduled__2024-03-16", "exception": RuntimeError("feed of source x failed")}


class _Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


def test_failure_writes_one_clear_line(monkeypatch: pytest.MonkeyPatch) -> None:
    from marsad_airflow.callbacks import log, on_failure

    monkeypatch.delenv("MARSAD_ALERT_WEBHOOK", raising=False)
    handler = _Lines()
    log.addHandler(handler)  # Airflow's logging set-up may not propagate to pytest's capture
    try:
        on_failure(_context())
    finally:
        log.removeHandler(handler)
    (line,) = handler.lines
    assert "dag=marsad_ingest task=ingest map_index=1 run=scheduled__2024-03-16" in line
    assert "feed of source x failed" in line


def test_failure_calls_the_webhook(monkeypatch: pytest.MonkeyPatch) -> None:
    from marsad_airflow.callbacks import on_failure

    received: list[dict] = []

    class Hook(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Hook)
    threading.Thread(target=server.handle_request, daemon=True).start()
    monkeypatch.setenv("MARSAD_ALERT_WEBHOOK", f"http://127.0.0.1:{server.server_address[1]}/alert")
    try:
        on_failure(_context())
    finally:
        server.server_close()
    assert len(received) == 1 and "task=ingest" in received[0]["text"]
