"""`make eval`: quality figures on ../shared/eval.

1. claims: grouped 5-fold cross-validation over train + dev (bench/claims_eval.py), the
   dev set scored by a model trained on train alone, the seed article by the committed
   model (`marsad extract`, score.py), and extraction speed on the bench set;
2. dedup: `marsad dedup` on the dev articles, scored by score_dedup.py;
3. stories: the dev articles through the pipeline's process path into a scratch database,
   then how many of the story groups share an event row.

`--gate` runs the cross-validation only and fails (exit 1) when its F1 falls below the
floor pinned in bench/claims_floor.json. Skips with a message where ../shared is absent.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval"
BENCH = ROOT.parent / "shared" / "bench" / "arabic_news_62k.jsonl.gz"
BIN = Path(sys.executable).parent
FLOOR = ROOT / "bench" / "claims_floor.json"
SPEED_ARTICLES = 20_000


def run(*args: str) -> str:
    result = subprocess.run(args, capture_output=True, text=True, check=True)
    return result.stdout


def _annotated() -> tuple[list, list]:
    from claims_eval import read_annotated

    train = read_annotated(EVAL / "train/articles.jsonl", EVAL / "train/gold.jsonl")
    dev = read_annotated(EVAL / "dev/articles.jsonl", EVAL / "dev/gold.jsonl")
    return train, dev


def cross_validated_f1() -> float:
    from claims_eval import cross_validate, load_scorer, print_scores

    train, dev = _annotated()
    t0 = time.monotonic()
    scores = cross_validate(train + dev, load_scorer(EVAL))
    print_scores(f"claims: grouped 5-fold cross-validation, train + dev ({len(train) + len(dev)} articles, "
                 f"{time.monotonic() - t0:.0f}s)", scores, errors=10)
    return scores.prf()[2]


def claims(tmp: Path) -> None:
    from claims_eval import load_scorer, print_scores, score_with, speed

    cross_validated_f1()
    train, dev = _annotated()
    print_scores("claims: dev, model trained on train alone", score_with(dev, train, load_scorer(EVAL)))
    pred = tmp / "seed.pred.jsonl"
    run(str(BIN / "marsad"), "extract", "--input", str(EVAL / "dev/seed_articles.jsonl"), "--output", str(pred))
    print("== claims: seed article, committed model ==")
    print(run(sys.executable, str(EVAL / "score.py"), str(EVAL / "dev/seed_gold.jsonl"), str(pred)))
    if BENCH.is_file():
        n, seconds, found = speed(BENCH, SPEED_ARTICLES)
        print(f"== claims: speed ==\nextract_claims: {n} bench articles in {seconds:.1f} CPU s, "
              f"{n / seconds:.0f} articles/s on one core, {found} claims")


def gate() -> int:
    floor = json.loads(FLOOR.read_text())["cv_f1"]
    f1 = cross_validated_f1()
    if f1 + 1e-9 < floor:
        print(f"eval gate: cross-validated claims F1 {f1:.3f} is below the floor {floor:.3f} ({FLOOR.name})")
        return 1
    print(f"eval gate: cross-validated claims F1 {f1:.3f} >= floor {floor:.3f}")
    return 0


def dedup(tmp: Path) -> None:
    groups = tmp / "groups.json"
    articles = EVAL / "dev/articles.jsonl"
    run(str(BIN / "marsad"), "dedup", "--input", str(articles), "--output", str(groups))
    print("== dedup: dev groups ==")
    print(run(sys.executable, str(EVAL / "score_dedup.py"), str(EVAL / "dev/dup_groups.json"), str(groups),
              "--ids", str(articles)))


def stories() -> None:
    sys.path.insert(0, str(ROOT / "plugins"))
    from marsad.pipeline.files import load_records, read_jsonl
    from marsad.pipeline.run import process_pending
    from marsad.pipeline.setup import prepare_database
    from marsad.store import db
    from marsad.store.stories_eval import story_groups_sharing_events

    url = db.with_database(db.server_url(), f"marsad_eval_{uuid.uuid4().hex[:8]}")
    prepare_database(url)
    try:
        with db.connection(url) as conn:
            load_records(conn, read_jsonl(EVAL / "dev/articles.jsonl"))
        process_pending(url)
        groups = json.loads((EVAL / "dev/story_groups.json").read_text())
        with db.connection(url) as conn:
            shared = story_groups_sharing_events(conn, groups)
        print("== stories: groups whose articles share an event row ==")
        for group, events in zip(groups, shared):
            print(f"  {len(group)} articles: {'merged' if events else 'not merged'} {events}")
        print(f"  {sum(1 for e in shared if e)}/{len(groups)} groups merged")
    finally:
        admin = db.connect(db.with_database(url, "postgres"))
        admin.autocommit = True
        with admin.cursor() as cur:
            cur.execute(f'DROP DATABASE IF EXISTS "{db.database_name(url)}" WITH (FORCE)')
        admin.close()


def main() -> int:
    if not EVAL.is_dir():
        print(f"skipped: {EVAL} is absent")
        return 0
    sys.path.insert(0, str(ROOT / "plugins"))
    sys.path.insert(0, str(ROOT / "bench"))
    if "--gate" in sys.argv[1:]:
        return gate()
    with tempfile.TemporaryDirectory() as tmp:
        claims(Path(tmp))
        dedup(Path(tmp))
    stories()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
