"""`marsad dedup`: near-duplicate groups of a JSON Lines file of articles.

It runs the pipeline's own decision code (:func:`marsad.dedup.dedup_batches`) over an
in-memory index, in file order and in the pipeline's batch size, so the groups it prints
are the stories the pipeline would form from the same articles fetched in that order.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from marsad.dedup import DedupConfig, InMemoryIndex, dedup_batches, story_groups
from marsad.dedup.files import read_articles
from marsad.dedup.batching import BATCH_SIZE, chunks
from marsad.inputs import BAD_LINES_HELP, InputError, Line, replaced_atomically


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "dedup",
        help="group near-duplicate articles of a JSON Lines file",
        description="Write a JSON list of groups (lists of article ids, size >= 2) of articles "
        "that are URL, exact-text or near duplicates of each other.",
        epilog=BAD_LINES_HELP + " The output is written to a temporary file and renamed when complete.",
    )
    parser.add_argument("--input", required=True, type=Path, help="articles, JSON Lines (.gz allowed)")
    parser.add_argument("--output", required=True, type=Path, help="groups, JSON")
    parser.add_argument("--threshold", type=float, default=DedupConfig.threshold,
                        help="estimated Jaccard similarity for near duplicates (default %(default)s)")
    parser.set_defaults(run=run)
    return parser


def run(args: argparse.Namespace) -> int:
    if not args.input.exists():
        print(f"marsad dedup: no such file: {args.input}", file=sys.stderr)
        return 2
    if not args.output.parent.is_dir():
        print(f"marsad dedup: output folder does not exist: {args.output.parent}", file=sys.stderr)
        return 2
    rejected: list[Line] = []
    try:
        pairs = list(read_articles(args.input, rejected=rejected))
    except InputError as exc:
        print(f"marsad dedup: {exc}", file=sys.stderr)
        return 2
    ext_ids = {doc.id: ext_id for ext_id, doc in pairs}
    config = DedupConfig(threshold=args.threshold)
    decisions = [d for batch in dedup_batches(InMemoryIndex(), chunks([doc for _, doc in pairs], BATCH_SIZE), config)
                 for d in batch]
    groups = [[ext_ids[i] for i in group] for group in story_groups(decisions)]
    with replaced_atomically(args.output) as out:
        out.write(json.dumps(groups, ensure_ascii=False, indent=1) + "\n")
    dups = sum(1 for d in decisions if d.kind != "original")
    print(f"dedup: {len(decisions)} articles, {dups} duplicates, {len(groups)} groups, "
          f"{len(rejected)} lines skipped -> {args.output}")
    return 0
