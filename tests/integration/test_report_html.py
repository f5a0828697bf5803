"""`marsad report`: the HTML page rendered from a database with data, opened and read back.

The page is parsed (sections, charts, the RTL Arabic evidence, nothing fetched from the
network) and, where chromium is installed, opened in a headless browser that checks the
evidence is laid out right to left and saves test-artifacts/report.png.
"""

from __future__ import annotations

import argparse
import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import lxml.html
import pytest

from marsad.cli import report_cmd
from marsad.model import ClaimRow, ReportData, WeeklyCount
from marsad.report import render_report
from marsad.store.report_queries import load_report
from support.report_data import DEMAND, TALKS_1, THREAT, load_sample

ROOT = Path(__file__).resolve().parents[2]
SECTIONS = ("events-per-week", "actor-pairs", "mediators", "claims", "sources")


def run_cli(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="marsad")
    report_cmd.add_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["report", *argv])
    return args.run(args)


@pytest.fixture
def report_file(conn, db_url: str, tmp_path: Path) -> Path:
    load_sample(conn)
    out = tmp_path / "out" / "report.html"
    since = (date.today() - timedelta(days=30)).isoformat()
    assert run_cli("--since", since, "--out", str(out), "--database-url", db_url) == 0
    return out


def test_page_has_every_section_with_its_content(report_file: Path) -> None:
    page = lxml.html.parse(str(report_file)).getroot()
    for section in SECTIONS:
        assert page.get_element_by_id(section) is not None, section
    # Charts are inline SVG: one for the weeks, one for the pair heat map.
    assert len(page.get_element_by_id("events-per-week").findall(".//{*}svg")) == 1
    assert len(page.get_element_by_id("actor-pairs").findall(".//{*}svg")) == 1
    weekly_svg = lxml.html.tostring(page.get_element_by_id("events-per-week"), encoding="unicode")
    for etype in ("CONSULT", "REQUEST", "THREATEN"):
        assert etype in weekly_svg  # legend text, kept as text in the SVG
    heat = lxml.html.tostring(page.get_element_by_id("actor-pairs"), encoding="unicode")
    for code in ("IRN", "USA", "EGY", "ISR", "HAMAS"):
        assert code in heat
    mediators = [tr.text_content() for tr in page.get_element_by_id("mediators").iter("tr")][1:]
    assert mediators[0].startswith("OMN (Oman)") and "IRN, USA" in mediators[0] and "مسقط" in mediators[0]
    assert mediators[1].startswith("QAT (Qatar)")
    mediator_cells = [td.text_content() for td in next(page.get_element_by_id("mediators").iter("tbody")).iter("td")]
    assert mediator_cells[2:5] == ["1", "2", "2"]  # OMN: events, articles, independent sources
    totals = page.get_element_by_id("totals").text_content().replace(" ", "")
    # Five events in 30 days; only the Muscat talks have two independent sources (the
    # agency story is carried by two outlets but is one source).
    assert "5events" in totals and "1corroborated" in totals and "7claims" in totals


def test_claims_show_arabic_evidence_right_to_left(report_file: Path) -> None:
    page = lxml.html.parse(str(report_file)).getroot()
    cells = page.get_element_by_id("claims").find_class("evidence")
    td_cells = [c for c in cells if c.tag == "td"]
    assert [c.text_content() for c in td_cells][:1] == [THREAT]  # newest first
    assert {TALKS_1, DEMAND} <= {c.text_content() for c in td_cells}
    assert all(c.get("dir") == "rtl" and c.get("lang") == "ar" for c in td_cells)
    links = [a.get("href") for a in page.get_element_by_id("claims").iter("a")]
    # The canonical URL, not the fetched one with its tracking parameters.
    assert "https://example.test/talks1" in links and not any("?" in link for link in links)


def test_page_is_self_contained(report_file: Path) -> None:
    html = report_file.read_text(encoding="utf-8")
    page = lxml.html.fromstring(html)
    assert page.xpath("//script | //link | //iframe | //img[not(starts-with(@src, 'data:'))]") == []
    assert "<?xml" not in html and "<!DOCTYPE svg" not in html
    assert page.xpath("//meta/@charset") == ["utf-8"]


def test_rendering_escapes_hostile_rows_and_shows_empty_sections() -> None:
    claim = ClaimRow(
        day=date(2024, 3, 1), event_type="ACCUSE", modality="asserted", parties=["IRN", "ISR"],
        source_actor="IRN", target_actor="ISR", mediator=None, location_name=None, location_country=None,
        attribution="<b>x</b>", evidence_text='اتهمت إيران إسرائيل <script>alert(1)</script>',
        article_title="<img src=x onerror=alert(1)>", canonical_url="javascript:alert(1)", outlet=None,
    )
    data = ReportData(since=date(2024, 1, 1), generated_at=datetime(2024, 3, 2, tzinfo=UTC), claims=[claim])
    page = lxml.html.fromstring(render_report(data))
    assert page.xpath("//script | //img") == []
    assert [a.get("href") for a in page.iter("a")] == []  # javascript: never becomes a link
    assert page.find_class("evidence")[0].text_content() == 'اتهمت إيران إسرائيل <script>alert(1)</script>'
    assert "No events since 2024-01-01." in page.get_element_by_id("events-per-week").text_content()
    assert "No mediation since" in page.get_element_by_id("mediators").text_content()


def test_since_filters_the_page(conn, db_url: str, tmp_path: Path) -> None:
    load_sample(conn)
    future = date.today() + timedelta(days=1)
    data = load_report(conn, future)
    assert data.totals == {"events": 0, "corroborated": 0, "claims": 0, "articles": 0, "sources": 0}
    assert data.weekly == [] and data.pairs == [] and data.claims == []
    assert len(data.sources) == 2  # source health is not tied to a period


def _bar_left(svg: lxml.html.HtmlElement, gid: str) -> float:
    """Left edge of one bar segment of the weekly chart, in SVG user units."""
    (group,) = svg.xpath(f"//*[@id='{gid}']")
    path = next(group.iter("{*}path", "path")).get("d")
    return min(float(x) for x in re.findall(r"[ML] ([\d.]+) ", path + " "))


def test_weekly_chart_has_a_time_axis() -> None:
    """Weeks two months apart are two months apart on the chart, not side by side."""
    weekly = [WeeklyCount(date(2024, 1, 8), "CONSULT", 2), WeeklyCount(date(2024, 1, 15), "CONSULT", 1),
              WeeklyCount(date(2024, 3, 11), "CONSULT", 3)]
    data = ReportData(since=date(2024, 1, 1), generated_at=datetime(2024, 3, 20, tzinfo=UTC), weekly=weekly)
    page = lxml.html.fromstring(render_report(data))
    one_week = _bar_left(page, "week-2024-01-15-CONSULT") - _bar_left(page, "week-2024-01-08-CONSULT")
    nine_weeks = _bar_left(page, "week-2024-03-11-CONSULT") - _bar_left(page, "week-2024-01-08-CONSULT")
    assert one_week > 0 and nine_weeks / one_week == pytest.approx(9, rel=0.02)


def test_heat_map_links_each_actor_to_its_page(report_file: Path) -> None:
    page = lxml.html.parse(str(report_file)).getroot()
    heat = page.get_element_by_id("actor-pairs")
    svg_links = set(heat.xpath(".//*[local-name()='a']/@*[local-name()='href']"))
    assert {"#actor-IRN", "#actor-USA", "#actor-EGY"} <= svg_links
    irn = page.get_element_by_id("actor-IRN")
    assert "actor-page" in irn.get("class") and irn.findall(".//{*}svg")
    rows = [[td.text_content() for td in tr.iter("td")] for tr in irn.iter("tr")][1:]
    # Iran's claims of the period, oldest first, by type and role: the Muscat talks (two
    # articles), then the threat it received.
    assert [(r[1], r[2]) for r in rows] == [("CONSULT", "party"), ("CONSULT", "party"), ("THREATEN", "target")]
    assert rows[0][3] == "OMN, USA" and TALKS_1 in rows[0][5] and rows[2][3] == "USA"
    # Every link target exists: an actor page per actor of the heat map.
    ids = set(page.xpath("//@id"))
    assert {link[1:] for link in svg_links} <= ids


def test_bad_date_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as exit_info:
        run_cli("--since", "last tuesday", "--out", str(tmp_path / "r.html"))
    assert exit_info.value.code == 2


def test_report_in_a_headless_browser(report_file: Path) -> None:
    from support.browser import ARTIFACTS, browser_page

    with browser_page(width=1300, height=900) as page:
        page.goto(report_file.as_uri())
        evidence = page.locator("td.evidence").first
        assert evidence.evaluate("e => getComputedStyle(e).direction") == "rtl"
        assert evidence.inner_text().strip() == THREAT
        # Right to left: the text hugs the right edge of its cell.
        box = evidence.evaluate(
            "e => { const r = document.createRange(); r.selectNodeContents(e);"
            " const t = r.getBoundingClientRect(), c = e.getBoundingClientRect();"
            " return {left: t.left - c.left, right: c.right - t.right}; }"
        )
        assert box["right"] < box["left"]
        for section in ("events-per-week", "actor-pairs"):
            size = page.locator(f"#{section} svg").bounding_box()
            assert size and size["width"] > 200 and size["height"] > 150, section
        ARTIFACTS.mkdir(exist_ok=True)
        shot = ARTIFACTS / "report.png"
        page.screenshot(path=str(shot), full_page=True)
        assert shot.stat().st_size > 20_000
        # An actor's page shows only when it is the target of a link, over the report.
        assert not page.locator("#actor-IRN").is_visible()
        page.locator(".actor-links a", has_text="IRN").click()
        assert page.locator("#actor-IRN").is_visible() and page.locator("#actor-IRN svg").bounding_box()
        page.screenshot(path=str(ARTIFACTS / "report_actor_IRN.png"))
