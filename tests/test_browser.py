"""The report in a real browser: headless Chromium, offline, from file://.

Needs the Debian `chromium` package and the `playwright` Python package (its
own browser download is never used: we point it at the system Chromium).
"""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from discourse.report import MIN_AUTHORS, render_report

pytestmark = pytest.mark.browser

FIXTURE = Path(__file__).parent / "fixtures" / "summary_sample.json"
ARTIFACTS = Path(__file__).parent / "artifacts"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def _chromium() -> str | None:
    for candidate in (os.environ.get("DISCOURSE_CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and Path(candidate).is_file():
            return candidate
    return None


@pytest.fixture(scope="module")
def summary() -> dict:
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright (never `playwright install`)")
    executable = _chromium()
    if executable is None:
        pytest.skip("no Chromium: apt-get install chromium (or set DISCOURSE_CHROMIUM)")
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


class Watch:
    """Everything that went wrong while a page was open."""

    def __init__(self, page) -> None:
        self.errors: list[str] = []
        self.blocked: list[str] = []
        self.dialogs: list[str] = []
        page.on("console", lambda msg: msg.type == "error" and self.errors.append(f"console: {msg.text}"))
        page.on("pageerror", lambda exc: self.errors.append(f"pageerror: {exc}"))
        page.on("dialog", self._dialog)
        page.route("**/*", self._route)

    def _dialog(self, dialog) -> None:
        # An alert() means scraped text ran as script.
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _route(self, route) -> None:
        url = route.request.url
        if url.startswith(("file:", "data:")):
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()

    def assert_clean(self) -> None:
        assert self.errors == []
        assert self.blocked == [], "the report must load nothing from the network"
        assert self.dialogs == [], "scraped text was executed"


@pytest.fixture()
def opened(browser, summary, tmp_path):
    index = render_report(summary, tmp_path / "reports", lang="zh")
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    watch = Watch(page)
    page.goto(index.as_uri())
    page.wait_for_load_state("load")
    yield page, watch, index
    page.close()


def _points(page, div_id: str) -> int:
    page.wait_for_selector(f"#{div_id} svg.main-svg", timeout=15_000)
    return page.evaluate(
        "(id) => document.querySelectorAll('#' + id + ' svg.main-svg .scatterlayer .point').length", div_id
    )


def test_charts_render_offline_without_errors(opened, summary):
    page, watch, _ = opened
    charted = [d for d in summary["directions"] if d["authors"] >= MIN_AUTHORS]
    assert _points(page, "ranking-chart") == len(charted)
    mapped = [a for a in summary["answers"] if a.get("x") is not None]
    assert _points(page, "topic-map") == len(mapped)
    # Axis ticks carry the direction names, hostile ones as literal text.
    ticks = page.eval_on_selector_all("#ranking-chart .ytick text", "els => els.map(e => e.textContent)")
    assert "计算机视觉 (CV)" in ticks
    watch.assert_clean()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "report.png"), full_page=True)


def test_hostile_text_stays_text_in_the_dom(opened):
    page, watch, _ = opened
    scripts = page.eval_on_selector_all("script", "els => els.map(e => e.id || e.getAttribute('src'))")
    assert scripts == ["ranking-data", "topicmap-data", "assets/plotly.min.js", "report-js"]
    # Plotly adds its own SVG; nothing else may carry event handlers or images.
    assert page.evaluate("document.querySelectorAll('img, iframe').length") == 0
    handlers = page.evaluate(
        "[...document.querySelectorAll('*')].flatMap(e => [...e.attributes]"
        ".filter(a => a.name.startsWith('on')).map(a => e.tagName + ' ' + a.name))"
    )
    assert handlers == []
    body = page.inner_text("body")
    assert "<script>alert(1)</script>" in body
    watch.assert_clean()


def test_sorting_and_anchors_work(opened, summary):
    page, watch, _ = opened
    first = lambda: page.inner_text("#ranking-table tbody tr:first-child td:first-child")
    by_score = sorted(summary["directions"], key=lambda d: d["score"])
    assert first() == by_score[0]["name"]
    # The score column starts ascending; one click sorts it descending.
    page.click("#ranking-table thead th:nth-child(5)")
    assert first() == by_score[-1]["name"]
    # A quote's link opens the (collapsed) answer it came from.
    stance = summary["stances"][0]
    answer = f"a-{stance['answer_id']}"
    assert page.evaluate(f"document.getElementById('{answer}').open") is False
    page.click(f"#d-{stance['direction']} > summary")
    page.click(f"#d-{stance['direction']} a[href='#{answer}']")
    page.wait_for_function(f"document.getElementById('{answer}').open")
    watch.assert_clean()
