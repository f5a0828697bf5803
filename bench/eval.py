"""`make eval`: quality figures on the dev set in ../shared/eval.

1. claims: `marsad extract` on the dev articles and the seed article, scored by score.py;
2. dedup: `marsad dedup` on the dev articles, scored by score_dedup.py;
3. stories: the dev articles through the pipeline's process path into a scratch database,
   then how many of the story groups share an event row.
Skips with a message where ../shared is absent.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval"
BIN = Path(sys.executable).parent


def run(*args: str) -> str:
    result = subprocess.run(args, capture_output=True, text=True, check=True)
    return result.stdout


def claims(tmp: Path) -> None:
    for name, articles, gold in (
        ("dev", EVAL / "dev/articles.jsonl", EVAL / "dev/gold.jsonl"),
        ("seed", EVAL / "dev/seed_articles.jsonl", EVAL / "dev/seed_gold.jsonl"),
    ):
        pred = tmp / f"{name}.pred.jsonl"
        run(str(BIN / "marsad"), "extract", "--input", str(articles), "--output", str(pred))
        print(f"== claims: {name} ==")
        print(run(sys.executable, str(EVAL / "score.py"), str(gold), str(pred)))


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
    with tempfile.TemporaryDirectory() as tmp:
        claims(Path(tmp))
        dedup(Path(tmp))
    stories()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
