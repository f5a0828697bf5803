"""The stages on files, without a database: what ``marsad dedup``, ``extract``, ``fetch``
and ``train`` run.

Each is the pipeline's own code path: dedup decides in the pipeline's batch size against
an in-memory index, extraction is the extractor the process DAG runs, fetching is the
feed client of nightly ingest. Files are read by :mod:`marsad.inputs`, whose
:class:`InputError` (a file that cannot be read at all) reaches the caller.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from marsad.claims import EXTRACTOR_VERSION, extract_claims, warm_up
from marsad.claims.decisions import MODEL_PATH
from marsad.dedup import DEDUP_BATCH_SIZE, DedupConfig, InMemoryIndex, chunks, dedup_batches, story_groups
from marsad.fetch import FeedState, HttpClient, SourceFetch, fetch_source
from marsad.inputs import BAD_LINES_HELP, InputError, Line, read_articles, read_lines
from marsad.model import Claim, DedupDecision, DedupDoc
from marsad.settings import FetchSettings

DEFAULT_THRESHOLD = DedupConfig.threshold


def file_docs(path: Path, limit: int | None = None, rejected: list[Line] | None = None) -> Iterator[tuple[str, DedupDoc]]:
    """(file id, DedupDoc) per valid article; ids number them from 1 so file order is fetch order.

    Lines are read and checked by :mod:`marsad.inputs` (bad ones logged, skipped and
    appended to ``rejected``). A line without a URL gets ``urn:marsad:<id>``, the key the
    store gives file input.
    """
    for n, row in enumerate(islice(read_articles(path, rejected), limit), 1):
        ext_id = str(row["id"])
        yield ext_id, DedupDoc(
            id=n,
            url=row.get("url") or f"urn:marsad:{ext_id}",
            outlet=row.get("source_outlet") or "",
            text=row["text"],
        )


@dataclass(frozen=True)
class FileDedup:
    """The dedup of one file: every decision, and the story groups by file id."""

    decisions: list[DedupDecision]
    groups: list[list[str]]  # file ids, groups of two or more
    skipped_lines: int


def dedup_file(path: Path, threshold: float = DEFAULT_THRESHOLD) -> FileDedup:
    """Decide a file's articles in file order, in the pipeline's batches, in memory: the
    groups are the stories the pipeline would form from the same articles fetched in that
    order."""
    rejected: list[Line] = []
    pairs = list(file_docs(path, rejected=rejected))
    ext_ids = {doc.id: ext_id for ext_id, doc in pairs}
    config = DedupConfig(threshold=threshold)
    batches = chunks([doc for _, doc in pairs], DEDUP_BATCH_SIZE)
    decisions = [d for batch in dedup_batches(InMemoryIndex(), batches, config) for d in batch]
    groups = [[ext_ids[i] for i in group] for group in story_groups(decisions)]
    return FileDedup(decisions, groups, len(rejected))


@dataclass(frozen=True)
class LineClaims:
    """One line of an article file: its id (``line-N`` when rejected) and its claims."""

    line: Line
    article_id: str
    claims: list[Claim]


def claims_of_file(path: Path) -> Iterator[LineClaims]:
    """Claims of every non-blank line, in file order; a rejected line has no claims."""
    warm_up()
    for line in read_lines(path):
        if line.article is None:
            yield LineClaims(line, f"line-{line.number}", [])
        else:
            yield LineClaims(line, str(line.article["id"]), extract_claims(line.article))


def fetch_feed(feed_url: str, etag: str | None, last_modified: str | None,
               known: Callable[[Sequence[str]], Collection[str]],
               max_articles: int | None = None, settings: FetchSettings | None = None) -> SourceFetch:
    """One feed (conditional GET with these validators) and its entries' pages not known yet."""
    with HttpClient(settings) as client:
        return fetch_source(client, feed_url, FeedState(etag, last_modified), known=known,
                            max_articles=max_articles)


@dataclass(frozen=True)
class TrainedModel:
    articles: int
    event_features: int
    role_features: int


def train_model(articles: Path, gold: Path, output: Path) -> TrainedModel:
    """Fit the claims model on annotated articles and write it to ``output``. ImportError
    when scikit-learn (a training-only dependency) is missing."""
    from marsad.claims.training import examples, fit_decisions, read_annotated, write_decisions

    pairs = read_annotated(articles, gold)
    decisions = fit_decisions(examples(pairs))
    write_decisions(decisions, output)
    return TrainedModel(len(pairs), len(decisions.event.weights), len(decisions.role.weights))


__all__ = [
    "BAD_LINES_HELP",
    "DEFAULT_THRESHOLD",
    "EXTRACTOR_VERSION",
    "MODEL_PATH",
    "FileDedup",
    "InputError",
    "Line",
    "LineClaims",
    "TrainedModel",
    "claims_of_file",
    "dedup_file",
    "fetch_feed",
    "file_docs",
    "train_model",
]
