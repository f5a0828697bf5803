"""Fetch-stage figures for `make bench`: crawl throughput and page-extraction quality.

``throughput()`` runs 20 real loopback HTTP servers (127.0.0.1 .. 127.0.0.20, distinct
hosts to the client) that answer after 50 ms, and fetches pages through one HttpClient
from many threads, so the per-host concurrency limit and delay are what bound the rate.
``extraction()`` runs our extract_page and trafilatura on the 21 real pages in
../shared/eval/pages and scores both against the reference texts where they exist.
Nothing here asserts; the figures are returned as dicts for the caller to print.
"""

from __future__ import annotations

import importlib.util
import json
import re
import statistics
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT / "plugins") not in sys.path:
    sys.path.insert(0, str(ROOT / "plugins"))

from marsad.fetch import HttpClient, extract_page  # noqa: E402
from marsad.settings import FetchSettings  # noqa: E402

PAGES = ROOT.parent / "shared" / "eval" / "pages"
_WORD = re.compile(r"\w+", re.UNICODE)


def _load_server_module() -> Any:
    spec = importlib.util.spec_from_file_location("marsad_fetch_server", ROOT / "tests" / "support" / "fetch_server.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while decorating
    spec.loader.exec_module(module)
    return module


# -- reference texts and agreement -------------------------------------------------------

def expected_paragraphs(path: Path, title: str | None = None) -> list[str]:
    """Reference paragraphs of a *.expected.txt: the <TEXT> part of TREC-style files,
    else blank-line blocks; a leading line equal to the page title is not body text."""
    raw = path.read_text(encoding="utf-8")
    if "<TEXT>" in raw:
        body = raw.split("<TEXT>", 1)[1].split("</TEXT>", 1)[0]
        blocks = body.split("\n")
    else:
        blocks = re.split(r"\n\s*\n", raw)
    paragraphs = [" ".join(b.split()) for b in blocks if b.strip()]
    if title and paragraphs and _words(paragraphs[0]) == _words(title):
        paragraphs = paragraphs[1:]
    return paragraphs


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def agreement(predicted: str, expected: list[str]) -> dict[str, float]:
    """Bag-of-words precision/recall/F1 and the share of reference paragraphs found verbatim."""
    pred, gold = Counter(_words(predicted)), Counter(_words(" ".join(expected)))
    overlap = sum((pred & gold).values())
    precision = overlap / max(1, sum(pred.values()))
    recall = overlap / max(1, sum(gold.values()))
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    normalized = {" ".join(p.split()) for p in predicted.split("\n\n")}
    exact = sum(1 for p in expected if p in normalized) / max(1, len(expected))
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
            "paragraphs_exact": round(exact, 4)}


def reference_pages() -> list[tuple[Path, Path]]:
    """(page, expected text) pairs available in ../shared/eval/pages."""
    if not PAGES.is_dir():
        return []
    pairs = []
    for expected in sorted(PAGES.glob("*.expected.txt")):
        page = expected.with_name(expected.name.replace(".expected.txt", ".html"))
        if page.exists():
            pairs.append((page, expected))
    return pairs


# -- (1) throughput --------------------------------------------------------------------

def _page(i: int) -> bytes:
    para = "قال المتحدث باسم الوزارة، في بيان صدر اليوم، إن المحادثات ستستأنف الأسبوع المقبل. " * 6
    body = "".join(f"<p>{para}</p>" for _ in range(8))
    return (f"<html><head><meta charset='utf-8'><title>خبر {i}</title></head><body>"
            f"<nav>روابط</nav><article>{body}</article></body></html>").encode()


def throughput(hosts: int = 20, pages_per_host: int = 15, latency: float = 0.05,
               workers: int = 64) -> dict[str, Any]:
    """Pages per second over ``hosts`` loopback hosts with ``latency`` per response."""
    server_mod = _load_server_module()
    results: dict[str, Any] = {"hosts": hosts, "pages": hosts * pages_per_host, "latency_s": latency}
    base = FetchSettings(allow_private_hosts=True, retries=0)
    variants = {
        "default_politeness": base,  # per_host_concurrency=2, per_host_delay=0.5 s
        "concurrency_only": replace(base, per_host_delay=0.0),
    }
    with ExitStack() as stack:
        servers = [stack.enter_context(server_mod.serve(f"127.0.0.{i}", latency)) for i in range(1, hosts + 1)]
        for srv in servers:
            for n in range(pages_per_host):
                srv.routes[f"/p{n}"] = [server_mod.Reply(200, _page(n), {"Content-Type": "text/html; charset=utf-8"})]
        urls = [srv.url(f"/p{n}") for n in range(pages_per_host) for srv in servers]
        for name, settings in variants.items():
            for srv in servers:
                srv.max_in_flight = 0
            with HttpClient(settings) as client:
                started = time.perf_counter()
                with ThreadPoolExecutor(max_workers=workers) as pool:
                    statuses = list(pool.map(lambda u: client.get(u).status, urls))
                elapsed = time.perf_counter() - started
            results[name] = {
                "per_host_concurrency": settings.per_host_concurrency,
                "per_host_delay_s": settings.per_host_delay,
                "seconds": round(elapsed, 3),
                "pages_per_second": round(len(urls) / elapsed, 1),
                "ok": sum(1 for s in statuses if s == 200),
                "max_in_flight_per_host": max(srv.max_in_flight for srv in servers),
                "robots_requests_per_host": max(len(srv.hits("/robots.txt")) for srv in servers),
            }
            for srv in servers:
                srv.requests.clear()
    return results


# -- (2) extraction --------------------------------------------------------------------

def extraction() -> dict[str, Any]:
    """Our extract_page vs trafilatura on every page: time per page and agreement."""
    import trafilatura

    if not PAGES.is_dir():
        return {"error": f"{PAGES} not found"}
    pages = sorted(PAGES.glob("*.html"))
    expected = {page: exp for page, exp in reference_pages()}
    rows: dict[str, Any] = {}
    timings: dict[str, list[float]] = {"ours": [], "trafilatura": []}
    scores: dict[str, list[dict[str, float]]] = {"ours": [], "trafilatura": []}
    for page in pages:
        raw = page.read_bytes()
        started = time.perf_counter()
        ours = extract_page(raw, "https://example.org/")
        timings["ours"].append(time.perf_counter() - started)
        started = time.perf_counter()
        theirs = trafilatura.extract(raw, include_comments=False, include_tables=False) or ""
        timings["trafilatura"].append(time.perf_counter() - started)
        theirs = "\n\n".join(line.strip() for line in theirs.split("\n") if line.strip())
        row: dict[str, Any] = {"ours_chars": len(ours.text), "trafilatura_chars": len(theirs)}
        if page in expected:
            gold = expected_paragraphs(expected[page], ours.title)
            row["ours"] = agreement(ours.text, gold)
            row["trafilatura"] = agreement(theirs, gold)
            scores["ours"].append(row["ours"])
            scores["trafilatura"].append(row["trafilatura"])
        rows[page.name] = row
    summary = {
        "trafilatura_version": trafilatura.__version__,
        "pages": len(pages),
        "pages_with_reference": len(scores["ours"]),
    }
    for name in ("ours", "trafilatura"):
        summary[name] = {
            "ms_per_page_mean": round(1000 * statistics.mean(timings[name]), 1),
            "ms_per_page_median": round(1000 * statistics.median(timings[name]), 1),
            "mean_f1": round(statistics.mean(s["f1"] for s in scores[name]), 4) if scores[name] else None,
            "mean_precision": round(statistics.mean(s["precision"] for s in scores[name]), 4) if scores[name] else None,
            "mean_recall": round(statistics.mean(s["recall"] for s in scores[name]), 4) if scores[name] else None,
            "mean_paragraphs_exact": round(statistics.mean(s["paragraphs_exact"] for s in scores[name]), 4)
            if scores[name] else None,
        }
    summary["per_page"] = rows
    return summary


if __name__ == "__main__":
    print(json.dumps({"throughput": throughput(), "extraction": extraction()}, ensure_ascii=False, indent=1))
