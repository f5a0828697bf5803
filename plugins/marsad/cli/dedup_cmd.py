"""`marsad dedup`: near-duplicate groups of a JSON Lines file of articles.

It runs the pipeline's own decision code over an in-memory index
(:func:`marsad.pipeline.offline.dedup_file`), in file order and in the pipeline's batch
size, so the groups it prints are the stories the pipeline would form from the same
articles fetched in that order.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from marsad.cli.output import replaced_atomically
from marsad.pipeline.offline import BAD_LINES_HELP, DEFAULT_THRESHOLD, InputError, dedup_file


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
    parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD,
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
    try:
        result = dedup_file(args.input, args.threshold)
    except InputError as exc:
        print(f"marsad dedup: {exc}", file=sys.stderr)
        return 2
    with replaced_atomically(args.output) as out:
        out.write(json.dumps(result.groups, ensure_ascii=False, indent=1) + "\n")
    dups = sum(1 for d in result.decisions if d.kind != "original")
    print(f"dedup: {len(result.decisions)} articles, {dups} duplicates, {len(result.groups)} groups, "
          f"{result.skipped_lines} lines skipped -> {args.output}")
    return 0
