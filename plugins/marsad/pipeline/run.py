"""The whole pipeline once, without Airflow: what ``marsad run`` does.

A plain sequential loop over the functions the DAG tasks call (:mod:`marsad.pipeline.tasks`),
in the DAGs' order: list the sources, ingest each, dedup, plan the claims chunks, extract
each chunk, merge events, finish the inbox rows, refresh the reports. It has no scheduler
of its own: where the DAG fans out (one mapped task per source or chunk), this runs one
after the other; dedup's per-text worker pool is the dedup step's, the same in both.
"""

from __future__ import annotations

import logging
import uuid

from marsad.model import ExtractResult, IngestResult, ProcessResult, RunResult, SubmittedRunResult
from marsad.pipeline import tasks
from marsad.pipeline.settings import PipelineSettings

log = logging.getLogger(__name__)

DAG_ID = "marsad_cli"  # what pipeline_runs says ran the steps


def _run_id(run_id: str | None) -> str:
    return run_id or f"cli-{uuid.uuid4().hex[:8]}"


def process_pending(url: str, run_id: str | None = None, settings: PipelineSettings | None = None) -> ProcessResult:
    """Dedup, claims over chunks, events, then the inbox rows done: the process DAG's tasks."""
    settings = settings or PipelineSettings.from_env()
    run_id = _run_id(run_id)
    deduped = tasks.dedup(url, run_id=run_id, dag_id=DAG_ID, settings=settings)
    extracted = ExtractResult()
    for chunk in tasks.plan(url, settings):
        extracted += tasks.extract(url, chunk, run_id=run_id, dag_id=DAG_ID, settings=settings)
    merged = tasks.events(url, run_id=run_id, dag_id=DAG_ID, settings=settings)
    return ProcessResult(deduped, extracted, merged, tasks.finish_inbox(url))


def run_once(url: str, run_id: str | None = None, settings: PipelineSettings | None = None) -> RunResult:
    """Ingest every active source, process what is new, refresh the reports."""
    settings = settings or PipelineSettings.from_env()
    run_id = _run_id(run_id)
    ingested = []
    for key in tasks.active_sources(url):
        try:
            ingested.append(tasks.ingest(url, key, run_id=run_id, dag_id=DAG_ID))
        except Exception as exc:
            log.exception("source %s failed; the other sources go on", key)
            ingested.append(IngestResult(key, "error", error=f"{type(exc).__name__}: {exc}"))
    processed = process_pending(url, run_id, settings)
    return RunResult(run_id, tuple(ingested), processed, tasks.refresh_reports(url))


def run_submitted(url: str, run_id: str | None = None, settings: PipelineSettings | None = None) -> SubmittedRunResult:
    """The breaking path without Airflow: fetch what waits in the inbox, then process."""
    settings = settings or PipelineSettings.from_env()
    fetched = tasks.fetch_submitted(url, settings)
    return SubmittedRunResult(fetched, process_pending(url, run_id, settings))
