"""`marsad extract`: diplomacy claims of a JSON Lines file of articles.

Reads articles in the spec's input format ({"id", "title", "text", "published",
"source_outlet", "url"}, one a line, .gz allowed) and writes one line per input article,
in input order: {"article_id": ..., "claims": [...]}. A line that is not a JSON object
still gets an output line (with no claims), so the output aligns with the input.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from pathlib import Path
from typing import IO, Any

from marsad.claims import EXTRACTOR_VERSION, extract_claims, warm_up


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "extract",
        help="extract diplomacy claims (PLOVER events) from a JSON Lines file of articles",
        description="Write one JSON line per input article, in input order: "
        '{"article_id": ..., "claims": [...]} (see the claims spec). '
        f"Extractor version {EXTRACTOR_VERSION}.",
    )
    parser.add_argument("--input", required=True, type=Path, help="articles, JSON Lines (.gz allowed)")
    parser.add_argument("--output", required=True, type=Path, help="claims, JSON Lines")
    parser.set_defaults(run=run, func=run)
    return parser


def _open(path: Path) -> IO[str]:
    if path.suffix == ".gz":
        return gzip.open(path, "rt", encoding="utf-8")
    return path.open(encoding="utf-8")


def _progress(total: int | None) -> Any:
    """A tqdm bar on a terminal, nothing otherwise (logs and CI stay clean)."""
    if not sys.stderr.isatty():
        return None
    from tqdm import tqdm

    return tqdm(total=total, unit="article", file=sys.stderr)


def _record(line: str, n: int) -> tuple[str, list[dict[str, Any]]]:
    try:
        article = json.loads(line)
    except json.JSONDecodeError:
        print(f"marsad extract: line {n}: not JSON, no claims", file=sys.stderr)
        return f"line-{n}", []
    if not isinstance(article, dict):
        return f"line-{n}", []
    return str(article.get("id", f"line-{n}")), [c.to_spec() for c in extract_claims(article)]


def run(args: argparse.Namespace) -> int:
    try:
        source = _open(args.input)
        source.read(1)
        source.seek(0)
    except (OSError, UnicodeDecodeError, EOFError) as exc:
        print(f"marsad extract: cannot read {args.input}: {exc}", file=sys.stderr)
        return 2
    warm_up()
    bar = _progress(None)
    count = n_claims = 0
    try:
        with source, args.output.open("w", encoding="utf-8") as out:
            for n, line in enumerate(source, 1):
                if not line.strip():
                    continue
                article_id, claims = _record(line, n)
                out.write(json.dumps({"article_id": article_id, "claims": claims}, ensure_ascii=False) + "\n")
                count += 1
                n_claims += len(claims)
                if bar is not None:
                    bar.update(1)
    except (OSError, UnicodeDecodeError, EOFError) as exc:
        print(f"marsad extract: cannot read {args.input}: {exc}", file=sys.stderr)
        return 2
    finally:
        if bar is not None:
            bar.close()
    print(f"extract: {count} articles, {n_claims} claims -> {args.output}", file=sys.stderr)
    return 0
