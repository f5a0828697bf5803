"""`marsad train`: rebuild the claims model from annotated articles.

Reads ``articles.jsonl`` and ``gold.jsonl`` of a training folder (by default
``../shared/eval/train`` beside the checkout), fits its four decisions (event, roles,
claim screen, place) and writes the model file the extractor loads. The same data gives the same bytes.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from pathlib import Path

from marsad.pipeline.offline import MODEL_PATH, train_model
from marsad.settings import REPO_ROOT

DEFAULT_TRAIN = REPO_ROOT.parent / "shared" / "eval" / "train"


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "train",
        help="rebuild the claims model from annotated articles",
        description="Fit the claims extractor's four decisions (event, roles, claim screen, place) "
        "on a folder holding "
        "articles.jsonl and gold.jsonl (the annotation format of the claims spec) and write "
        "the model file. Deterministic: the same folder gives the same bytes.",
    )
    parser.add_argument("--train", type=Path, default=DEFAULT_TRAIN, help=f"training folder (default {DEFAULT_TRAIN})")
    parser.add_argument("--output", type=Path, default=MODEL_PATH, help=f"model file to write (default {MODEL_PATH})")
    parser.set_defaults(run=run, func=run)
    return parser


def run(args: argparse.Namespace) -> int:
    articles, gold = args.train / "articles.jsonl", args.train / "gold.jsonl"
    for path in (articles, gold):
        if not path.is_file():
            print(f"marsad train: no such file: {path}", file=sys.stderr)
            return 2
    t0 = time.monotonic()
    try:
        model = train_model(articles, gold, args.output)
    except ImportError as exc:  # scikit-learn is a training-only dependency
        print(f"marsad train: {exc}; install requirements.txt", file=sys.stderr)
        return 2
    digest = hashlib.sha256(args.output.read_bytes()).hexdigest()[:12]
    print(f"train: {model.articles} articles, {model.event_features} event and {model.role_features} role "
          f"features in {time.monotonic() - t0:.1f}s -> {args.output} (sha256 {digest})", file=sys.stderr)
    return 0
