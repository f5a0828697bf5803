"""`marsad extract`: diplomacy claims of a JSON Lines file of articles.

Reads articles in the spec's input format ({"id", "title", "text", "published",
"source_outlet", "url"}, one a line, .gz allowed) and writes one line per input article,
in input order: {"article_id": ..., "claims": [...]}. A line the reader rejects
(:mod:`marsad.inputs`) is logged with its number, counted and still gets an output line
(``line-N``, no claims), so the output aligns with the input.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from marsad.cli.output import replaced_atomically
from marsad.pipeline.offline import BAD_LINES_HELP, EXTRACTOR_VERSION, InputError, LineClaims, claims_of_file


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "extract",
        help="extract diplomacy claims (PLOVER events) from a JSON Lines file of articles",
        description="Write one JSON line per input article, in input order: "
        '{"article_id": ..., "claims": [...]} (see the claims spec). '
        f"Extractor version {EXTRACTOR_VERSION}.",
        epilog=BAD_LINES_HELP + " A rejected line still gets its output line (line-N, no claims); the output "
        "is written to a temporary file and renamed when complete.",
    )
    parser.add_argument("--input", required=True, type=Path, help="articles, JSON Lines (.gz allowed)")
    parser.add_argument("--output", required=True, type=Path, help="claims, JSON Lines")
    parser.set_defaults(run=run, func=run)
    return parser


def _progress(total: int | None) -> Any:
    """A tqdm bar on a terminal, nothing otherwise (logs and CI stay clean)."""
    if not sys.stderr.isatty():
        return None
    from tqdm import tqdm

    return tqdm(total=total, unit="article", file=sys.stderr)


def _record(item: LineClaims) -> tuple[str, list[dict[str, Any]]]:
    if item.line.article is None:
        print(f"marsad extract: line {item.line.number}: {item.line.error}; no claims", file=sys.stderr)
    return item.article_id, [c.to_spec() for c in item.claims]


def run(args: argparse.Namespace) -> int:
    if not args.output.parent.is_dir():
        print(f"marsad extract: output folder does not exist: {args.output.parent}", file=sys.stderr)
        return 2
    bar = _progress(None)
    count = n_claims = skipped = 0
    try:
        with replaced_atomically(args.output) as out:
            for item in claims_of_file(args.input):
                skipped += item.line.article is None
                article_id, claims = _record(item)
                out.write(json.dumps({"article_id": article_id, "claims": claims}, ensure_ascii=False) + "\n")
                count += 1
                n_claims += len(claims)
                if bar is not None:
                    bar.update(1)
    except InputError as exc:
        print(f"marsad extract: {exc}", file=sys.stderr)
        return 2
    finally:
        if bar is not None:
            bar.close()
    print(f"extract: {count} articles, {n_claims} claims, {skipped} lines skipped -> {args.output}", file=sys.stderr)
    return 0
